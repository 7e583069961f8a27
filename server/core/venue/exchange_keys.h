#pragma once

#include "auth/crypto.h"
#include "common/database.h"
#include "core/clock.h"
#include "core/result.h"
#include "venue/binance_client.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bcf::core {

// What any caller may see of a stored key: never the key or its secret.
struct ExchangeKeyInfo {
    std::uint64_t id = 0;
    std::uint64_t owner = 0;
    std::string exchange; // "binance"
    std::string label;
    std::string apiKeyHint; // the key's last four characters
    bool canTrade = false;
    TimePoint created{};
};

struct StoredExchangeKey {
    ExchangeKeyInfo info;
    ExchangeCredentials credentials;
};

// Exchange API keys at rest (migration 0007): the key and the secret sealed with libsodium's
// secretbox (auth::seal) under the 32-byte key of trading.exchange_key_file. One key per user
// and exchange.
class ExchangeKeyStore final {
public:
    ExchangeKeyStore(server::Database &database, Clock &clock, auth::SecretKey sealingKey);

    // AlreadyExists when the user has a key for the exchange.
    Result<ExchangeKeyInfo> add(std::uint64_t owner, const std::string &exchange, const std::string &label,
                                const ExchangeCredentials &credentials, bool canTrade);
    Result<std::vector<ExchangeKeyInfo>> list(std::uint64_t owner);
    // The removed key (NotFound when the user has no key with that id).
    Result<ExchangeKeyInfo> remove(std::uint64_t owner, std::uint64_t id);
    // Every stored key of an exchange, unsealed (bcf-core's live venue at start). A key that does
    // not unseal (the key file changed) is left out and reported in `unreadable`.
    Result<std::vector<StoredExchangeKey>> all(const std::string &exchange, std::vector<ExchangeKeyInfo> *unreadable);
    // One user's key for an exchange, unsealed; nullopt when there is none.
    Result<std::optional<StoredExchangeKey>> find(std::uint64_t owner, const std::string &exchange);

private:
    server::Database &m_database;
    Clock &m_clock;
    auth::SecretKey m_sealingKey;
};

} // namespace bcf::core
