#include "common/model_registry.h"

#include "common/hex.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <regex>

namespace bcf::server {

namespace {

// Light columns first; spec, report and artifact as hex only when asked for.
#define BCF_MODEL_COLUMNS(payload, artifact)                                                        \
    "v.id, v.name, v.version, v.architecture, v.task, " payload ", v.live, coalesce(v.job_id, 0),"  \
    " octet_length(v.artifact), v.artifact_sha256, v.owner_id, u.username,"                          \
    " floor(extract(epoch FROM v.created_at) * 1000)::bigint, " artifact                            \
    " FROM model_versions v JOIN users u ON u.id = v.owner_id"
#define BCF_MODEL_LIGHT BCF_MODEL_COLUMNS("''::text, ''::text", "NULL::text")
#define BCF_MODEL_FULL BCF_MODEL_COLUMNS("encode(v.spec, 'hex'), encode(v.report, 'hex')", "NULL::text")
#define BCF_MODEL_WITH_ARTIFACT                                                                     \
    BCF_MODEL_COLUMNS("encode(v.spec, 'hex'), encode(v.report, 'hex')", "encode(v.artifact, 'hex')")

TimePoint fromMs(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

ModelVersionRecord readVersion(const pqxx::row &row)
{
    ModelVersionRecord v;
    v.id = row[0].as<std::int64_t>();
    v.name = row[1].as<std::string>();
    v.version = row[2].as<int>();
    v.architecture = row[3].as<std::string>();
    v.task = row[4].as<std::string>();
    v.spec = fromHex(row[5].as<std::string>());
    v.report = fromHex(row[6].as<std::string>());
    v.live = row[7].as<bool>();
    v.jobId = row[8].as<std::int64_t>();
    v.artifactBytes = row[9].as<std::int64_t>();
    v.artifactSha256 = row[10].as<std::string>();
    v.owner = row[11].as<std::uint64_t>();
    v.ownerName = row[12].as<std::string>();
    v.created = fromMs(row[13].as<std::int64_t>());
    if (!row[14].is_null())
        v.artifact = fromHex(row[14].as<std::string>());
    return v;
}

std::string sha256Hex(const std::string &bytes)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
    return toHex(std::string_view(reinterpret_cast<const char *>(digest), length));
}

std::unexpected<Error> notFound(const std::string &name, int version)
{
    return makeError(ErrorCode::NotFound,
                     version > 0 ? "model '" + name + "' has no version " + std::to_string(version)
                                 : "no model is called '" + name + "'");
}

} // namespace

bool ModelRegistry::validName(const std::string &name)
{
    static const std::regex pattern("^[a-z0-9][a-z0-9._-]{0,63}$");
    return std::regex_match(name, pattern);
}

Result<ModelVersionRecord> ModelRegistry::add(const NewModelVersion &version)
{
    if (!validName(version.name))
        return makeError(ErrorCode::InvalidArgument,
                         "model name: '" + version.name
                             + "' must be 1 to 64 of a-z, 0-9, '.', '_' and '-', starting with a "
                               "letter or digit");
    const std::string sha = sha256Hex(version.artifact);
    return m_database.run([&](pqxx::connection &connection) -> Result<ModelVersionRecord> {
        pqxx::work tx(connection);
        tx.exec_params0("INSERT INTO models (name, owner_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                        version.name, version.owner);
        // The model's row serialises version numbers of one name.
        tx.exec_params1("SELECT 1 FROM models WHERE name = $1 FOR UPDATE", version.name);
        if (version.jobId != 0) {
            const auto existing = tx.exec_params(
                "SELECT " BCF_MODEL_FULL " WHERE v.job_id = $1", version.jobId);
            if (!existing.empty()) {
                tx.commit();
                return readVersion(existing[0]);
            }
        }
        const auto id = tx.exec_params1(
            "INSERT INTO model_versions (name, version, job_id, owner_id, architecture, task, spec,"
            " report, artifact, artifact_sha256) VALUES ($1,"
            " (SELECT coalesce(max(version), 0) + 1 FROM model_versions WHERE name = $1),"
            " nullif($2, 0), $3, $4, $5, decode($6, 'hex'), decode($7, 'hex'), decode($8, 'hex'), $9)"
            " RETURNING id",
            version.name, version.jobId, version.owner, version.architecture, version.task,
            toHex(version.spec), toHex(version.report), toHex(version.artifact), sha)[0]
                            .as<std::int64_t>();
        const auto row = tx.exec_params1("SELECT " BCF_MODEL_FULL " WHERE v.id = $1", id);
        tx.commit();
        return readVersion(row);
    });
}

Result<std::vector<ModelVersionRecord>> ModelRegistry::list(const std::string &name)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::read_transaction tx(connection);
        const auto rows =
            name.empty()
                ? tx.exec("SELECT " BCF_MODEL_LIGHT " WHERE v.live OR v.version ="
                          " (SELECT max(version) FROM model_versions w WHERE w.name = v.name)"
                          " ORDER BY v.created_at DESC, v.id DESC")
                : tx.exec_params("SELECT " BCF_MODEL_LIGHT " WHERE v.name = $1"
                                 " ORDER BY v.version DESC",
                                 name);
        std::vector<ModelVersionRecord> versions;
        for (const auto &row : rows)
            versions.push_back(readVersion(row));
        return versions;
    });
}

