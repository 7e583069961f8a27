#include "bots/snapshot_text.h"

#include <charconv>

namespace bcf::bots {

std::vector<std::string_view> split(std::string_view text, char separator)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos)
            return parts;
        start = end + 1;
    }
}

std::string keyText(const std::string &key)
{
    return key.empty() ? std::string("-") : key;
}

SnapshotReader::SnapshotReader(std::string what, const std::string &text, std::string_view header)
    : m_what(std::move(what))
{
    std::vector<std::string_view> lines = split(text, '\n');
    if (!lines.empty() && lines.back().empty())
        lines.pop_back();
    if (lines.empty() || lines.front() != header) {
        fail("it does not start with \"" + std::string(header) + "\"");
        return;
    }
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const std::size_t equals = lines[i].find('=');
        if (equals == std::string_view::npos || equals == 0) {
            fail("line " + std::to_string(i + 1) + " is not key=value");
            return;
        }
        const std::string key(lines[i].substr(0, equals));
        if (!m_values.emplace(key, std::string(lines[i].substr(equals + 1))).second) {
            fail(key + " appears twice");
            return;
        }
    }
}

std::vector<std::string> SnapshotReader::take(const std::string &key, std::size_t count)
{
    const auto found = m_values.find(key);
    if (found == m_values.end()) {
        fail(key + " is missing");
        return std::vector<std::string>(count);
    }
    std::vector<std::string> parts;
    for (std::string_view part : split(found->second, ' '))
        parts.emplace_back(part);
    m_values.erase(found);
    if (parts.size() != count) {
        fail(key + " needs " + std::to_string(count) + " values");
        return std::vector<std::string>(count);
    }
    return parts;
}

std::int64_t SnapshotReader::integer(const std::string &text, const std::string &field, std::int64_t minimum,
                                     std::int64_t maximum)
{
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < minimum ||
        value > maximum) {
        fail(field + " \"" + text + "\" is not an integer in " + std::to_string(minimum) + ".." +
             std::to_string(maximum));
        return minimum;
    }
    return value;
}

bool SnapshotReader::flag(const std::string &text, const std::string &field)
{
    return integer(text, field, 0, 1) == 1;
}

std::string SnapshotReader::key(const std::string &text, const std::string &field, std::string_view prefix)
{
    if (text == "-")
        return {};
    if (!text.starts_with(prefix))
        fail(field + " \"" + text + "\" is not a key of this bot");
    return text;
}

void SnapshotReader::fail(const std::string &message)
{
    if (!m_error)
        m_error = Error{ErrorCode::InvalidArgument, m_what + ": " + message};
}

std::optional<Error> SnapshotReader::finish()
{
    if (!m_error && !m_values.empty())
        fail("unknown key " + m_values.begin()->first);
    return m_error;
}

} // namespace bcf::bots
