// Schema migrations against a real PostgreSQL: a fresh database, an upgrade, a failed migration
// that leaves no trace, and the refusal of a schema newer than the build (library and bcf-core).
#include "common/database.h"
#include "common/migrations.h"
#include "support/local_services.h"
#include "support/stack_config.h"

#include <QTest>

using namespace bcf;

class TestMigrations final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    int m_databaseCounter = 0;

    std::unique_ptr<server::Database> freshDatabase()
    {
        const QString name = QStringLiteral("migrations_%1").arg(++m_databaseCounter);
        if (!m_postgres.createDatabase(name))
            return nullptr;
        server::DatabaseSettings settings;
        settings.host = "127.0.0.1";
        settings.port = m_postgres.port();
        settings.name = name.toStdString();
        settings.user = m_postgres.user().toStdString();
        settings.poolSize = 2;
        return std::make_unique<server::Database>(settings, "", "test_migrations");
    }

    static std::vector<server::Migration> sample()
    {
        return {{1, "first", "CREATE TABLE alpha (id int PRIMARY KEY);"},
                {2, "second", "ALTER TABLE alpha ADD COLUMN name text;"},
                {3, "third", "CREATE TABLE beta (id int); INSERT INTO beta VALUES (7);"}};
    }

    QString tableCount(const std::string &databaseName)
    {
        return m_postgres.psql(QString::fromStdString(databaseName),
                               QStringLiteral("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

private slots:
    void initTestCase() { QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error())); }

    void freshDatabaseGetsEveryMigration()
    {
        auto database = freshDatabase();
        QVERIFY(database);
        auto report = database->run([](pqxx::connection &connection) {
            return server::migrate(connection, sample());
        });
        QVERIFY2(report.has_value(), report ? "" : report.error().message.c_str());
        QCOMPARE(report->previousVersion, 0);
        QCOMPARE(report->currentVersion, 3);
        QCOMPARE(report->applied, (std::vector<int>{1, 2, 3}));

        // Running again applies nothing.
        auto again = database->run([](pqxx::connection &connection) {
            return server::migrate(connection, sample());
        });
        QVERIFY(again.has_value());
        QVERIFY(again->applied.empty());
        QCOMPARE(again->currentVersion, 3);
    }

    void upgradeAppliesOnlyTheNewOnes()
    {
        auto database = freshDatabase();
        QVERIFY(database);
        auto older = sample();
        older.pop_back();
        QVERIFY(database->run([&](pqxx::connection &connection) {
            return server::migrate(connection, older);
        }));
        auto status = database->run([](pqxx::connection &connection) {
            return server::checkSchema(connection, sample());
        });
        QVERIFY(!status);
        QVERIFY2(status.error().message.find("bcfctl migrate") != std::string::npos,
                 status.error().message.c_str());

        auto report = database->run([](pqxx::connection &connection) {
            return server::migrate(connection, sample());
        });
        QVERIFY(report.has_value());
        QCOMPARE(report->previousVersion, 2);
        QCOMPARE(report->applied, (std::vector<int>{3}));
    }

    void failedMigrationLeavesNoTrace()
    {
        auto database = freshDatabase();
        QVERIFY(database);
        auto broken = sample();
        broken.push_back({4, "broken", "CREATE TABLE gamma (id int); SELECT no_such_function();"});
        auto report = database->run([&](pqxx::connection &connection) {
            return server::migrate(connection, broken);
        });
        QVERIFY(!report.has_value());
        QCOMPARE(report.error().code, ErrorCode::Internal);
        auto version = database->run([](pqxx::connection &connection) {
            return server::schemaVersion(connection);
        });
        QCOMPARE(version.value(), 3);
        // gamma was rolled back with its migration: alpha, beta and schema_migrations remain.
        QCOMPARE(m_postgres.psql(QStringLiteral("migrations_%1").arg(m_databaseCounter),
                                 QStringLiteral("SELECT to_regclass('gamma') IS NULL")),
                 QStringLiteral("t"));
    }

    void newerSchemaIsRefused()
    {
        auto database = freshDatabase();
        QVERIFY(database);
        QVERIFY(database->run([](pqxx::connection &connection) {
            return server::migrate(connection, sample());
        }));
        QVERIFY(database->run([](pqxx::connection &connection) {
            pqxx::work tx(connection);
            tx.exec0("INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')");
            tx.commit();
        }));
        auto report = database->run([](pqxx::connection &connection) {
            return server::migrate(connection, sample());
        });
        QVERIFY(!report.has_value());
        QCOMPARE(report.error().code, ErrorCode::FailedPrecondition);
        QVERIFY2(report.error().message.find("version 99, newer than this build knows (3)")
                     != std::string::npos,
                 report.error().message.c_str());
    }

    void builtInMigrationsAreOrderedAndApply()
    {
        const auto &migrations = server::builtInMigrations();
        QVERIFY(!migrations.empty());
        for (std::size_t i = 0; i < migrations.size(); ++i)
            QCOMPARE(migrations[i].version, int(i + 1));
        auto database = freshDatabase();
        QVERIFY(database);
        auto report = database->run([&](pqxx::connection &connection) {
            return server::migrate(connection, migrations);
        });
        QVERIFY2(report.has_value(), report ? "" : report.error().message.c_str());
        QCOMPARE(report->currentVersion, migrations.back().version);
    }

    void coreRefusesToStartOnANewerSchema()
    {
        QVERIFY2(m_postgres.createDatabase(QStringLiteral("botcriptofy")), qPrintable(m_postgres.error()));
        bool ok = false;
        m_postgres.psql(QStringLiteral("botcriptofy"),
                                 QStringLiteral("CREATE TABLE schema_migrations (version integer "
                                                "PRIMARY KEY, name text NOT NULL, applied_at "
                                                "timestamptz NOT NULL DEFAULT now());"
                                                "INSERT INTO schema_migrations VALUES (9999, 'x')"),
                        &ok);
        QVERIFY2(ok, qPrintable(m_postgres.error()));
        test::RedisServer redis;
        QVERIFY2(redis.start(), qPrintable(redis.error()));
        test::TestCertificates certificates;
        QVERIFY(certificates.ok());
        test::ServerProcess core(QStringLiteral(BCF_CORE_BINARY), QStringLiteral("core"));
        QVERIFY(core.start(test::serverConfig(QStringLiteral("core-test"), test::freePort(),
                                              m_postgres, redis.port(), certificates,
                                              test::authSection(certificates))));
        const int exitCode = core.waitExit(30000);
        QCOMPARE(exitCode, 3);
        QVERIFY2(core.output().contains(QStringLiteral("newer than this build knows")),
                 qPrintable(core.output()));
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "test_migrations.moc"
