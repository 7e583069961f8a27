#pragma once

#include "common/database.h"
#include "core/clock.h"
#include "core/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bcf::server {

// One version of a named model (docs/ml.md, "Registry").
struct ModelVersionRecord {
    std::int64_t id = 0;
    std::string name;
    int version = 0;
    std::string architecture;
    std::string task;
    std::string spec;                    // bcf.v1.TrainingSpec, serialized (empty in lists)
    std::string report;                  // bcf.v1.TrainingReport, serialized (empty in lists)
    bool live = false;
    std::int64_t jobId = 0;              // 0 once the job row is gone
    std::int64_t artifactBytes = 0;
    std::string artifactSha256;
    std::uint64_t owner = 0;
    std::string ownerName;
    TimePoint created{};
    std::optional<std::string> artifact; // only when asked for
};

struct NewModelVersion {
    std::string name;
    std::uint64_t owner = 0;
    std::int64_t jobId = 0;
    std::string architecture;
    std::string task;
    std::string spec;
    std::string report;
    std::string artifact;
};

// A point-in-time prediction: made at the close of the bar that opened at barTime.
struct StoredPrediction {
    TimePoint barTime{};
    double value = 0;
    TimePoint madeAt{};
};

// The model registry in PostgreSQL: names, versions, artifacts, the live version of each name,
// stored predictions. Thread-safe (each call uses its own pooled connection).
class ModelRegistry final {
public:
    explicit ModelRegistry(Database &database) : m_database(database) {}

    // A valid model name: 1 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit.
    static bool validName(const std::string &name);

    // Adds the next version of `name`, creating the model (owned by `owner`) when it is new.
    // Idempotent per job: a job that already added a version (its node died before it could
    // record the result, and another node ran it again) gets that version back.
    Result<ModelVersionRecord> add(const NewModelVersion &version);

    // Versions of `name`, newest first; with an empty name the newest version of every model
    // (and the live one where that is another). Without spec, report and artifact.
    Result<std::vector<ModelVersionRecord>> list(const std::string &name);

    // `version` 0: the live version, or the newest when none is live. NotFound naming what is
    // missing.
    Result<ModelVersionRecord> get(const std::string &name, int version, bool withArtifact);

    // Makes the version live (the previous live version of the name stops being live).
    Result<ModelVersionRecord> promote(const std::string &name, int version);

    // The model's owner; nullopt when no model has that name.
    Result<std::optional<std::uint64_t>> ownerOf(const std::string &name);

    // Stores predictions of a version for one instrument and timeframe (existing bars are kept:
    // a prediction, once made, is not rewritten). Returns how many were new.
    Result<std::size_t> storePredictions(std::int64_t versionId, const std::string &exchange,
                                         const std::string &symbol, const std::string &timeframe,
                                         const std::vector<StoredPrediction> &predictions);

    // Stored predictions with from <= bar_time < to, oldest first.
    Result<std::vector<StoredPrediction>> predictions(std::int64_t versionId,
                                                      const std::string &exchange,
                                                      const std::string &symbol,
                                                      const std::string &timeframe, TimePoint from,
                                                      TimePoint to);

private:
    Database &m_database;
};

} // namespace bcf::server
