#include "auth/auth_service.h"

#include "auth/password_policy.h"
#include "auth/totp.h"

#include <algorithm>
#include <cctype>

namespace bcf::auth {
namespace {

// SQL fragments: timestamps cross the boundary as Unix milliseconds, hashes as hexadecimal text.
constexpr const char *kUserColumns =
    "id, username, role, disabled, totp_enabled,"
    " floor(extract(epoch FROM created_at) * 1000)::bigint,"
    " CASE WHEN locked_until IS NULL THEN 0"
    "      ELSE floor(extract(epoch FROM locked_until) * 1000)::bigint END";

UserRecord readUser(const pqxx::row &row, int offset = 0)
{
    UserRecord user;
    user.id = row[offset + 0].as<std::int64_t>();
    user.username = row[offset + 1].as<std::string>();
    user.role = parseRole(row[offset + 2].as<std::string>()).value_or(Role::Trader);
    user.disabled = row[offset + 3].as<bool>();
    user.totpEnabled = row[offset + 4].as<bool>();
    user.createdAt = fromUnixMillis(row[offset + 5].as<long long>());
    const auto lockedUntil = row[offset + 6].as<long long>();
    if (lockedUntil != 0)
        user.lockedUntil = fromUnixMillis(lockedUntil);
    return user;
}

std::string tokenHashHex(const std::string &token)
{
    return toHex(hashToken(token));
}

Error invalidCredentials()
{
    return {ErrorCode::Unauthenticated, "Invalid username or password."};
}

std::string formatUtc(TimePoint time)
{
    const std::time_t seconds = toUnixMillis(time) / 1000;
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M UTC", &parts);
    return buffer;
}

Error lockedOut(TimePoint until)
{
    return {ErrorCode::ResourceExhausted,
            "Too many failed sign-in attempts: the account is locked until " + formatUtc(until)
                + "."};
}

// Recovery codes are compared without separators and case: "ABCD-EFGH-JKLM" == "abcdefghjklm".
std::string normalizeRecoveryCode(const std::string &code)
{
    std::string out;
    for (unsigned char c : code) {
        if (std::isalnum(c))
            out += static_cast<char>(std::tolower(c));
    }
    return out;
}

std::string newRecoveryCode()
{
    std::string raw = base32Encode(randomBytes(8)).substr(0, 12);
    std::ranges::transform(raw, raw.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return raw.substr(0, 4) + "-" + raw.substr(4, 4) + "-" + raw.substr(8, 4);
}

// Inserts a session (kind 'session') or a second-factor challenge (kind 'second_factor') and
// returns its token; only the token's hash is stored.
std::string insertSession(pqxx::transaction_base &tx, std::int64_t userId, const char *kind,
                          const std::string &clientDescription, TimePoint now, TimePoint expiresAt)
{
    std::string token = newToken();
    tx.exec_params0("INSERT INTO sessions (user_id, token_hash, kind, client_description,"
                    " created_at, expires_at) VALUES ($1, decode($2, 'hex'), $3, $4,"
                    " to_timestamp($5::float8 / 1000), to_timestamp($6::float8 / 1000))",
                    userId, tokenHashHex(token), kind, clientDescription.substr(0, 200),
                    toUnixMillis(now), toUnixMillis(expiresAt));
    return token;
}

// Counts one more failed password or code and commits: at the limit the account locks (and the
// pending challenge, if any, is revoked) and the answer is the lockout; otherwise `notLocked`.
Error recordFailure(pqxx::work &tx, const AuthSettings &settings, std::int64_t userId,
                    int previousFailures, TimePoint now, std::optional<std::int64_t> challengeId,
                    Error notLocked)
{
    const int failures = previousFailures + 1;
    if (failures < settings.maxFailedLogins) {
        tx.exec_params0("UPDATE users SET failed_logins = $2 WHERE id = $1", userId, failures);
        tx.commit();
        return notLocked;
    }
    const TimePoint until = now + std::chrono::minutes(settings.lockoutMinutes);
    tx.exec_params0("UPDATE users SET failed_logins = 0,"
                    " locked_until = to_timestamp($2::float8 / 1000) WHERE id = $1",
                    userId, toUnixMillis(until));
    if (challengeId)
        tx.exec_params0("UPDATE sessions SET revoked_at = to_timestamp($2::float8 / 1000)"
                        " WHERE id = $1",
                        *challengeId, toUnixMillis(now));
    tx.commit();
    return lockedOut(until);
}

struct CredentialRow {
    UserRecord user;
    std::string passwordHash;
    int failedLogins = 0;
};

std::optional<CredentialRow> loadCredentials(pqxx::transaction_base &tx,
                                             const std::string &whereClause,
                                             const std::string &value)
{
    const auto result = tx.exec_params(std::string("SELECT ") + kUserColumns
                                           + ", password_hash, failed_logins FROM users WHERE "
                                           + whereClause + " FOR UPDATE",
                                       value);
    if (result.empty())
        return std::nullopt;
    CredentialRow row{readUser(result[0]), result[0][7].as<std::string>(),
                      result[0][8].as<int>()};
    return row;
}

} // namespace

AuthService::AuthService(server::Database &database, const Clock &clock, AuthSettings settings,
                         SecretKey secretKey)
    : m_database(database), m_clock(clock), m_settings(std::move(settings)),
      m_secretKey(secretKey), m_dummyHash(hashPassword("not-a-real-password-Zz9!").value_or(""))
{
}

Result<LoginOutcome> AuthService::login(const std::string &username, const std::string &password,
                                        const std::string &clientDescription)
{
    if (username.empty() || password.empty())
        return makeError(ErrorCode::InvalidArgument, "Enter a username and a password.");
    const TimePoint now = m_clock.now();
    return m_database.run([&](pqxx::connection &connection) -> Result<LoginOutcome> {
        pqxx::work tx(connection);
        auto row = loadCredentials(tx, "lower(username) = lower($1)", username);
        if (!row) {
            verifyPassword(m_dummyHash, password);
            return std::unexpected(invalidCredentials());
        }
        const UserRecord &user = row->user;
        if (user.lockedUntil && *user.lockedUntil > now)
            return std::unexpected(lockedOut(*user.lockedUntil));
        if (!verifyPassword(row->passwordHash, password))
            return std::unexpected(recordFailure(tx, m_settings, user.id, row->failedLogins, now,
                                                 std::nullopt, invalidCredentials()));
        if (user.disabled)
            return makeError(ErrorCode::PermissionDenied,
                             "This account is disabled. Contact your administrator.");
        const bool secondFactor = user.totpEnabled;
        // With two-factor on, the failure count is reset only once the code is right too:
        // otherwise knowing the password would buy fresh code guesses with every sign-in.
        if (!secondFactor)
            tx.exec_params0("UPDATE users SET failed_logins = 0, locked_until = NULL"
                            " WHERE id = $1",
                            user.id);

        const TimePoint expiresAt = secondFactor
                                        ? now + std::chrono::seconds(m_settings.challengeTtlSeconds)
                                        : now + std::chrono::minutes(m_settings.sessionTtlMinutes);
        const std::string token = insertSession(tx, user.id,
                                                secondFactor ? "second_factor" : "session",
                                                clientDescription, now, expiresAt);
        tx.commit();
        if (secondFactor)
            return SecondFactorChallenge{token, expiresAt};
        return IssuedSession{token, expiresAt, user};
    });
}

Result<IssuedSession> AuthService::verifyTotp(const std::string &challenge,
                                              const std::string &code)
{
    return finishSecondFactor(challenge, code, std::nullopt);
}

Result<IssuedSession> AuthService::verifyRecoveryCode(const std::string &challenge,
                                                      const std::string &recoveryCode)
{
    return finishSecondFactor(challenge, std::nullopt, recoveryCode);
}

Result<IssuedSession>
AuthService::finishSecondFactor(const std::string &challenge,
                                const std::optional<std::string> &code,
                                const std::optional<std::string> &recoveryCode)
{
    const TimePoint now = m_clock.now();
    return m_database.run([&](pqxx::connection &connection) -> Result<IssuedSession> {
        pqxx::work tx(connection);
        const auto pending = tx.exec_params(
            "SELECT id, user_id, client_description FROM sessions WHERE"
            " token_hash = decode($1, 'hex') AND kind = 'second_factor' AND revoked_at IS NULL"
            " AND expires_at > to_timestamp($2::float8 / 1000) FOR UPDATE",
            tokenHashHex(challenge), toUnixMillis(now));
        if (pending.empty())
            return makeError(ErrorCode::Unauthenticated,
                             "The sign-in step expired or is unknown. Sign in again.");
        const auto challengeId = pending[0][0].as<std::int64_t>();
        const auto userId = pending[0][1].as<std::int64_t>();
        const auto clientDescription = pending[0][2].as<std::string>();
        const auto userRow = tx.exec_params1(
            std::string("SELECT ") + kUserColumns
                + ", totp_secret IS NOT NULL, encode(totp_secret, 'hex'), totp_last_step,"
                  " failed_logins FROM users WHERE id = $1 FOR UPDATE",
            userId);
        const UserRecord user = readUser(userRow);
        if (user.lockedUntil && *user.lockedUntil > now)
            return std::unexpected(lockedOut(*user.lockedUntil));

        bool accepted = false;
        bool replayed = false;
        if (code) {
            if (!userRow[7].as<bool>())
                return makeError(ErrorCode::FailedPrecondition,
                                 "Two-factor authentication is not set up for this account.");
            auto secret = unseal(m_secretKey, fromHex(userRow[8].as<std::string>()));
            if (!secret)
                return std::unexpected(secret.error());
            const std::int64_t step = totpStep(toUnixMillis(now) / 1000);
            const auto matched = matchTotp(*secret, *code, step);
            if (matched && *matched > userRow[9].as<std::int64_t>()) {
                tx.exec_params0("UPDATE users SET totp_last_step = $2 WHERE id = $1", userId,
                                *matched);
                accepted = true;
            } else if (matched) {
                replayed = true;
            }
        } else if (recoveryCode) {
            const auto used = tx.exec_params(
                "UPDATE recovery_codes SET used_at = to_timestamp($3::float8 / 1000)"
                " WHERE user_id = $1 AND code_hash = decode($2, 'hex') AND used_at IS NULL"
                " RETURNING 1",
                userId, tokenHashHex(normalizeRecoveryCode(*recoveryCode)), toUnixMillis(now));
            accepted = !used.empty();
        }
        if (!accepted) {
            const char *message = replayed ? "This code was already used. Wait for the next code."
                                  : code   ? "Invalid authentication code."
                                           : "Invalid recovery code.";
            return std::unexpected(recordFailure(tx, m_settings, userId, userRow[10].as<int>(),
                                                 now, challengeId,
                                                 {ErrorCode::Unauthenticated, message}));
        }

        tx.exec_params0("UPDATE users SET failed_logins = 0 WHERE id = $1", userId);
        tx.exec_params0("UPDATE sessions SET revoked_at = to_timestamp($2::float8 / 1000)"
                        " WHERE id = $1",
                        challengeId, toUnixMillis(now));
        const TimePoint expiresAt = now + std::chrono::minutes(m_settings.sessionTtlMinutes);
        const std::string token = insertSession(tx, userId, "session", clientDescription, now,
                                                expiresAt);
        tx.commit();
        return IssuedSession{token, expiresAt, user};
    });
}

Result<Principal> AuthService::authenticate(const std::string &token)
{
    if (token.empty())
        return makeError(ErrorCode::Unauthenticated, "Sign in first: this call needs a session.");
    const TimePoint now = m_clock.now();
    auto checked = m_database.run([&](pqxx::connection &connection) -> Result<Principal> {
        pqxx::nontransaction tx(connection); // one SELECT: no BEGIN/COMMIT round trips
        const auto result = tx.exec_params(
            "SELECT s.id, floor(extract(epoch FROM s.expires_at) * 1000)::bigint,"
            " s.revoked_at IS NOT NULL, u.id, u.username, u.role, u.disabled"
            " FROM sessions s JOIN users u ON u.id = s.user_id"
            " WHERE s.token_hash = decode($1, 'hex') AND s.kind = 'session'",
            tokenHashHex(token));
        if (result.empty())
            return makeError(ErrorCode::Unauthenticated, "Unknown session. Sign in again.");
        const auto &row = result[0];
        if (row[2].as<bool>())
            return makeError(ErrorCode::Unauthenticated,
                             "This session was ended (signed out or revoked). Sign in again.");
        const TimePoint expiresAt = fromUnixMillis(row[1].as<long long>());
        if (expiresAt <= now)
            return makeError(ErrorCode::Unauthenticated, "Your session expired. Sign in again.");
        if (row[6].as<bool>())
            return makeError(ErrorCode::Unauthenticated,
                             "This account is disabled. Contact your administrator.");
        Principal principal;
        principal.sessionId = row[0].as<std::int64_t>();
        principal.expiresAt = expiresAt;
        principal.userId = row[3].as<std::int64_t>();
        principal.username = row[4].as<std::string>();
        principal.role = parseRole(row[5].as<std::string>()).value_or(Role::Trader);
        return principal;
    });
    if (checked) {
        std::lock_guard lock(m_recentMutex);
        if (m_recent.size() > 10'000)
            m_recent.clear(); // bounded; entries live two seconds anyway
        m_recent[tokenHashHex(token)] = {*checked, now};
    }
    return checked;
}

Result<Principal> AuthService::authenticateRecent(const std::string &token)
{
    {
        std::lock_guard lock(m_recentMutex);
        const auto found = m_recent.find(tokenHashHex(token));
        if (found != m_recent.end() && m_clock.now() - found->second.second < std::chrono::seconds(2)
            && found->second.first.expiresAt > m_clock.now())
            return found->second.first;
    }
    return authenticate(token);
}

void AuthService::forgetRecent()
{
    std::lock_guard lock(m_recentMutex);
    m_recent.clear();
}

Result<IssuedSession> AuthService::refresh(const Principal &principal)
{
    forgetRecent();
    const TimePoint now = m_clock.now();
    return m_database.run([&](pqxx::connection &connection) -> Result<IssuedSession> {
        pqxx::work tx(connection);
        const auto revoked = tx.exec_params(
            "UPDATE sessions SET revoked_at = to_timestamp($2::float8 / 1000)"
            " WHERE id = $1 AND revoked_at IS NULL RETURNING client_description",
            principal.sessionId, toUnixMillis(now));
        if (revoked.empty())
            return makeError(ErrorCode::Unauthenticated,
                             "This session was ended (signed out or revoked). Sign in again.");
        const TimePoint expiresAt = now + std::chrono::minutes(m_settings.sessionTtlMinutes);
        const std::string token = insertSession(tx, principal.userId, "session",
                                                revoked[0][0].as<std::string>(), now, expiresAt);
        const auto user = readUser(tx.exec_params1(
            std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1",
            principal.userId));
        tx.commit();
        return IssuedSession{token, expiresAt, user};
    });
}

Status AuthService::logout(const Principal &principal)
{
    forgetRecent();
    const TimePoint now = m_clock.now();
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        tx.exec_params0("UPDATE sessions SET revoked_at = to_timestamp($2::float8 / 1000)"
                        " WHERE id = $1 AND revoked_at IS NULL",
                        principal.sessionId, toUnixMillis(now));
        tx.commit();
    });
}

Status AuthService::changePassword(const Principal &principal, const std::string &currentPassword,
                                   const std::string &newPassword)
{
    forgetRecent();
    if (auto policy = checkPasswordPolicy(newPassword, principal.username,
                                          static_cast<int>(m_settings.passwordMinLength));
        !policy)
        return policy;
    if (newPassword == currentPassword)
        return makeError(ErrorCode::InvalidArgument,
                         "The new password must differ from the current one.");
    auto hash = hashPassword(newPassword);
    if (!hash)
        return std::unexpected(hash.error());
    const TimePoint now = m_clock.now();
    return m_database.run([&](pqxx::connection &connection) -> Status {
        pqxx::work tx(connection);
        const auto row = tx.exec_params1("SELECT password_hash FROM users WHERE id = $1"
                                         " FOR UPDATE",
                                         principal.userId);
        if (!verifyPassword(row[0].as<std::string>(), currentPassword))
            return makeError(ErrorCode::InvalidArgument, "The current password is wrong.");
        tx.exec_params0("UPDATE users SET password_hash = $2,"
                        " password_changed_at = to_timestamp($3::float8 / 1000) WHERE id = $1",
                        principal.userId, *hash, toUnixMillis(now));
        tx.exec_params0("UPDATE sessions SET revoked_at = to_timestamp($3::float8 / 1000)"
                        " WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL",
                        principal.userId, principal.sessionId, toUnixMillis(now));
        tx.commit();
        return {};
    });
}

Result<TotpEnrollment> AuthService::beginTotpEnrollment(const Principal &principal,
                                                        const std::string &password)
{
    const Bytes secret = randomBytes(20);
    return m_database.run([&](pqxx::connection &connection) -> Result<TotpEnrollment> {
        pqxx::work tx(connection);
        const auto row = tx.exec_params1("SELECT password_hash, totp_enabled FROM users"
                                         " WHERE id = $1 FOR UPDATE",
                                         principal.userId);
        if (!verifyPassword(row[0].as<std::string>(), password))
            return makeError(ErrorCode::InvalidArgument, "The password is wrong.");
        if (row[1].as<bool>())
            return makeError(ErrorCode::FailedPrecondition,
                             "Two-factor authentication is already on. Turn it off first to "
                             "enrol a new device.");
        tx.exec_params0("UPDATE users SET totp_pending_secret = decode($2, 'hex') WHERE id = $1",
                        principal.userId, toHex(seal(m_secretKey, secret)));
        tx.commit();
        return TotpEnrollment{base32Encode(secret),
                              otpauthUri(m_settings.totpIssuer, principal.username, secret)};
    });
}

Result<std::vector<std::string>> AuthService::confirmTotpEnrollment(const Principal &principal,
                                                                    const std::string &code)
{
    const TimePoint now = m_clock.now();
    return m_database.run([&](pqxx::connection &connection) -> Result<std::vector<std::string>> {
        pqxx::work tx(connection);
        const auto row = tx.exec_params1("SELECT encode(totp_pending_secret, 'hex')"
                                         " FROM users WHERE id = $1 FOR UPDATE",
                                         principal.userId);
        if (row[0].is_null())
            return makeError(ErrorCode::FailedPrecondition,
                             "Start the two-factor enrolment first.");
        auto secret = unseal(m_secretKey, fromHex(row[0].as<std::string>()));
        if (!secret)
            return std::unexpected(secret.error());
        const auto matched = matchTotp(*secret, code, totpStep(toUnixMillis(now) / 1000));
        if (!matched)
            return makeError(ErrorCode::InvalidArgument,
                             "The code does not match. Check the authenticator app's clock and "
                             "enter the current code.");
        tx.exec_params0("UPDATE users SET totp_secret = totp_pending_secret,"
                        " totp_pending_secret = NULL, totp_enabled = true, totp_last_step = $2"
                        " WHERE id = $1",
                        principal.userId, *matched);
        tx.exec_params0("DELETE FROM recovery_codes WHERE user_id = $1", principal.userId);
        std::vector<std::string> codes;
        for (int i = 0; i < 10; ++i) {
            codes.push_back(newRecoveryCode());
            tx.exec_params0("INSERT INTO recovery_codes (user_id, code_hash)"
                            " VALUES ($1, decode($2, 'hex'))",
                            principal.userId, tokenHashHex(normalizeRecoveryCode(codes.back())));
        }
        tx.commit();
        return codes;
    });
}

Status AuthService::disableTotp(const Principal &principal, const std::string &password,
                                const std::string &code)
{
    const TimePoint now = m_clock.now();
    return m_database.run([&](pqxx::connection &connection) -> Status {
        pqxx::work tx(connection);
        const auto row = tx.exec_params1(
            "SELECT password_hash, totp_enabled, encode(totp_secret, 'hex'), totp_last_step"
            " FROM users WHERE id = $1 FOR UPDATE",
            principal.userId);
        if (!verifyPassword(row[0].as<std::string>(), password))
            return makeError(ErrorCode::InvalidArgument, "The password is wrong.");
        if (!row[1].as<bool>())
            return makeError(ErrorCode::FailedPrecondition,
                             "Two-factor authentication is not on.");
        auto secret = unseal(m_secretKey, fromHex(row[2].as<std::string>()));
        if (!secret)
            return std::unexpected(secret.error());
        const auto matched = matchTotp(*secret, code, totpStep(toUnixMillis(now) / 1000));
        if (!matched || *matched <= row[3].as<std::int64_t>())
            return makeError(ErrorCode::InvalidArgument, "Invalid or already used code.");
        tx.exec_params0("UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL,"
                        " totp_enabled = false, totp_last_step = 0 WHERE id = $1",
                        principal.userId);
        tx.exec_params0("DELETE FROM recovery_codes WHERE user_id = $1", principal.userId);
        tx.commit();
        return {};
    });
}

Result<UserRecord> AuthService::createUser(const std::string &username,
                                           const std::string &password, Role role)
{
    if (auto valid = checkUsername(username); !valid)
        return std::unexpected(valid.error());
    if (auto policy = checkPasswordPolicy(password, username,
                                          static_cast<int>(m_settings.passwordMinLength));
        !policy)
        return std::unexpected(policy.error());
    auto hash = hashPassword(password);
    if (!hash)
        return std::unexpected(hash.error());
    const TimePoint now = m_clock.now();
    auto created = m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        const auto row = tx.exec_params1(
            std::string("INSERT INTO users (username, password_hash, role, password_changed_at,"
                        " created_at) VALUES ($1, $2, $3, to_timestamp($4::float8 / 1000),"
                        " to_timestamp($4::float8 / 1000)) RETURNING ")
                + kUserColumns,
            username, *hash, std::string(roleName(role)), toUnixMillis(now));
        tx.commit();
        return readUser(row);
    });
    if (!created && created.error().code == ErrorCode::AlreadyExists)
        return makeError(ErrorCode::AlreadyExists, "The user \"" + username + "\" already exists.");
    return created;
}

