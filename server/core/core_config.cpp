#include "core_config.h"

namespace bcf::core {

const server::ConfigSchema<CoreConfig> &coreConfigSchema()
{
    static const server::ConfigSchema<CoreConfig> schema = [] {
        server::ConfigSchema<CoreConfig> s;
        server::addCommonFields(s, "core-1", "127.0.0.1:50051", "127.0.0.1:9464");
        s.addInteger("auth.session_ttl_minutes", "Lifetime of a session token; refresh renews it.",
                     720, 5, 60 * 24 * 30,
                     [](CoreConfig &c) -> std::int64_t & { return c.auth.sessionTtlMinutes; });
        s.addInteger("auth.challenge_ttl_seconds",
                     "Time allowed between a correct password and the two-factor code.", 300, 30,
                     3600,
                     [](CoreConfig &c) -> std::int64_t & { return c.auth.challengeTtlSeconds; });
        s.addInteger("auth.max_failed_logins",
                     "Failed passwords or codes in a row that lock an account.", 5, 1, 100,
                     [](CoreConfig &c) -> std::int64_t & { return c.auth.maxFailedLogins; });
        s.addInteger("auth.lockout_minutes", "How long a locked account stays locked.", 15, 1,
                     24 * 60, [](CoreConfig &c) -> std::int64_t & { return c.auth.lockoutMinutes; });
        s.addInteger("auth.password_min_length", "Minimum password length of the policy.", 12, 8,
                     128,
                     [](CoreConfig &c) -> std::int64_t & { return c.auth.passwordMinLength; });
        s.addString("auth.totp_issuer", "Issuer name shown in authenticator apps.", "BotCriptoFy2",
                    [](CoreConfig &c) -> std::string & { return c.auth.totpIssuer; },
                    server::validateNonEmpty);
        s.addString("auth.secret_key_file",
                    "File with the 64-hex-digit key that seals TOTP secrets at rest "
                    "(`bcfctl secret init` writes one).",
                    "", [](CoreConfig &c) -> std::string & { return c.auth.secretKeyFile; },
                    server::validateNonEmpty);
        return s;
    }();
    return schema;
}

} // namespace bcf::core
