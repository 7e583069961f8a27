#include "artifact_text.h"

#include <cstdio>
#include <locale>
#include <sstream>
#include <stdexcept>

namespace bcf::ml {

std::string artifactNumber(double value)
{
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

std::string artifactNumbers(const std::vector<double> &values)
{
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i)
        out += (i ? " " : "") + artifactNumber(values[i]);
    return out;
}

std::vector<double> parseArtifactNumbers(const std::string &text)
{
    std::vector<double> values;
    std::istringstream in(text);
    in.imbue(std::locale::classic());
    double v = 0;
    while (in >> v)
        values.push_back(v);
    return values;
}

void ArtifactWriter::putDataset(const DatasetSpec &dataset, const Normaliser &normaliser)
{
    put("window", std::to_string(dataset.window));
    put("horizon", std::to_string(dataset.horizon));
    put("train_fraction", artifactNumber(dataset.trainFraction));
    put("validation_fraction", artifactNumber(dataset.validationFraction));
    put("embargo", std::to_string(dataset.embargo));
    for (const auto &feature : dataset.features)
        put("feature", feature); // features never hold a newline (checked by checkFeatures)
    put("mean", artifactNumbers(normaliser.mean));
    put("stddev", artifactNumbers(normaliser.stddev));
}

std::string ArtifactWriter::finish(const std::string &body) const
{
    return m_text + "weights=" + std::to_string(body.size()) + "\n" + body;
}

bool hasMagic(const std::string &artifact, const std::string &magic)
{
    return artifact.size() > magic.size() && artifact.compare(0, magic.size(), magic) == 0
           && artifact[magic.size()] == '\n';
}

ArtifactReader::ArtifactReader(const std::string &artifact, const std::string &magic, const std::string &what)
    : m_what(what)
{
    if (!hasMagic(artifact, magic))
        fail("not a BotCriptoFy2 " + what + " (or a newer format than " + magic + ")");
    std::size_t pos = magic.size() + 1;
    std::size_t bodyBytes = 0;
    bool sized = false;
    while (!sized) {
        const auto end = artifact.find('\n', pos);
        if (end == std::string::npos)
            break;
        const std::string text = artifact.substr(pos, end - pos);
        pos = end + 1;
        const auto eq = text.find('=');
        if (eq == std::string::npos)
            fail("malformed header line \"" + text + "\"");
        const std::string key = text.substr(0, eq);
        const std::string value = text.substr(eq + 1);
        if (key == "feature") {
            m_features.push_back(value);
        } else if (key == "weights") {
            bodyBytes = std::stoull(value);
            sized = true;
        } else {
            m_fields[key] = value;
        }
    }
    if (!sized || bodyBytes == 0 || artifact.size() - pos != bodyBytes)
        fail("the weights are missing or cut short");
    m_body = artifact.substr(pos);
}

void ArtifactReader::fail(const std::string &why) const
{
    throw std::invalid_argument(m_what + ": " + why);
}

const std::string &ArtifactReader::field(const std::string &key) const
{
    const auto it = m_fields.find(key);
    if (it == m_fields.end())
        fail("no \"" + key + "\"");
    return it->second;
}

int ArtifactReader::integer(const std::string &key) const
{
    const std::string &value = field(key);
    try {
        return std::stoi(value);
    } catch (const std::logic_error &) {
        fail("\"" + key + "\" is not a whole number");
    }
}

double ArtifactReader::real(const std::string &key) const
{
    const std::string &value = field(key);
    try {
        return std::stod(value);
    } catch (const std::logic_error &) {
        fail("\"" + key + "\" is not a number");
    }
}

void ArtifactReader::dataset(DatasetSpec &dataset, Normaliser &normaliser) const
{
    dataset.features = m_features;
    dataset.window = integer("window");
    dataset.horizon = integer("horizon");
    dataset.trainFraction = real("train_fraction");
    dataset.validationFraction = real("validation_fraction");
    dataset.embargo = integer("embargo");
    normaliser.mean = parseArtifactNumbers(field("mean"));
    normaliser.stddev = parseArtifactNumbers(field("stddev"));
    if (m_features.empty() || normaliser.mean.size() != m_features.size()
        || normaliser.stddev.size() != m_features.size())
        fail("one mean and one deviation per feature are needed");
}

} // namespace bcf::ml