namespace {

// Refuses to demote or disable the last enabled admin: nobody could administer users any more.
Status keepAnAdmin(pqxx::transaction_base &tx, std::int64_t changedUserId)
{
    tx.exec0("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE");
    const auto changed = tx.exec_params("SELECT role = 'admin' AND NOT disabled FROM users"
                                        " WHERE id = $1",
                                        changedUserId);
    if (changed.empty() || !changed[0][0].as<bool>())
        return {};
    const int others = tx.exec_params1("SELECT count(*) FROM users WHERE role = 'admin'"
                                       " AND NOT disabled AND id <> $1",
                                       changedUserId)[0]
                           .as<int>();
    if (others == 0)
        return makeError(ErrorCode::FailedPrecondition,
                         "This is the last enabled admin account; make another user admin first.");
    return {};
}

} // namespace

Result<UserRecord> AuthService::setRole(std::int64_t userId, Role role)
{
    forgetRecent();
    return m_database.run([&](pqxx::connection &connection) -> Result<UserRecord> {
        pqxx::work tx(connection);
        if (role != Role::Admin) {
            if (auto kept = keepAnAdmin(tx, userId); !kept)
                return std::unexpected(kept.error());
        }
        const auto result = tx.exec_params(std::string("UPDATE users SET role = $2 WHERE id = $1"
                                                       " RETURNING ")
                                               + kUserColumns,
                                           userId, std::string(roleName(role)));
        if (result.empty())
            return makeError(ErrorCode::NotFound, "No user has id " + std::to_string(userId) + ".");
        tx.commit();
        return readUser(result[0]);
    });
}

