#pragma once

// The text header that model and policy artifacts start with: a magic line, then "key=value"
// lines, the last of which gives the byte count of the body after it ("weights=1234"). Numbers
// are written with 17 significant digits, so doubles read back exactly. C++17 (the LibTorch
// translation units include it).
#include "dataset.h"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace bcf::ml {

std::string artifactNumber(double value);
std::string artifactNumbers(const std::vector<double> &values);
std::vector<double> parseArtifactNumbers(const std::string &text);

class ArtifactWriter {
public:
    explicit ArtifactWriter(const std::string &magic) : m_text(magic + "\n") {}
    void put(const std::string &key, const std::string &value) { m_text += key + "=" + value + "\n"; }
    // The features, window, horizon, split and the normaliser: what serving needs of a dataset.
    void putDataset(const DatasetSpec &dataset, const Normaliser &normaliser);
    // The header, then the body.
    std::string finish(const std::string &body) const;

private:
    std::string m_text;
};

class ArtifactReader {
public:
    // Throws std::invalid_argument "<what>: …" (e.g. "model artifact: …") when the magic line differs (another
    // kind of artifact or a newer format), a line is malformed or the body is cut short.
    ArtifactReader(const std::string &artifact, const std::string &magic, const std::string &what);

    // The value of `key`; throws std::invalid_argument naming the key when it is missing.
    const std::string &field(const std::string &key) const;
    int integer(const std::string &key) const;
    double real(const std::string &key) const;
    void dataset(DatasetSpec &dataset, Normaliser &normaliser) const;
    const std::string &body() const { return m_body; }
    [[noreturn]] void fail(const std::string &why) const;

private:
    std::string m_what;
    std::map<std::string, std::string> m_fields;
    std::vector<std::string> m_features;
    std::string m_body;
};

// True when `artifact` starts with the magic line `magic`.
bool hasMagic(const std::string &artifact, const std::string &magic);

} // namespace bcf::ml
