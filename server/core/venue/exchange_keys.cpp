#include "venue/exchange_keys.h"

#include <pqxx/pqxx>

namespace bcf::core {
namespace {

#define BCF_KEY_COLUMNS                                                                            \
    "id, owner_id, exchange, label, api_key_hint, can_trade,"                                      \
    " floor(extract(epoch FROM created_at) * 1000)::bigint,"                                       \
    " encode(api_key_sealed, 'hex'), encode(secret_sealed, 'hex')"

auth::Bytes toBytes(const std::string &text) { return auth::Bytes(text.begin(), text.end()); }

ExchangeKeyInfo readInfo(const pqxx::row &row)
{
    ExchangeKeyInfo info;
    info.id = row[0].as<std::uint64_t>();
    info.owner = row[1].as<std::uint64_t>();
    info.exchange = row[2].as<std::string>();
    info.label = row[3].as<std::string>();
    info.apiKeyHint = row[4].as<std::string>();
    info.canTrade = row[5].as<bool>();
    info.created = TimePoint(std::chrono::milliseconds(row[6].as<std::int64_t>()));
    return info;
}

} // namespace

ExchangeKeyStore::ExchangeKeyStore(server::Database &database, Clock &clock, auth::SecretKey sealingKey)
    : m_database(database), m_clock(clock), m_sealingKey(sealingKey)
{
}

Result<ExchangeKeyInfo> ExchangeKeyStore::add(std::uint64_t owner, const std::string &exchange,
                                              const std::string &label, const ExchangeCredentials &credentials,
                                              bool canTrade)
{
    const std::string hint = credentials.apiKey.size() >= 4
                                 ? credentials.apiKey.substr(credentials.apiKey.size() - 4)
                                 : std::string();
    const std::string sealedKey = auth::toHex(auth::seal(m_sealingKey, toBytes(credentials.apiKey)));
    const std::string sealedSecret = auth::toHex(auth::seal(m_sealingKey, toBytes(credentials.secret)));
    const std::int64_t createdMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(m_clock.now().time_since_epoch()).count();
    return m_database.run([&](pqxx::connection &connection) -> Result<ExchangeKeyInfo> {
        pqxx::work tx(connection);
        const auto existing =
            tx.exec_params("SELECT 1 FROM exchange_keys WHERE owner_id = $1 AND exchange = $2", owner, exchange);
        if (!existing.empty())
            return makeError(ErrorCode::AlreadyExists,
                             "You already have a " + exchange + " key; delete it before adding another.");
        const auto row = tx.exec_params1(
            "INSERT INTO exchange_keys (owner_id, exchange, label, api_key_sealed, secret_sealed,"
            " api_key_hint, can_trade, created_at) VALUES ($1, $2, $3, decode($4, 'hex'), decode($5, 'hex'),"
            " $6, $7, to_timestamp($8::double precision / 1000)) RETURNING " BCF_KEY_COLUMNS,
            owner, exchange, label, sealedKey, sealedSecret, hint, canTrade, createdMs);
        tx.commit();
        return readInfo(row);
    });
}

Result<std::vector<ExchangeKeyInfo>> ExchangeKeyStore::list(std::uint64_t owner)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::read_transaction tx(connection);
        std::vector<ExchangeKeyInfo> out;
        for (const auto &row :
             tx.exec_params("SELECT " BCF_KEY_COLUMNS " FROM exchange_keys WHERE owner_id = $1 ORDER BY id", owner))
            out.push_back(readInfo(row));
        return out;
    });
}

Result<ExchangeKeyInfo> ExchangeKeyStore::remove(std::uint64_t owner, std::uint64_t id)
{
    return m_database.run([&](pqxx::connection &connection) -> Result<ExchangeKeyInfo> {
        pqxx::work tx(connection);
        const auto rows = tx.exec_params(
            "DELETE FROM exchange_keys WHERE owner_id = $1 AND id = $2 RETURNING " BCF_KEY_COLUMNS, owner, id);
        if (rows.empty())
            return makeError(ErrorCode::NotFound, "You have no exchange key " + std::to_string(id) + ".");
        tx.commit();
        return readInfo(rows[0]);
    });
}

Result<std::vector<StoredExchangeKey>> ExchangeKeyStore::all(const std::string &exchange,
                                                             std::vector<ExchangeKeyInfo> *unreadable)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::read_transaction tx(connection);
        std::vector<StoredExchangeKey> out;
        for (const auto &row : tx.exec_params(
                 "SELECT " BCF_KEY_COLUMNS " FROM exchange_keys WHERE exchange = $1 ORDER BY id", exchange)) {
            StoredExchangeKey key;
            key.info = readInfo(row);
            auto apiKey = auth::unseal(m_sealingKey, auth::fromHex(row[7].as<std::string>()));
            auto secret = auth::unseal(m_sealingKey, auth::fromHex(row[8].as<std::string>()));
            if (!apiKey || !secret) {
                if (unreadable)
                    unreadable->push_back(key.info);
                continue;
            }
            key.credentials.apiKey.assign(apiKey->begin(), apiKey->end());
            key.credentials.secret.assign(secret->begin(), secret->end());
            out.push_back(std::move(key));
        }
        return out;
    });
}

Result<std::optional<StoredExchangeKey>> ExchangeKeyStore::find(std::uint64_t owner, const std::string &exchange)
{
    std::vector<ExchangeKeyInfo> unreadable;
    auto keys = all(exchange, &unreadable);
    if (!keys)
        return std::unexpected(keys.error());
    for (auto &key : *keys) {
        if (key.info.owner == owner)
            return std::optional<StoredExchangeKey>(std::move(key));
    }
    for (const auto &info : unreadable) {
        if (info.owner == owner)
            return makeError(ErrorCode::FailedPrecondition,
                             "Your " + exchange + " key cannot be unsealed with this node's "
                             "trading.exchange_key_file; delete it and add it again.");
    }
    return std::optional<StoredExchangeKey>();
}

} // namespace bcf::core
