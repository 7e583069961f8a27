// auth::AuthService against a real PostgreSQL, with a manual clock: every sign-in path, lockout,
// session expiry, revocation and refresh, password change, TOTP enrolment, codes and replay.
#include "auth/auth_service.h"
#include "auth/totp.h"
#include "common/database.h"
#include "common/migrations.h"
#include "fakes/manual_clock.h"
#include "support/local_services.h"

#include <QTest>

using namespace bcf;
using namespace std::chrono_literals;

namespace {

const TimePoint kStart = fromUnixMillis(1'800'000'000'000LL); // 2027-01-15T08:00:00Z
constexpr const char *kPassword = "Correct-Horse-9";

} // namespace

class TestAuthService final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    std::unique_ptr<server::Database> m_database;
    test::ManualClock m_clock{kStart};
    std::unique_ptr<auth::AuthService> m_auth;
    int m_userCounter = 0;

    std::string newUser(auth::Role role = auth::Role::Trader)
    {
        const std::string name = "user" + std::to_string(++m_userCounter);
        auto created = m_auth->createUser(name, kPassword, role);
        if (!created)
            qFatal("createUser: %s", created.error().message.c_str());
        return name;
    }

    auth::IssuedSession signIn(const std::string &name, const std::string &password = kPassword)
    {
        auto outcome = m_auth->login(name, password, "test");
        if (!outcome || !std::holds_alternative<auth::IssuedSession>(*outcome))
            qFatal("signIn failed");
        return std::get<auth::IssuedSession>(*outcome);
    }

    auth::Principal principal(const std::string &token)
    {
        auto result = m_auth->authenticate(token);
        if (!result)
            qFatal("authenticate: %s", result.error().message.c_str());
        return *result;
    }

    std::string currentCode(const std::string &secretBase32, int stepOffset = 0)
    {
        const auto secret = auth::base32Decode(secretBase32).value();
        const std::int64_t step = auth::totpStep(toUnixMillis(m_clock.now()) / 1000) + stepOffset;
        return auth::hotp(secret, static_cast<std::uint64_t>(step));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(auth::initCrypto().has_value());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_postgres.createDatabase(QStringLiteral("auth")), qPrintable(m_postgres.error()));
        server::DatabaseSettings settings;
        settings.host = "127.0.0.1";
        settings.port = m_postgres.port();
        settings.name = "auth";
        settings.user = m_postgres.user().toStdString();
        m_database = std::make_unique<server::Database>(settings, "", "test_auth_service");
        QVERIFY(m_database->run([](pqxx::connection &connection) {
            return server::migrate(connection, server::builtInMigrations());
        }));
        auth::AuthSettings authSettings;
        authSettings.maxFailedLogins = 5;
        authSettings.lockoutMinutes = 15;
        authSettings.sessionTtlMinutes = 60;
        authSettings.challengeTtlSeconds = 300;
        m_auth = std::make_unique<auth::AuthService>(*m_database, m_clock, authSettings,
                                                     *auth::parseSecretKey(std::string(64, 'c')));
    }

    void goodPasswordGivesASession()
    {
        const std::string name = newUser();
        const auto session = signIn(name);
        QCOMPARE(session.token.size(), std::size_t(43));
        QCOMPARE(session.expiresAt, m_clock.now() + 60min);
        const auto who = principal(session.token);
        QCOMPARE(who.username, name);
        QCOMPARE(who.role, auth::Role::Trader);
        // The token itself is never stored, only its hash.
        QCOMPARE(m_postgres.psql(QStringLiteral("auth"),
                                 QStringLiteral("SELECT count(*) FROM sessions WHERE "
                                                "encode(token_hash, 'escape') = '%1'")
                                     .arg(QString::fromStdString(session.token))),
                 QStringLiteral("0"));
    }

    void usernameIsCaseInsensitive()
    {
        const std::string name = newUser();
        std::string upper = name;
        for (auto &c : upper)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        QVERIFY(m_auth->login(upper, kPassword, "test").has_value());
        QCOMPARE(m_auth->createUser(upper, kPassword, auth::Role::Trader).error().code,
                 ErrorCode::AlreadyExists);
    }

    void badPasswordAndUnknownUserLookTheSame()
    {
        const std::string name = newUser();
        auto wrong = m_auth->login(name, "Wrong-Horse-99", "test");
        auto unknown = m_auth->login("nobody-here", kPassword, "test");
        QVERIFY(!wrong && !unknown);
        QCOMPARE(wrong.error().code, ErrorCode::Unauthenticated);
        QCOMPARE(wrong.error().message, unknown.error().message);
        QCOMPARE(QString::fromStdString(wrong.error().message),
                 QStringLiteral("Invalid username or password."));
    }

    void lockoutAfterRepeatedFailures()
    {
        const std::string name = newUser();
        for (int i = 1; i <= 4; ++i)
            QCOMPARE(m_auth->login(name, "Wrong-Horse-99", "t").error().code,
                     ErrorCode::Unauthenticated);
        auto fifth = m_auth->login(name, "Wrong-Horse-99", "t");
        QCOMPARE(fifth.error().code, ErrorCode::ResourceExhausted);
        QVERIFY2(fifth.error().message.find("locked until") != std::string::npos,
                 fifth.error().message.c_str());
        // The right password does not help while locked.
        QCOMPARE(m_auth->login(name, kPassword, "t").error().code, ErrorCode::ResourceExhausted);
        m_clock.advance(16min);
        QVERIFY(m_auth->login(name, kPassword, "t").has_value());
        // A success resets the counter: four more failures do not lock.
        for (int i = 0; i < 4; ++i)
            QCOMPARE(m_auth->login(name, "Wrong-Horse-99", "t").error().code,
                     ErrorCode::Unauthenticated);
        QVERIFY(m_auth->login(name, kPassword, "t").has_value());
    }

    void expiredSessionIsRejected()
    {
        const auto session = signIn(newUser());
        m_clock.advance(59min);
        QVERIFY(m_auth->authenticate(session.token).has_value());
        m_clock.advance(2min);
        auto expired = m_auth->authenticate(session.token);
        QVERIFY(!expired);
        QCOMPARE(expired.error().code, ErrorCode::Unauthenticated);
        QVERIFY(expired.error().message.find("expired") != std::string::npos);
    }

    void logoutRevokesTheSession()
    {
        const auto session = signIn(newUser());
        QVERIFY(m_auth->logout(principal(session.token)).has_value());
        auto revoked = m_auth->authenticate(session.token);
        QVERIFY(!revoked);
        QVERIFY(revoked.error().message.find("ended") != std::string::npos);
        QVERIFY(!m_auth->authenticate("not-a-token").has_value());
        QVERIFY(!m_auth->authenticate("").has_value());
    }

    void refreshRotatesTheToken()
    {
        const auto session = signIn(newUser());
        m_clock.advance(30min);
        auto refreshed = m_auth->refresh(principal(session.token));
        QVERIFY(refreshed.has_value());
        QVERIFY(refreshed->token != session.token);
        QCOMPARE(refreshed->expiresAt, m_clock.now() + 60min);
        QVERIFY(!m_auth->authenticate(session.token).has_value());
        QVERIFY(m_auth->authenticate(refreshed->token).has_value());
    }

    void changePasswordChecksPolicyAndRevokesOthers()
    {
        const std::string name = newUser();
        const auto current = signIn(name);
        const auto other = signIn(name);
        const auto who = principal(current.token);
        auto wrongCurrent = m_auth->changePassword(who, "Not-The-Password-1", "New-Secret-Pass-7");
        QCOMPARE(wrongCurrent.error().code, ErrorCode::InvalidArgument);
        auto weak = m_auth->changePassword(who, kPassword, "short");
        QCOMPARE(weak.error().code, ErrorCode::InvalidArgument);
        QVERIFY(m_auth->changePassword(who, kPassword, "New-Secret-Pass-7").has_value());
        QVERIFY(m_auth->authenticate(current.token).has_value());
        QVERIFY(!m_auth->authenticate(other.token).has_value());
        QVERIFY(!m_auth->login(name, kPassword, "t").has_value());
        QVERIFY(m_auth->login(name, "New-Secret-Pass-7", "t").has_value());
    }

    void totpEnrolmentAndSignIn()
    {
        const std::string name = newUser();
        const auto who = principal(signIn(name).token);
        QCOMPARE(m_auth->beginTotpEnrollment(who, "wrong").error().code,
                 ErrorCode::InvalidArgument);
        auto enrollment = m_auth->beginTotpEnrollment(who, kPassword);
        QVERIFY(enrollment.has_value());
        QVERIFY(enrollment->otpauthUri.starts_with("otpauth://totp/BotCriptoFy2:" + name));
        QCOMPARE(m_auth->confirmTotpEnrollment(who, "000000").error().code,
                 ErrorCode::InvalidArgument);
        auto codes = m_auth->confirmTotpEnrollment(who, currentCode(enrollment->secretBase32));
        QVERIFY(codes.has_value());
        QCOMPARE(codes->size(), std::size_t(10));
        // The secret is sealed at rest: the stored bytes are not the raw seed.
        QCOMPARE(m_postgres.psql(QStringLiteral("auth"),
                                 QStringLiteral("SELECT length(totp_secret) > 20 FROM users "
                                                "WHERE username = '%1'")
                                     .arg(QString::fromStdString(name))),
                 QStringLiteral("t"));

        // Password alone now yields a challenge, not a session.
        m_clock.advance(30s);
        auto outcome = m_auth->login(name, kPassword, "t");
        QVERIFY(outcome.has_value());
        const auto *challenge = std::get_if<auth::SecondFactorChallenge>(&*outcome);
        QVERIFY(challenge);
        QVERIFY(!m_auth->authenticate(challenge->challenge).has_value());

        const std::string wrongCode = currentCode(enrollment->secretBase32) == "123456" ? "654321"
                                                                                          : "123456";
        auto bad = m_auth->verifyTotp(challenge->challenge, wrongCode);
        QCOMPARE(bad.error().code, ErrorCode::Unauthenticated);
        const std::string code = currentCode(enrollment->secretBase32);
        auto good = m_auth->verifyTotp(challenge->challenge, code);
        QVERIFY2(good.has_value(), good ? "" : good.error().message.c_str());
        QVERIFY(m_auth->authenticate(good->token).has_value());
        // The challenge is spent.
        QVERIFY(!m_auth->verifyTotp(challenge->challenge, code).has_value());

        // Replay: the same code on a fresh challenge is refused.
        auto again = std::get<auth::SecondFactorChallenge>(*m_auth->login(name, kPassword, "t"));
        auto replay = m_auth->verifyTotp(again.challenge, code);
        QVERIFY(!replay);
        QVERIFY2(replay.error().message.find("already used") != std::string::npos,
                 replay.error().message.c_str());

        // A recovery code works once, in any case and with or without dashes.
        std::string recovery = codes->front();
        std::string shouted;
        for (char c : recovery)
            if (c != '-')
                shouted += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        QVERIFY(m_auth->verifyRecoveryCode(again.challenge, shouted).has_value());
        auto third = std::get<auth::SecondFactorChallenge>(*m_auth->login(name, kPassword, "t"));
        QCOMPARE(m_auth->verifyRecoveryCode(third.challenge, recovery).error().code,
                 ErrorCode::Unauthenticated);

        // The challenge expires.
        m_clock.advance(301s);
        QVERIFY(!m_auth->verifyTotp(third.challenge, currentCode(enrollment->secretBase32)));

        // Turning 2FA off needs password and a fresh code.
        const auto session = m_auth->verifyRecoveryCode(
            std::get<auth::SecondFactorChallenge>(*m_auth->login(name, kPassword, "t")).challenge,
            (*codes)[1]);
        QVERIFY(session.has_value());
        m_clock.advance(30s);
        QVERIFY(m_auth->disableTotp(principal(session->token), kPassword,
                                    currentCode(enrollment->secretBase32))
                    .has_value());
        QVERIFY(std::holds_alternative<auth::IssuedSession>(*m_auth->login(name, kPassword, "t")));
    }

    void disabledAccountCannotSignIn()
    {
        const std::string name = newUser();
        const auto session = signIn(name);
        auto user = m_auth->findUser(name);
        QVERIFY(user.has_value());
        QVERIFY(m_auth->setDisabled(user->id, true).has_value());
        QVERIFY(!m_auth->authenticate(session.token).has_value());
        auto denied = m_auth->login(name, kPassword, "t");
        QCOMPARE(denied.error().code, ErrorCode::PermissionDenied);
        QVERIFY(m_auth->setDisabled(user->id, false).has_value());
        QVERIFY(m_auth->login(name, kPassword, "t").has_value());
    }

    void lastAdminCannotBeDemotedOrDisabled()
    {
        const std::string first = newUser(auth::Role::Admin);
        const auto firstId = m_auth->findUser(first)->id;
        // Other tests' admins would count: disable every other admin first.
        const auto users = m_auth->listUsers();
        QVERIFY(users.has_value());
        for (const auto &user : *users)
            if (user.role == auth::Role::Admin && user.id != firstId)
                QVERIFY(m_auth->setRole(user.id, auth::Role::Trader).has_value());
        auto demoted = m_auth->setRole(firstId, auth::Role::Trader);
        QCOMPARE(demoted.error().code, ErrorCode::FailedPrecondition);
        QCOMPARE(m_auth->setDisabled(firstId, true).error().code, ErrorCode::FailedPrecondition);
        const std::string second = newUser(auth::Role::Admin);
        QVERIFY(m_auth->setRole(firstId, auth::Role::Trader).has_value());
        QCOMPARE(m_auth->setDisabled(m_auth->findUser(second)->id, true).error().code,
                 ErrorCode::FailedPrecondition);
    }

    // Knowing the password must not buy fresh code guesses: failures of the second step count
    // across sign-ins until the account locks.
    void secondFactorFailuresAccumulateAcrossSignIns()
    {
        const std::string name = newUser();
        const auto who = principal(signIn(name).token);
        auto enrollment = m_auth->beginTotpEnrollment(who, kPassword);
        QVERIFY(enrollment.has_value());
        QVERIFY(m_auth->confirmTotpEnrollment(who, currentCode(enrollment->secretBase32)));
        const std::string wrong = currentCode(enrollment->secretBase32, 5);
        for (int attempt = 1; attempt <= 5; ++attempt) {
            auto outcome = m_auth->login(name, kPassword, "t");
            QVERIFY2(outcome.has_value(), outcome ? "" : outcome.error().message.c_str());
            const auto challenge = std::get<auth::SecondFactorChallenge>(*outcome).challenge;
            auto verified = m_auth->verifyTotp(challenge, wrong);
            QCOMPARE(verified.error().code, attempt < 5 ? ErrorCode::Unauthenticated
                                                        : ErrorCode::ResourceExhausted);
        }
        QCOMPARE(m_auth->login(name, kPassword, "t").error().code, ErrorCode::ResourceExhausted);
    }

    void adminOperations()
    {
        const std::string name = newUser();
        auto user = m_auth->findUser(name);
        QVERIFY(user.has_value());
        QCOMPARE(m_auth->setRole(user->id, auth::Role::Auditor)->role, auth::Role::Auditor);
        QCOMPARE(m_auth->setRole(999999, auth::Role::Admin).error().code, ErrorCode::NotFound);
        QCOMPARE(m_auth->createUser("x", kPassword, auth::Role::Trader).error().code,
                 ErrorCode::InvalidArgument);
        QCOMPARE(m_auth->createUser("weakling", "weak", auth::Role::Trader).error().code,
                 ErrorCode::InvalidArgument);
        auto users = m_auth->listUsers();
        QVERIFY(users.has_value());
        QVERIFY(users->size() >= std::size_t(m_userCounter));
    }
};

QTEST_GUILESS_MAIN(TestAuthService)
#include "test_auth_service.moc"
