// bcf.v1.StrategyService on a real bcf-core over TLS, with a private PostgreSQL and Redis: saving
// appends versions with optimistic concurrency, sources must compile, each user sees only their
// own strategies, and the roles' permissions hold.
#include "common/tls.h"
#include "support/local_services.h"
#include "support/stack_config.h"

#include <bcf/v1/auth.grpc.pb.h>
#include <bcf/v1/strategy.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QRegularExpression>
#include <QTest>

#include <algorithm>
#include <map>
#include <thread>
#include <vector>

using namespace bcf;

namespace {

constexpr const char *kPassword = "Strategy-Secret-2026";

// Compiles (shared/strategy/templates.cpp has longer examples).
constexpr const char *kSource = "strategy \"SMA cross\"\n"
                                "param fast = 10 range 5..50 step 5\n"
                                "long entry when crossover(sma(close, fast), sma(close, 30))\n"
                                "long exit when crossunder(sma(close, fast), sma(close, 30))\n";
constexpr const char *kSourceWithStop =
    "strategy \"SMA cross\"\n"
    "long entry when crossover(sma(close, 10), sma(close, 30))\n"
    "stop_loss 2%\n";

QByteArray describe(const grpc::Status &status)
{
    return QByteArray::number(int(status.error_code())) + " "
           + QByteArray::fromStdString(status.error_message());
}

} // namespace

