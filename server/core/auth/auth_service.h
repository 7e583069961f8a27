#pragma once

#include "auth/crypto.h"
#include "auth/roles.h"
#include "common/database.h"
#include "core/clock.h"
#include "core/result.h"

#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <string>
#include <variant>
#include <vector>

namespace bcf::auth {

struct AuthSettings {
    std::int64_t sessionTtlMinutes = 720;
    std::int64_t challengeTtlSeconds = 300;
    std::int64_t maxFailedLogins = 5;
    std::int64_t lockoutMinutes = 15;
    std::int64_t passwordMinLength = 12;
    std::string totpIssuer = "BotCriptoFy2";
    std::string secretKeyFile;
};

struct UserRecord {
    std::int64_t id = 0;
    std::string username;
    Role role = Role::Trader;
    bool disabled = false;
    bool totpEnabled = false;
    TimePoint createdAt{};
    std::optional<TimePoint> lockedUntil;
};

// Who is calling: the result of authenticating a session token.
struct Principal {
    std::int64_t userId = 0;
    std::string username;
    Role role = Role::Trader;
    std::int64_t sessionId = 0;
    TimePoint expiresAt{};
};

struct IssuedSession {
    std::string token;
    TimePoint expiresAt{};
    UserRecord user;
};

struct SecondFactorChallenge {
    std::string challenge;
    TimePoint expiresAt{};
};

using LoginOutcome = std::variant<IssuedSession, SecondFactorChallenge>;

struct TotpEnrollment {
    std::string secretBase32;
    std::string otpauthUri;
};

// Users, sessions and two-factor authentication over PostgreSQL. Every time comes from the Clock,
// so expiry, lockout and TOTP are testable. Failures are values with messages meant for the user;
// a wrong user name and a wrong password give the same message. Thread-safe (state is in the
// database; the Database pool serialises connections).
class AuthService final {
public:
    AuthService(server::Database &database, const Clock &clock, AuthSettings settings,
                SecretKey secretKey);

    Result<LoginOutcome> login(const std::string &username, const std::string &password,
                               const std::string &clientDescription);
    Result<IssuedSession> verifyTotp(const std::string &challenge, const std::string &code);
    Result<IssuedSession> verifyRecoveryCode(const std::string &challenge,
                                             const std::string &recoveryCode);

    // Checks the token against the database (every call's authorization does this).
    Result<Principal> authenticate(const std::string &token);
    // The principal of a token that authenticate() accepted within the last two seconds, else
    // authenticate(): a handler asking who its (just authorised) caller is costs no second
    // query. Any change to sessions, roles or accounts through this service clears it.
    Result<Principal> authenticateRecent(const std::string &token);
    Result<IssuedSession> refresh(const Principal &principal);
    Status logout(const Principal &principal);
    Status changePassword(const Principal &principal, const std::string &currentPassword,
                          const std::string &newPassword);

    Result<TotpEnrollment> beginTotpEnrollment(const Principal &principal,
                                               const std::string &password);
    Result<std::vector<std::string>> confirmTotpEnrollment(const Principal &principal,
                                                           const std::string &code);
    Status disableTotp(const Principal &principal, const std::string &password,
                       const std::string &code);

    // Administration (RPCs of UserAdminService and bcfctl).
    Result<UserRecord> createUser(const std::string &username, const std::string &password,
                                  Role role);
    Result<UserRecord> setRole(std::int64_t userId, Role role);
    Result<UserRecord> setDisabled(std::int64_t userId, bool disabled);
    Result<UserRecord> setPassword(std::int64_t userId, const std::string &password);
    Result<std::vector<UserRecord>> listUsers();
    Result<UserRecord> findUser(const std::string &username);

private:
    Result<IssuedSession> finishSecondFactor(const std::string &challenge,
                                             const std::optional<std::string> &code,
                                             const std::optional<std::string> &recoveryCode);

    void forgetRecent();

    server::Database &m_database;
    const Clock &m_clock;
    std::mutex m_recentMutex;
    std::unordered_map<std::string, std::pair<Principal, TimePoint>> m_recent; // by token hash
    AuthSettings m_settings;
    SecretKey m_secretKey;
    std::string m_dummyHash; // verified against when the user does not exist (equal timing)
};

} // namespace bcf::auth