Result<ModelVersionRecord> ModelRegistry::get(const std::string &name, int version,
                                              bool withArtifact)
{
    return m_database.run([&](pqxx::connection &connection) -> Result<ModelVersionRecord> {
        pqxx::read_transaction tx(connection);
        const std::string columns = withArtifact ? "SELECT " BCF_MODEL_WITH_ARTIFACT
                                                 : "SELECT " BCF_MODEL_FULL;
        const auto rows =
            version > 0
                ? tx.exec_params(columns + " WHERE v.name = $1 AND v.version = $2", name, version)
                : tx.exec_params(columns + " WHERE v.name = $1 ORDER BY v.live DESC,"
                                           " v.version DESC LIMIT 1",
                                 name);
        if (rows.empty())
            return notFound(name, version);
        return readVersion(rows[0]);
    });
}

Result<ModelVersionRecord> ModelRegistry::promote(const std::string &name, int version)
{
    return m_database.run([&](pqxx::connection &connection) -> Result<ModelVersionRecord> {
        pqxx::work tx(connection);
        if (tx.exec_params("SELECT 1 FROM models WHERE name = $1 FOR UPDATE", name).empty())
            return notFound(name, 0);
        if (tx.exec_params("SELECT 1 FROM model_versions WHERE name = $1 AND version = $2", name,
                           version)
                .empty())
            return notFound(name, version);
        tx.exec_params0("UPDATE model_versions SET live = false WHERE name = $1 AND live", name);
        tx.exec_params0("UPDATE model_versions SET live = true WHERE name = $1 AND version = $2",
                        name, version);
        const auto row = tx.exec_params1(
            "SELECT " BCF_MODEL_FULL " WHERE v.name = $1 AND v.version = $2", name, version);
        tx.commit();
        return readVersion(row);
    });
}

Result<std::optional<std::uint64_t>> ModelRegistry::ownerOf(const std::string &name)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::read_transaction tx(connection);
        const auto rows = tx.exec_params("SELECT owner_id FROM models WHERE name = $1", name);
        return rows.empty() ? std::optional<std::uint64_t>()
                            : std::optional<std::uint64_t>(rows[0][0].as<std::uint64_t>());
    });
}

Result<std::size_t> ModelRegistry::storePredictions(std::int64_t versionId,
                                                    const std::string &exchange,
                                                    const std::string &symbol,
                                                    const std::string &timeframe,
                                                    const std::vector<StoredPrediction> &predictions)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        std::size_t added = 0;
        // Arrays in batches: one statement per 5000 predictions.
        constexpr std::size_t kBatch = 5000;
        for (std::size_t first = 0; first < predictions.size(); first += kBatch) {
            const std::size_t last = std::min(predictions.size(), first + kBatch);
            std::string times = "{", values = "{", made = "{";
            for (std::size_t i = first; i < last; ++i) {
                const char *comma = i == first ? "" : ",";
                times += comma + std::to_string(toUnixMillis(predictions[i].barTime));
                values += comma + fmt::format("{}", predictions[i].value);
                made += comma + std::to_string(toUnixMillis(predictions[i].madeAt));
            }
            times += "}";
            values += "}";
            made += "}";
            const auto result = tx.exec_params(
                "INSERT INTO model_predictions (version_id, exchange, symbol, timeframe, bar_time,"
                " value, made_at) SELECT $1, $2, $3, $4, timestamptz 'epoch' + t * interval '1 millisecond', v,"
                " timestamptz 'epoch' + m * interval '1 millisecond' FROM unnest($5::bigint[], $6::float8[], $7::bigint[])"
                " AS p(t, v, m) ON CONFLICT DO NOTHING",
                versionId, exchange, symbol, timeframe, times, values, made);
            added += std::size_t(result.affected_rows());
        }
        tx.commit();
        return added;
    });
}

Result<std::vector<StoredPrediction>>
ModelRegistry::predictions(std::int64_t versionId, const std::string &exchange,
                           const std::string &symbol, const std::string &timeframe, TimePoint from,
                           TimePoint to)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::read_transaction tx(connection);
        const auto rows = tx.exec_params(
            "SELECT floor(extract(epoch FROM bar_time) * 1000)::bigint, value,"
            " floor(extract(epoch FROM made_at) * 1000)::bigint FROM model_predictions"
            " WHERE version_id = $1 AND exchange = $2 AND symbol = $3 AND timeframe = $4"
            " AND bar_time >= timestamptz 'epoch' + $5 * interval '1 millisecond'"
            " AND bar_time < timestamptz 'epoch' + $6 * interval '1 millisecond'"
            " ORDER BY bar_time",
            versionId, exchange, symbol, timeframe, toUnixMillis(from), toUnixMillis(to));
        std::vector<StoredPrediction> out;
        out.reserve(rows.size());
        for (const auto &row : rows)
            out.push_back({fromMs(row[0].as<std::int64_t>()), row[1].as<double>(),
                           fromMs(row[2].as<std::int64_t>())});
        return out;
    });
}

} // namespace bcf::server