class TestStrategyService final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    test::TestCertificates m_certificates;
    std::unique_ptr<test::ServerProcess> m_core;
    quint16 m_corePort = 0;
    std::shared_ptr<grpc::Channel> m_channel;
    std::unique_ptr<v1::StrategyService::Stub> m_stub;
    std::map<std::string, std::string> m_tokens; // user name -> session token

    std::string tokenOf(const std::string &user)
    {
        if (auto known = m_tokens.find(user); known != m_tokens.end())
            return known->second;
        auto stub = v1::AuthService::NewStub(m_channel);
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        v1::LoginRequest request;
        request.set_username(user);
        request.set_password(kPassword);
        v1::LoginResponse response;
        const grpc::Status status = stub->Login(&context, request, &response);
        if (!status.ok() || !response.has_session())
            qFatal("login %s: %s", user.c_str(), status.error_message().c_str());
        return m_tokens[user] = response.session().token();
    }

    // A client context of `user` with a deadline.
    std::unique_ptr<grpc::ClientContext> as(const std::string &user)
    {
        auto context = std::make_unique<grpc::ClientContext>();
        context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        context->AddMetadata("authorization", "Bearer " + tokenOf(user));
        return context;
    }

    grpc::Status save(const std::string &user, const std::string &name, const std::string &source,
                      int expectedVersion, v1::StrategyDocument &document,
                      const std::string &comment = {})
    {
        v1::SaveStrategyRequest request;
        request.set_name(name);
        request.set_source(source);
        request.set_comment(comment);
        request.set_expected_version(expectedVersion);
        return m_stub->SaveStrategy(as(user).get(), request, &document);
    }

    grpc::Status get(const std::string &user, const std::string &name, int version,
                     v1::StrategyDocument &document)
    {
        v1::GetStrategyRequest request;
        request.set_name(name);
        request.set_version(version);
        return m_stub->GetStrategy(as(user).get(), request, &document);
    }

    grpc::Status list(const std::string &user, v1::ListStrategiesResponse &response)
    {
        return m_stub->ListStrategies(as(user).get(), {}, &response);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_certificates.ok());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_postgres.createDatabase(QStringLiteral("botcriptofy")),
                 qPrintable(m_postgres.error()));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        m_corePort = test::freePort();
        m_core = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_CORE_BINARY),
                                                       QStringLiteral("core"));
        QVERIFY(m_core->start(test::serverConfig(QStringLiteral("core-strategies"), m_corePort,
                                                 m_postgres, m_redis.port(), m_certificates,
                                                 test::authSection(m_certificates))));
        const QString ca = m_certificates.path(QStringLiteral("ca.crt"));
        QVERIFY2(m_core->waitServing(m_corePort, ca), qPrintable(m_core->output()));
        const QString bcfctl = QStringLiteral(BCF_CTL_BINARY);
        for (const auto &[user, role] : {std::pair{"alice", "trader"}, std::pair{"bob", "trader"},
                                         std::pair{"root", "admin"},
                                         std::pair{"audrey", "auditor"}})
            QVERIFY(test::addUser(bcfctl, m_core->configPath(), QString::fromLatin1(user),
                                  QString::fromLatin1(role), QString::fromLatin1(kPassword)));
        auto credentials = server::makeChannelCredentials(ca.toStdString());
        m_channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(m_corePort), *credentials);
        m_stub = v1::StrategyService::NewStub(m_channel);
    }

    void savingAppendsVersions()
    {
        v1::StrategyDocument first;
        grpc::Status status = save("alice", "SMA cross", kSource, 0, first, "first try");
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(first.version(), 1);
        QCOMPARE(first.name(), std::string("SMA cross"));
        QCOMPARE(first.source(), std::string(kSource));
        QCOMPARE(first.comment(), std::string("first try"));
        QCOMPARE(first.author(), std::string("alice"));
        QVERIFY(first.id() > 0);
        QVERIFY(first.created_at_unix_ms() > 0);

        v1::StrategyDocument second;
        status = save("alice", "SMA cross", kSourceWithStop, 1, second, "with a stop");
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(second.version(), 2);
        QCOMPARE(second.id(), first.id());
        QVERIFY(second.created_at_unix_ms() >= first.created_at_unix_ms());
    }

    void staleVersionIsRefused()
    {
        v1::StrategyDocument document;
        const grpc::Status status = save("alice", "SMA cross", kSource, 1, document);
        QCOMPARE(status.error_code(), grpc::FAILED_PRECONDITION);
        QVERIFY2(status.error_message().find("changed on the server since you opened it: "
                                             "version 2 is the latest")
                     != std::string::npos,
                 describe(status));
        // Nothing was stored.
        QVERIFY(get("alice", "SMA cross", 3, document).error_code() == grpc::NOT_FOUND);
    }

    void creatingATakenNameIsRefused()
    {
        v1::StrategyDocument document;
        const grpc::Status status = save("alice", "SMA cross", kSource, 0, document);
        QCOMPARE(status.error_code(), grpc::ALREADY_EXISTS);
        QVERIFY2(status.error_message().find("SMA cross") != std::string::npos,
                 describe(status));
    }

    void appendingToAnUnknownNameIsNotFound()
    {
        v1::StrategyDocument document;
        const grpc::Status status = save("alice", "Nothing here", kSource, 1, document);
        QCOMPARE(status.error_code(), grpc::NOT_FOUND);
    }

    void sourceMustCompile()
    {
        v1::StrategyDocument document;
        const grpc::Status status = save("alice", "Broken",
                                         "strategy \"Broken\"\nlong entry when close >\n", 0,
                                         document);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        const QString message = QString::fromStdString(status.error_message());
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d+:\\d+: \\S")).match(message).hasMatch(),
                 qPrintable(message));
        QVERIFY2(message.startsWith(QStringLiteral("2:")), qPrintable(message)); // "close >"
        // Nothing was created.
        QCOMPARE(get("alice", "Broken", 0, document).error_code(), grpc::NOT_FOUND);

        // A bad version of an existing strategy leaves it as it was.
        QCOMPARE(save("alice", "SMA cross", "long entry when nonsense(", 2, document)
                     .error_code(),
                 grpc::INVALID_ARGUMENT);
        QVERIFY(get("alice", "SMA cross", 0, document).ok());
        QCOMPARE(document.version(), 2);
    }

    void namesSizesAndCommentsAreChecked()
    {
        v1::StrategyDocument document;
        QCOMPARE(save("alice", "", kSource, 0, document).error_code(), grpc::INVALID_ARGUMENT);
        QCOMPARE(save("alice", std::string(81, 'n'), kSource, 0, document).error_code(),
                 grpc::INVALID_ARGUMENT);
        QVERIFY2(save("alice", std::string(80, 'n'), kSource, 0, document).ok(), "80 characters");
        QCOMPARE(save("alice", "tab\there", kSource, 0, document).error_code(),
                 grpc::INVALID_ARGUMENT);
        QCOMPARE(save("alice", " padded", kSource, 0, document).error_code(),
                 grpc::INVALID_ARGUMENT);
        QCOMPARE(save("alice", "Negative", kSource, -1, document).error_code(),
                 grpc::INVALID_ARGUMENT);
        const grpc::Status tooBig = save("alice", "Huge",
                                         std::string(kSource) + "#"
                                             + std::string(64 * 1024, 'x') + "\n",
                                         0, document);
        QCOMPARE(tooBig.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(tooBig.error_message().find("65536") != std::string::npos, describe(tooBig));
        QCOMPARE(save("alice", "Chatty", kSource, 0, document, std::string(501, 'c')).error_code(),
                 grpc::INVALID_ARGUMENT);
        // Names are not limited to ASCII: 80 characters, not bytes.
        std::string accented;
        for (int i = 0; i < 80; ++i)
            accented += "\xC3\xA9"; // é
        QVERIFY(save("alice", accented, kSource, 0, document).ok());
        v1::DeleteStrategyRequest request;
        request.set_name(accented);
        v1::DeleteStrategyResponse deleted;
        QVERIFY(m_stub->DeleteStrategy(as("alice").get(), request, &deleted).ok());
        request.set_name(std::string(80, 'n'));
        QVERIFY(m_stub->DeleteStrategy(as("alice").get(), request, &deleted).ok());
    }

    void getLatestAndSpecificVersions()
    {
        v1::StrategyDocument document;
        grpc::Status status = get("alice", "SMA cross", 0, document);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(document.version(), 2);
        QCOMPARE(document.source(), std::string(kSourceWithStop));
        QCOMPARE(document.comment(), std::string("with a stop"));

        status = get("alice", "SMA cross", 1, document);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(document.version(), 1);
        QCOMPARE(document.source(), std::string(kSource));
        QCOMPARE(document.author(), std::string("alice"));

        status = get("alice", "SMA cross", 7, document);
        QCOMPARE(status.error_code(), grpc::NOT_FOUND);
        QVERIFY2(status.error_message().find("no version 7; the latest is 2") != std::string::npos,
                 describe(status));
        status = get("alice", "Missing", 0, document);
        QCOMPARE(status.error_code(), grpc::NOT_FOUND);
        QVERIFY2(status.error_message().find("\"Missing\"") != std::string::npos,
                 describe(status));
    }

    void listAndVersions()
    {
        v1::StrategyDocument other;
        QVERIFY(save("alice", "Another one", kSource, 0, other).ok());
        v1::ListStrategiesResponse listed;
        grpc::Status status = list("alice", listed);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(listed.strategies_size(), 2);
        QCOMPARE(listed.strategies(0).name(), std::string("Another one")); // by name
        QCOMPARE(listed.strategies(0).latest_version(), 1);
        QCOMPARE(listed.strategies(1).name(), std::string("SMA cross"));
        QCOMPARE(listed.strategies(1).latest_version(), 2);
        QVERIFY(listed.strategies(1).updated_at_unix_ms() > 0);

        v1::ListStrategyVersionsRequest request;
        request.set_name("SMA cross");
        v1::ListStrategyVersionsResponse versions;
        status = m_stub->ListStrategyVersions(as("alice").get(), request, &versions);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(versions.versions_size(), 2);
        QCOMPARE(versions.versions(0).version(), 2); // newest first
        QCOMPARE(versions.versions(0).comment(), std::string("with a stop"));
        QCOMPARE(versions.versions(0).author(), std::string("alice"));
        QCOMPARE(versions.versions(0).source_bytes(),
                 std::int64_t(std::string_view(kSourceWithStop).size()));
        QCOMPARE(versions.versions(1).version(), 1);
        QCOMPARE(versions.versions(1).comment(), std::string("first try"));

        request.set_name("Missing");
        QCOMPARE(m_stub->ListStrategyVersions(as("alice").get(), request, &versions).error_code(),
                 grpc::NOT_FOUND);
    }

    void otherUsersCannotSeeOrOverwrite()
    {
        v1::ListStrategiesResponse listed;
        QVERIFY(list("bob", listed).ok());
        QCOMPARE(listed.strategies_size(), 0);
        v1::StrategyDocument document;
        QCOMPARE(get("bob", "SMA cross", 0, document).error_code(), grpc::NOT_FOUND);
        QCOMPARE(get("root", "SMA cross", 1, document).error_code(), grpc::NOT_FOUND);
        QCOMPARE(save("bob", "SMA cross", kSource, 2, document).error_code(), grpc::NOT_FOUND);
        v1::DeleteStrategyRequest erase;
        erase.set_name("SMA cross");
        v1::DeleteStrategyResponse erased;
        QCOMPARE(m_stub->DeleteStrategy(as("bob").get(), erase, &erased).error_code(),
                 grpc::NOT_FOUND);

        // Bob's strategy of the same name is his own, starting at version 1.
        grpc::Status status = save("bob", "SMA cross", kSourceWithStop, 0, document);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(document.version(), 1);
        QCOMPARE(document.author(), std::string("bob"));
        QVERIFY(get("alice", "SMA cross", 0, document).ok());
        QCOMPARE(document.version(), 2);
        QCOMPARE(document.author(), std::string("alice"));
    }

    void permissionsOfTheRoles()
    {
        // The auditor reads (their own, so nothing) but cannot write.
        v1::ListStrategiesResponse listed;
        grpc::Status status = list("audrey", listed);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(listed.strategies_size(), 0);
        v1::StrategyDocument document;
        status = save("audrey", "Mine", kSource, 0, document);
        QCOMPARE(status.error_code(), grpc::PERMISSION_DENIED);
        QVERIFY2(status.error_message().find("strategy.write") != std::string::npos,
                 describe(status));
        v1::DeleteStrategyRequest erase;
        erase.set_name("SMA cross");
        v1::DeleteStrategyResponse erased;
        QCOMPARE(m_stub->DeleteStrategy(as("audrey").get(), erase, &erased).error_code(),
                 grpc::PERMISSION_DENIED);

        // An admin writes.
        status = save("root", "Admin's", kSource, 0, document);
        QVERIFY2(status.ok(), describe(status));

        // No token, no strategies.
        grpc::ClientContext anonymous;
        anonymous.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        QCOMPARE(m_stub->ListStrategies(&anonymous, {}, &listed).error_code(),
                 grpc::UNAUTHENTICATED);
    }

    void renameKeepsVersions()
    {
        v1::RenameStrategyRequest request;
        request.set_name("Another one");
        request.set_new_name("SMA cross");
        v1::StrategySummary summary;
        QCOMPARE(m_stub->RenameStrategy(as("alice").get(), request, &summary).error_code(),
                 grpc::ALREADY_EXISTS);
        request.set_new_name("Renamed");
        grpc::Status status = m_stub->RenameStrategy(as("alice").get(), request, &summary);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(summary.name(), std::string("Renamed"));
        QCOMPARE(summary.latest_version(), 1);
        v1::StrategyDocument document;
        QVERIFY(get("alice", "Renamed", 1, document).ok());
        QCOMPARE(get("alice", "Another one", 0, document).error_code(), grpc::NOT_FOUND);
        request.set_name("Missing");
        QCOMPARE(m_stub->RenameStrategy(as("alice").get(), request, &summary).error_code(),
                 grpc::NOT_FOUND);
    }

    void deleteRemovesEveryVersion()
    {
        v1::DeleteStrategyRequest request;
        request.set_name("SMA cross");
        v1::DeleteStrategyResponse response;
        grpc::Status status = m_stub->DeleteStrategy(as("alice").get(), request, &response);
        QVERIFY2(status.ok(), describe(status));
        v1::StrategyDocument document;
        QCOMPARE(get("alice", "SMA cross", 1, document).error_code(), grpc::NOT_FOUND);
        QCOMPARE(m_stub->DeleteStrategy(as("alice").get(), request, &response).error_code(),
                 grpc::NOT_FOUND);
        // Bob's strategy of the same name is untouched.
        QVERIFY(get("bob", "SMA cross", 0, document).ok());
        // Its versions went with it (and versions are immutable in the database).
        bool ok = false;
        const QString remaining = m_postgres.psql(
            QStringLiteral("botcriptofy"),
            QStringLiteral("SELECT count(*) FROM strategy_versions v JOIN strategies s"
                           " ON s.id = v.strategy_id JOIN users u ON u.id = s.owner_id"
                           " WHERE u.username = 'alice'"),
            &ok);
        QVERIFY2(ok, qPrintable(m_postgres.error()));
        QCOMPARE(remaining, QStringLiteral("1")); // "Renamed", version 1
        m_postgres.psql(QStringLiteral("botcriptofy"),
                        QStringLiteral("UPDATE strategy_versions SET source = ''"), &ok);
        QVERIFY(!ok);
    }

    // Concurrent saves of the same version: exactly one becomes the next version.
    void concurrentSavesOfOneVersion()
    {
        v1::StrategyDocument document;
        QVERIFY(save("alice", "Race", kSource, 0, document).ok());
        const std::string token = tokenOf("alice");
        constexpr int kWriters = 6;
        std::vector<grpc::StatusCode> codes(kWriters);
        std::vector<std::thread> writers;
        for (int i = 0; i < kWriters; ++i) {
            writers.emplace_back([&, i] {
                grpc::ClientContext context;
                context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
                context.AddMetadata("authorization", "Bearer " + token);
                v1::SaveStrategyRequest request;
                request.set_name("Race");
                request.set_source(kSourceWithStop);
                request.set_comment("writer " + std::to_string(i));
                request.set_expected_version(1);
                v1::StrategyDocument saved;
                codes[std::size_t(i)] = m_stub->SaveStrategy(&context, request, &saved)
                                            .error_code();
            });
        }
        for (auto &writer : writers)
            writer.join();
        QCOMPARE(std::count(codes.begin(), codes.end(), grpc::OK), std::ptrdiff_t(1));
        QCOMPARE(std::count(codes.begin(), codes.end(), grpc::FAILED_PRECONDITION),
                 std::ptrdiff_t(kWriters - 1));
        QVERIFY(get("alice", "Race", 0, document).ok());
        QCOMPARE(document.version(), 2);
    }
};

QTEST_GUILESS_MAIN(TestStrategyService)
#include "test_strategy_service.moc"
