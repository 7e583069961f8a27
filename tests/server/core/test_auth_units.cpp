// Unit tests of the auth building blocks: TOTP against RFC 4226/6238 vectors, base32, the password
// policy, roles and permissions, token and secret handling. No network, no database, no clock.
#include "auth/crypto.h"
#include "auth/password_policy.h"
#include "auth/roles.h"
#include "auth/totp.h"
#include "rpc/authorization.h"

#include <bcf/v1/auth.pb.h>
#include <bcf/v1/market_data.pb.h>
#include <bcf/v1/strategy.pb.h>
#include <bcf/v1/bots.pb.h>
#include <bcf/v1/jobs.pb.h>
#include <bcf/v1/models.pb.h>
#include <bcf/v1/news.pb.h>
#include <bcf/v1/trading.pb.h>
#include <bcf/v1/system.pb.h>
#include <google/protobuf/descriptor.h>

#include <QTest>

using namespace bcf;

namespace {

auth::Bytes bytesOf(std::string_view text)
{
    return auth::Bytes(text.begin(), text.end());
}

} // namespace

class TestAuthUnits final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(auth::initCrypto().has_value()); }

    void hotpMatchesRfc4226()
    {
        const auto secret = bytesOf("12345678901234567890");
        const char *expected[] = {"755224", "287082", "359152", "969429", "338314",
                                  "254676", "287922", "162583", "399871", "520489"};
        for (std::uint64_t counter = 0; counter < 10; ++counter)
            QCOMPARE(QString::fromStdString(auth::hotp(secret, counter)),
                     QString::fromLatin1(expected[counter]));
    }

    void totpMatchesRfc6238()
    {
        // RFC 6238 appendix B (SHA1), last six digits of the eight-digit values.
        const auto secret = bytesOf("12345678901234567890");
        const std::pair<std::int64_t, const char *> vectors[] = {
            {59, "287082"}, {1111111109, "081804"}, {1111111111, "050471"},
            {1234567890, "005924"}, {2000000000, "279037"}};
        for (const auto &[time, code] : vectors)
            QCOMPARE(QString::fromStdString(auth::hotp(secret, auth::totpStep(time))),
                     QString::fromLatin1(code));
    }

    void totpWindowAcceptsNeighboursOnly()
    {
        const auto secret = bytesOf("12345678901234567890");
        const std::int64_t step = 1000;
        QCOMPARE(auth::matchTotp(secret, auth::hotp(secret, 999), step), std::optional<std::int64_t>(999));
        QCOMPARE(auth::matchTotp(secret, auth::hotp(secret, 1001), step), std::optional<std::int64_t>(1001));
        QVERIFY(!auth::matchTotp(secret, auth::hotp(secret, 998), step));
        QVERIFY(!auth::matchTotp(secret, "12345", step));
        QVERIFY(!auth::matchTotp(secret, "abcdef", step));
    }

    void base32RoundTrip()
    {
        QCOMPARE(QString::fromStdString(auth::base32Encode(bytesOf("foobar"))),
                 QStringLiteral("MZXW6YTBOI"));
        QCOMPARE(QString::fromStdString(auth::base32Encode(bytesOf("f"))), QStringLiteral("MY"));
        const auto random = auth::randomBytes(20);
        QCOMPARE(auth::base32Decode(auth::base32Encode(random)).value(), random);
        QVERIFY(!auth::base32Decode("not base32!"));
    }

    void otpauthUriHasTheParameters()
    {
        const std::string uri = auth::otpauthUri("BotCriptoFy2", "alice", bytesOf("12345678901234567890"));
        QCOMPARE(QString::fromStdString(uri),
                 QStringLiteral("otpauth://totp/BotCriptoFy2:alice?secret="
                                "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=BotCriptoFy2"
                                "&algorithm=SHA1&digits=6&period=30"));
    }

    void passwordPolicy_data()
    {
        QTest::addColumn<QString>("password");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("good") << QStringLiteral("Correct-Horse-9") << true << QString();
        QTest::newRow("short") << QStringLiteral("Ab1!short") << false << QStringLiteral("at least 12");
        QTest::newRow("one class") << QStringLiteral("alllowercaseletters") << false
                                   << QStringLiteral("three of");
        QTest::newRow("contains user") << QStringLiteral("Alice-Secret-2026") << false
                                       << QStringLiteral("user name");
        QTest::newRow("common word") << QStringLiteral("MyPassword-2026") << false
                                     << QStringLiteral("commonly used");
        QTest::newRow("too long") << QString(129, QLatin1Char('a')) + QStringLiteral("A1") << false
                                  << QStringLiteral("at most 128");
    }

    void passwordPolicy()
    {
        QFETCH(QString, password);
        QFETCH(bool, accepted);
        QFETCH(QString, messagePart);
        const auto result = auth::checkPasswordPolicy(password.toStdString(), "alice");
        QCOMPARE(result.has_value(), accepted);
        if (!accepted) {
            QCOMPARE(result.error().code, ErrorCode::InvalidArgument);
            QVERIFY2(QString::fromStdString(result.error().message).contains(messagePart),
                     result.error().message.c_str());
        }
    }

    void usernames()
    {
        QVERIFY(auth::checkUsername("alice.trader-1").has_value());
        QVERIFY(!auth::checkUsername("al").has_value());
        QVERIFY(!auth::checkUsername("1alice").has_value());
        QVERIFY(!auth::checkUsername("alice smith").has_value());
        QVERIFY(!auth::checkUsername(std::string(33, 'a')).has_value());
    }

    void rolesAndPermissions()
    {
        using namespace auth;
        for (Role role : allRoles()) {
            QCOMPARE(parseRole(roleName(role)).value(), role);
            QVERIFY(hasPermission(role, permission::Self));
            QVERIFY(hasPermission(role, permission::MarketRead));
        }
        QVERIFY(!parseRole("root"));
        QVERIFY(!hasPermission(Role::Trader, permission::UsersRead));
        QVERIFY(!hasPermission(Role::Support, permission::UsersWrite));
        QVERIFY(hasPermission(Role::Auditor, permission::UsersRead));
        QVERIFY(hasPermission(Role::Admin, permission::UsersWrite));
        // Everyone reads their own strategies; traders and admins write them.
        for (Role role : allRoles()) {
            QVERIFY(hasPermission(role, permission::StrategyRead));
            QCOMPARE(hasPermission(role, permission::StrategyWrite),
                     role == Role::Trader || role == Role::Admin);
            // Only traders and admins trade (their own accounts).
            QCOMPARE(hasPermission(role, permission::TradingRead),
                     role == Role::Trader || role == Role::Admin);
            QCOMPARE(hasPermission(role, permission::TradingWrite),
                     role == Role::Trader || role == Role::Admin);
            // Only traders and admins run compute jobs (their own).
            QCOMPARE(hasPermission(role, permission::JobsRead), role == Role::Trader || role == Role::Admin);
            QCOMPARE(hasPermission(role, permission::JobsWrite), role == Role::Trader || role == Role::Admin);
            // The news is read by traders, admins, support and auditors; its feeds are for admins.
            QCOMPARE(hasPermission(role, permission::NewsRead), role == Role::Trader || role == Role::Admin ||
                                                                    role == Role::Support || role == Role::Auditor);
            QCOMPARE(hasPermission(role, permission::NewsAdmin), role == Role::Admin);
        }
    }

    // Deny by default only works if every real RPC is in the table; a new RPC without an entry
    // would be unreachable, so the table must list each method of the bcf.v1 services.
    void everyRpcHasAPermission()
    {
        const auto &table = core::methodPermissions();
        std::vector<const google::protobuf::ServiceDescriptor *> services;
        for (const auto *file : {v1::LoginRequest::descriptor()->file(),
                                 v1::GetCandlesRequest::descriptor()->file(),
                                 v1::SaveStrategyRequest::descriptor()->file(),
                                 v1::PlaceOrderRequest::descriptor()->file(),
                                 v1::CreateBotRequest::descriptor()->file(),
                                 v1::SubmitBacktestRequest::descriptor()->file(),
                                 v1::ModelVersion::descriptor()->file(),
                                 v1::NewsFeed::descriptor()->file(),
                                 v1::ServerInfo::descriptor()->file()}) {
            for (int i = 0; i < file->service_count(); ++i)
                services.push_back(file->service(i));
        }
        QCOMPARE(services.size(), std::size_t(10));
        for (const auto *service : services) {
            for (int i = 0; i < service->method_count(); ++i) {
                const std::string path = "/" + service->full_name() + "/"
                                         + service->method(i)->name();
                const auto entry = table.find(path);
                QVERIFY2(entry != table.end(), path.c_str());
                const std::string &permission = entry->second;
                QVERIFY2(permission.empty() || permission == auth::permission::Self
                             || permission == auth::permission::SystemRead
                             || permission == auth::permission::UsersRead
                             || permission == auth::permission::UsersWrite
                             || permission == auth::permission::MarketRead
                             || permission == auth::permission::StrategyRead
                             || permission == auth::permission::StrategyWrite
                             || permission == auth::permission::TradingRead
                             || permission == auth::permission::TradingWrite
                             || permission == auth::permission::JobsRead
                             || permission == auth::permission::JobsWrite
                             || permission == auth::permission::ModelsRead
                             || permission == auth::permission::ModelsWrite
                             || permission == auth::permission::NewsRead
                             || permission == auth::permission::NewsAdmin,
                         permission.c_str());
            }
        }
        QVERIFY(table.at("/bcf.v1.AuthService/Login").empty());
        QCOMPARE(QString::fromStdString(table.at("/bcf.v1.UserAdminService/ListUsers")),
                 QStringLiteral("users.read"));
        QCOMPARE(QString::fromStdString(table.at("/bcf.v1.StrategyService/SaveStrategy")),
                 QStringLiteral("strategy.write"));
        QCOMPARE(QString::fromStdString(table.at("/bcf.v1.StrategyService/GetStrategy")),
                 QStringLiteral("strategy.read"));
        QCOMPARE(QString::fromStdString(table.at("/bcf.v1.TradingService/PlaceOrder")),
                 QStringLiteral("trading.write"));
        QCOMPARE(QString::fromStdString(table.at("/bcf.v1.TradingService/ListOrders")),
                 QStringLiteral("trading.read"));
        QCOMPARE(QString::fromStdString(table.at("/bcf.v1.JobService/SubmitBacktest")), QStringLiteral("jobs.write"));
        QCOMPARE(QString::fromStdString(table.at("/bcf.v1.JobService/StreamJobs")), QStringLiteral("jobs.read"));
        QCOMPARE(QString::fromStdString(table.at("/bcf.v1.JobService/SubmitTraining")), QStringLiteral("jobs.write"));
        QCOMPARE(QString::fromStdString(table.at("/bcf.v1.ModelService/GetModel")), QStringLiteral("models.read"));
        QCOMPARE(QString::fromStdString(table.at("/bcf.v1.ModelService/PromoteModel")),
                 QStringLiteral("models.write"));
        QVERIFY(auth::hasPermission(auth::Role::Trader, "models.write"));
        QVERIFY(!auth::hasPermission(auth::Role::Auditor, "models.read"));
    }

    void tokensAreRandomAndStoredHashed()
    {
        const std::string first = auth::newToken();
        const std::string second = auth::newToken();
        QCOMPARE(first.size(), std::size_t(43));
        QVERIFY(first != second);
        QCOMPARE(auth::hashToken(first).size(), std::size_t(32));
        QCOMPARE(auth::hashToken(first), auth::hashToken(first));
        QVERIFY(auth::hashToken(first) != auth::hashToken(second));
    }

    void passwordHashesAreArgon2id()
    {
        const auto hash = auth::hashPassword("Correct-Horse-9");
        QVERIFY(hash.has_value());
        QVERIFY(hash->starts_with("$argon2id$"));
        QVERIFY(auth::verifyPassword(*hash, "Correct-Horse-9"));
        QVERIFY(!auth::verifyPassword(*hash, "correct-horse-9"));
    }

    void sealedSecretsNeedTheKey()
    {
        const auto key = auth::parseSecretKey(std::string(64, 'a'));
        QVERIFY(key.has_value());
        const auto plain = bytesOf("totp seed");
        const auto sealed = auth::seal(*key, plain);
        QVERIFY(sealed != plain);
        QCOMPARE(auth::unseal(*key, sealed).value(), plain);
        const auto otherKey = auth::parseSecretKey(std::string(64, 'b'));
        QVERIFY(!auth::unseal(*otherKey, sealed).has_value());
        QVERIFY(!auth::parseSecretKey("abc").has_value());
        QVERIFY(!auth::parseSecretKey(std::string(64, 'z')).has_value());
    }
};

QTEST_APPLESS_MAIN(TestAuthUnits)
#include "test_auth_units.moc"