Result<UserRecord> AuthService::setDisabled(std::int64_t userId, bool disabled)
{
    forgetRecent();
    const TimePoint now = m_clock.now();
    return m_database.run([&](pqxx::connection &connection) -> Result<UserRecord> {
        pqxx::work tx(connection);
        if (disabled) {
            if (auto kept = keepAnAdmin(tx, userId); !kept)
                return std::unexpected(kept.error());
        }
        const auto result = tx.exec_params(std::string("UPDATE users SET disabled = $2"
                                                       " WHERE id = $1 RETURNING ")
                                               + kUserColumns,
                                           userId, disabled);
        if (result.empty())
            return makeError(ErrorCode::NotFound, "No user has id " + std::to_string(userId) + ".");
        if (disabled)
            tx.exec_params0("UPDATE sessions SET revoked_at = to_timestamp($2::float8 / 1000)"
                            " WHERE user_id = $1 AND revoked_at IS NULL",
                            userId, toUnixMillis(now));
        tx.commit();
        return readUser(result[0]);
    });
}

Result<UserRecord> AuthService::setPassword(std::int64_t userId, const std::string &password)
{
    forgetRecent();
    const TimePoint now = m_clock.now();
    return m_database.run([&](pqxx::connection &connection) -> Result<UserRecord> {
        pqxx::work tx(connection);
        const auto found = tx.exec_params("SELECT username FROM users WHERE id = $1", userId);
        if (found.empty())
            return makeError(ErrorCode::NotFound, "No user has id " + std::to_string(userId) + ".");
        if (auto policy = checkPasswordPolicy(password, found[0][0].as<std::string>(),
                                              static_cast<int>(m_settings.passwordMinLength));
            !policy)
            return std::unexpected(policy.error());
        auto hash = hashPassword(password);
        if (!hash)
            return std::unexpected(hash.error());
        const auto row = tx.exec_params1(
            std::string("UPDATE users SET password_hash = $2, failed_logins = 0,"
                        " locked_until = NULL, password_changed_at = to_timestamp($3::float8 / 1000)"
                        " WHERE id = $1 RETURNING ")
                + kUserColumns,
            userId, *hash, toUnixMillis(now));
        tx.exec_params0("UPDATE sessions SET revoked_at = to_timestamp($2::float8 / 1000)"
                        " WHERE user_id = $1 AND revoked_at IS NULL",
                        userId, toUnixMillis(now));
        tx.commit();
        return readUser(row);
    });
}

Result<std::vector<UserRecord>> AuthService::listUsers()
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::nontransaction tx(connection); // one SELECT: no BEGIN/COMMIT round trips
        std::vector<UserRecord> users;
        for (const auto &row :
             tx.exec(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY id"))
            users.push_back(readUser(row));
        return users;
    });
}

Result<UserRecord> AuthService::findUser(const std::string &username)
{
    return m_database.run([&](pqxx::connection &connection) -> Result<UserRecord> {
        pqxx::nontransaction tx(connection); // one SELECT: no BEGIN/COMMIT round trips
        const auto result = tx.exec_params(std::string("SELECT ") + kUserColumns
                                               + " FROM users WHERE lower(username) = lower($1)",
                                           username);
        if (result.empty())
            return makeError(ErrorCode::NotFound, "No user is named \"" + username + "\".");
        return readUser(result[0]);
    });
}

} // namespace bcf::auth
