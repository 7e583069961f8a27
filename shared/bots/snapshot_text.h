#pragma once

#include "core/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The text format of the grid and DCA bots' snapshots: a header line, then key=value lines whose
// values are separated by spaces (docs/bots-grid-dca.md, "Snapshots").
namespace bcf::bots {

// `text` cut at every `separator` (empty parts kept).
std::vector<std::string_view> split(std::string_view text, char separator);
// A decision key as one word: "-" for none.
std::string keyText(const std::string &key);

// Reads "header\nkey=value\n…": every key exactly once, values split on spaces. The first
// problem is kept and later reads return defaults, so a caller reads everything and checks once
// with finish(). Messages start with `what` ("grid snapshot: …").
class SnapshotReader {
public:
    SnapshotReader(std::string what, const std::string &text, std::string_view header);

    // The `count` values of `key` (removed from what is left to read).
    std::vector<std::string> take(const std::string &key, std::size_t count);

    template <typename D>
    D decimal(const std::string &text, const std::string &field)
    {
        if (m_error)
            return D();
        auto value = D::parse(text);
        if (!value) {
            fail(field + ": " + value.error().message);
            return D();
        }
        return *value;
    }

    std::int64_t integer(const std::string &text, const std::string &field, std::int64_t minimum,
                         std::int64_t maximum);
    bool flag(const std::string &text, const std::string &field);
    // "-" is no key; otherwise the key must start with `prefix`.
    std::string key(const std::string &text, const std::string &field, std::string_view prefix);
    void fail(const std::string &message);
    // The first problem, or an unknown key left over.
    std::optional<Error> finish();

private:
    std::string m_what;
    std::map<std::string, std::string> m_values;
    std::optional<Error> m_error;
};

} // namespace bcf::bots
