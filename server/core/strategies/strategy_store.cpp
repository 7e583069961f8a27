#include "strategies/strategy_store.h"

#include "strategy/compiler.h"

#include <optional>

namespace bcf::core {
namespace {

// Timestamps cross the boundary as Unix milliseconds.
#define BCF_UNIX_MS(column) "floor(extract(epoch FROM " column ") * 1000)::bigint"

std::string quotedName(const std::string &name)
{
    return "\"" + name + "\"";
}

Error notFound(const std::string &name)
{
    return {ErrorCode::NotFound, "There is no strategy named " + quotedName(name) + "."};
}

// The code points of UTF-8 text; nullopt when it is not valid UTF-8.
std::optional<std::u32string> decodeUtf8(std::string_view text)
{
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        int extra = 0;
        char32_t value = 0;
        if (lead < 0x80) {
            value = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            extra = 1;
            value = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            extra = 2;
            value = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            extra = 3;
            value = lead & 0x07;
        } else {
            return std::nullopt;
        }
        if (i + std::size_t(extra) >= text.size())
            return std::nullopt; // cut short
        for (int k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(text[i + std::size_t(k)]);
            if ((next & 0xC0) != 0x80)
                return std::nullopt;
            value = (value << 6) | (next & 0x3F);
        }
        constexpr char32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
        if (value < kSmallest[extra] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
            return std::nullopt; // overlong, out of range or a surrogate
        out.push_back(value);
        i += std::size_t(extra) + 1;
    }
    return out;
}

bool isControl(char32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

Error invalid(std::string message)
{
    return {ErrorCode::InvalidArgument, std::move(message)};
}

StrategyVersion readVersion(const pqxx::row &row)
{
    StrategyVersion out;
    out.strategyId = row[0].as<std::int64_t>();
    out.name = row[1].as<std::string>();
    out.version = row[2].as<int>();
    out.source = row[3].as<std::string>();
    out.comment = row[4].as<std::string>();
    out.createdAt = fromUnixMillis(row[5].as<long long>());
    out.author = row[6].as<std::string>();
    return out;
}

constexpr const char *kVersionColumns =
    "s.id, s.name, v.version, v.source, v.comment, " BCF_UNIX_MS("v.created_at")
    ", coalesce(u.username, '')"
    " FROM strategies s JOIN strategy_versions v ON v.strategy_id = s.id"
    " LEFT JOIN users u ON u.id = v.author_id";

} // namespace

Status checkStrategyName(std::string_view name)
{
    if (name.empty())
        return std::unexpected(invalid("Enter a name for the strategy."));
    const auto decoded = decodeUtf8(name);
    if (!decoded)
        return std::unexpected(invalid("The strategy's name is not valid UTF-8 text."));
    if (decoded->size() > kMaxStrategyNameCharacters)
        return std::unexpected(invalid("The strategy's name has "
                                       + std::to_string(decoded->size())
                                       + " characters; at most "
                                       + std::to_string(kMaxStrategyNameCharacters)
                                       + " are allowed."));
    for (char32_t c : *decoded) {
        if (isControl(c))
            return std::unexpected(
                invalid("The strategy's name must not contain line breaks, tabs or other "
                        "control characters."));
    }
    if (decoded->front() == U' ' || decoded->back() == U' ')
        return std::unexpected(
            invalid("The strategy's name must not start or end with a space."));
    return {};
}

Status checkStrategySource(std::string_view source)
{
    if (source.size() > kMaxStrategySourceBytes)
        return std::unexpected(invalid("The strategy's source has " + std::to_string(source.size())
                                       + " bytes; at most "
                                       + std::to_string(kMaxStrategySourceBytes)
                                       + " are allowed."));
    auto compiled = strategy::compileStrategy(source);
    if (!compiled)
        return std::unexpected(invalid(compiled.error().toString()));
    return {};
}

Status checkStrategyComment(std::string_view comment)
{
    const auto decoded = decodeUtf8(comment);
    if (!decoded)
        return std::unexpected(invalid("The comment is not valid UTF-8 text."));
    if (decoded->size() > kMaxStrategyCommentCharacters)
        return std::unexpected(invalid("The comment has " + std::to_string(decoded->size())
                                       + " characters; at most "
                                       + std::to_string(kMaxStrategyCommentCharacters)
                                       + " are allowed."));
    for (char32_t c : *decoded) {
        if (isControl(c) && c != U'\n' && c != U'\r' && c != U'\t')
            return std::unexpected(invalid("The comment must not contain control characters."));
    }
    return {};
}

Result<StrategyVersion> StrategyStore::save(std::int64_t ownerId, std::int64_t authorId,
                                            const std::string &name, const std::string &source,
                                            const std::string &comment, int expectedVersion)
{
    if (expectedVersion < 0)
        return std::unexpected(invalid("The expected version must not be negative."));
    const long long now = toUnixMillis(m_clock.now());
    return m_database.run([&](pqxx::connection &connection) -> Result<StrategyVersion> {
        pqxx::work tx(connection);
        std::int64_t id = 0;
        int version = 0;
        if (expectedVersion == 0) {
            // ON CONFLICT rather than a unique violation: the name being taken is an expected
            // answer, and a concurrent create of the same name waits for the first and then
            // finds it taken.
            const auto created = tx.exec_params(
                "INSERT INTO strategies (owner_id, name, latest_version, created_at, updated_at)"
                " VALUES ($1, $2, 1, to_timestamp($3::float8 / 1000),"
                " to_timestamp($3::float8 / 1000))"
                " ON CONFLICT (owner_id, name) DO NOTHING RETURNING id",
                ownerId, name, now);
            if (created.empty())
                return makeError(ErrorCode::AlreadyExists,
                                 "A strategy named " + quotedName(name)
                                     + " already exists; open it to save a new version, or "
                                       "choose another name.");
            id = created[0][0].as<std::int64_t>();
            version = 1;
        } else {
            // The row lock of the UPDATE orders concurrent saves: the second one re-checks
            // latest_version after the first commits and matches no row.
            const auto bumped = tx.exec_params(
                "UPDATE strategies SET latest_version = latest_version + 1,"
                " updated_at = to_timestamp($4::float8 / 1000)"
                " WHERE owner_id = $1 AND name = $2 AND latest_version = $3"
                " RETURNING id, latest_version",
                ownerId, name, expectedVersion, now);
            if (bumped.empty()) {
                const auto current = tx.exec_params(
                    "SELECT latest_version FROM strategies WHERE owner_id = $1 AND name = $2",
                    ownerId, name);
                if (current.empty())
                    return std::unexpected(notFound(name));
                return makeError(ErrorCode::FailedPrecondition,
                                 "Strategy " + quotedName(name)
                                     + " changed on the server since you opened it: version "
                                     + std::to_string(current[0][0].as<int>())
                                     + " is the latest.");
            }
            id = bumped[0][0].as<std::int64_t>();
            version = bumped[0][1].as<int>();
        }
        tx.exec_params0("INSERT INTO strategy_versions"
                        " (strategy_id, version, source, comment, author_id, created_at)"
                        " VALUES ($1, $2, $3, $4, $5, to_timestamp($6::float8 / 1000))",
                        id, version, source, comment, authorId, now);
        const auto saved = tx.exec_params1(std::string("SELECT ") + kVersionColumns
                                               + " WHERE s.id = $1 AND v.version = $2",
                                           id, version);
        tx.commit();
        return readVersion(saved);
    });
}

Result<StrategyVersion> StrategyStore::get(std::int64_t ownerId, const std::string &name,
                                           int version)
{
    if (version < 0)
        return std::unexpected(invalid("The version must not be negative."));
    return m_database.run([&](pqxx::connection &connection) -> Result<StrategyVersion> {
        pqxx::read_transaction tx(connection);
        const auto rows = tx.exec_params(
            std::string("SELECT ") + kVersionColumns
                + " WHERE s.owner_id = $1 AND s.name = $2 AND v.version ="
                  " CASE WHEN $3::integer = 0 THEN s.latest_version ELSE $3::integer END",
            ownerId, name, version);
        if (!rows.empty())
            return readVersion(rows[0]);
        const auto latest = tx.exec_params(
            "SELECT latest_version FROM strategies WHERE owner_id = $1 AND name = $2", ownerId,
            name);
        if (latest.empty())
            return std::unexpected(notFound(name));
        return makeError(ErrorCode::NotFound,
                         "Strategy " + quotedName(name) + " has no version "
                             + std::to_string(version) + "; the latest is "
                             + std::to_string(latest[0][0].as<int>()) + ".");
    });
}

Result<std::vector<StrategySummary>> StrategyStore::list(std::int64_t ownerId)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection);
        const auto rows = tx.exec_params(
            "SELECT id, name, latest_version, " BCF_UNIX_MS("updated_at")
            " FROM strategies WHERE owner_id = $1 ORDER BY lower(name), name",
            ownerId);
        std::vector<StrategySummary> out;
        out.reserve(rows.size());
        for (const auto &row : rows)
            out.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<int>(),
                           fromUnixMillis(row[3].as<long long>())});
        return out;
    });
}

Result<std::vector<StrategyVersionInfo>> StrategyStore::versions(std::int64_t ownerId,
                                                                 const std::string &name)
{
    return m_database.run(
        [&](pqxx::connection &connection) -> Result<std::vector<StrategyVersionInfo>> {
            pqxx::nontransaction tx(connection);
            const auto rows = tx.exec_params(
                "SELECT v.version, " BCF_UNIX_MS("v.created_at")
                ", v.comment, coalesce(u.username, ''), octet_length(v.source)"
                " FROM strategies s JOIN strategy_versions v ON v.strategy_id = s.id"
                " LEFT JOIN users u ON u.id = v.author_id"
                " WHERE s.owner_id = $1 AND s.name = $2 ORDER BY v.version DESC",
                ownerId, name);
            // A strategy always has its first version, so no rows means no strategy.
            if (rows.empty())
                return std::unexpected(notFound(name));
            std::vector<StrategyVersionInfo> out;
            out.reserve(rows.size());
            for (const auto &row : rows)
                out.push_back({row[0].as<int>(), fromUnixMillis(row[1].as<long long>()),
                               row[2].as<std::string>(), row[3].as<std::string>(),
                               row[4].as<std::int64_t>()});
            return out;
        });
}

Status StrategyStore::remove(std::int64_t ownerId, const std::string &name)
{
    auto removed = m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        const auto result = tx.exec_params(
            "DELETE FROM strategies WHERE owner_id = $1 AND name = $2", ownerId, name);
        tx.commit();
        return result.affected_rows();
    });
    if (!removed)
        return std::unexpected(removed.error());
    if (*removed == 0)
        return std::unexpected(notFound(name));
    return {};
}

Result<StrategySummary> StrategyStore::rename(std::int64_t ownerId, const std::string &name,
                                              const std::string &newName)
{
    const long long now = toUnixMillis(m_clock.now());
    return m_database.run([&](pqxx::connection &connection) -> Result<StrategySummary> {
        try {
            pqxx::work tx(connection);
            const auto rows = tx.exec_params(
                "UPDATE strategies SET name = $3, updated_at = to_timestamp($4::float8 / 1000)"
                " WHERE owner_id = $1 AND name = $2"
                " RETURNING id, name, latest_version, " BCF_UNIX_MS("updated_at"),
                ownerId, name, newName, now);
            if (rows.empty())
                return std::unexpected(notFound(name));
            tx.commit();
            return StrategySummary{rows[0][0].as<std::int64_t>(), rows[0][1].as<std::string>(),
                                   rows[0][2].as<int>(),
                                   fromUnixMillis(rows[0][3].as<long long>())};
        } catch (const pqxx::unique_violation &) {
            return makeError(ErrorCode::AlreadyExists,
                             "A strategy named " + quotedName(newName) + " already exists.");
        }
    });
}

#undef BCF_UNIX_MS

} // namespace bcf::core
