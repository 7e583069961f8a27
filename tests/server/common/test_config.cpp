// Configuration validation of bcf-core and bcf-compute: every error names its field, and the
// binaries exit with code 2 on a bad file.
#include "compute_config.h"
#include "core_config.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace bcf;

namespace {

const std::string kValidCore = R"(
[tls]
certificate = "/etc/bcf/core.crt"
private_key = "/etc/bcf/core.key"

[auth]
secret_key_file = "/etc/bcf/secret.key"
)";

std::string coreError(const std::string &text)
{
    auto parsed = server::parseConfig(core::coreConfigSchema(), text, "core.toml");
    return parsed ? std::string("(no error)") : parsed.error().message;
}

} // namespace

class TestConfig final : public QObject {
    Q_OBJECT

private slots:
    void validConfigGetsDefaults()
    {
        auto parsed = server::parseConfig(core::coreConfigSchema(), kValidCore, "core.toml");
        QVERIFY2(parsed.has_value(), parsed ? "" : parsed.error().message.c_str());
        QCOMPARE(parsed->common.node.listen, std::string("127.0.0.1:50051"));
        QCOMPARE(parsed->common.database.port, 5432);
        QCOMPARE(parsed->common.database.poolSize, 8);
        QCOMPARE(parsed->auth.maxFailedLogins, 5);
        QCOMPARE(parsed->auth.sessionTtlMinutes, 720);
        QCOMPARE(parsed->common.log.format, std::string("text"));
    }

    void valuesOverrideDefaults()
    {
        auto parsed = server::parseConfig(core::coreConfigSchema(),
                                          kValidCore + "\n[database]\nport = 6543\npool_size = 3\n",
                                          "core.toml");
        QVERIFY(parsed.has_value());
        QCOMPARE(parsed->common.database.port, 6543);
        QCOMPARE(parsed->common.database.poolSize, 3);
    }

    void errorsNameTheField_data()
    {
        QTest::addColumn<QString>("toml");
        QTest::addColumn<QString>("expectedStart");
        QTest::newRow("missing certificate")
            << QStringLiteral("[tls]\nprivate_key = \"k\"\n[auth]\nsecret_key_file = \"s\"\n")
            << QStringLiteral("tls.certificate: must not be empty");
        QTest::newRow("missing secret key")
            << QStringLiteral("[tls]\ncertificate = \"c\"\nprivate_key = \"k\"\n")
            << QStringLiteral("auth.secret_key_file: must not be empty");
        QTest::newRow("unknown key")
            << QString::fromStdString(kValidCore + "[database]\nprot = 5\n")
            << QStringLiteral("database.prot: unknown setting");
        QTest::newRow("wrong type")
            << QString::fromStdString(kValidCore + "[database]\nport = \"5432\"\n")
            << QStringLiteral("database.port: must be an integer");
        QTest::newRow("out of bounds")
            << QString::fromStdString(kValidCore + "[database]\nport = 0\n")
            << QStringLiteral("database.port: must be between 1 and 65535, got 0");
        QTest::newRow("listen without port")
            << QString::fromStdString(kValidCore + "[node]\nlisten = \"localhost\"\n")
            << QStringLiteral("node.listen: expected host:port");
        QTest::newRow("bad log level")
            << QString::fromStdString(kValidCore + "[log]\nlevel = \"loud\"\n")
            << QStringLiteral("log.level: must be one of");
        QTest::newRow("bad boolean")
            << QString::fromStdString(kValidCore + "[database]\nmigrate_on_start = 1\n")
            << QStringLiteral("database.migrate_on_start: must be true or false");
    }

    void errorsNameTheField()
    {
        QFETCH(QString, toml);
        QFETCH(QString, expectedStart);
        const QString message = QString::fromStdString(coreError(toml.toStdString()));
        QVERIFY2(message.startsWith(expectedStart), qPrintable(message));
    }

    void boundsAreChecked()
    {
        const std::string text = R"(
[tls]
certificate = "c"
private_key = "k"
[auth]
secret_key_file = "s"
max_failed_logins = 0
)";
        QCOMPARE(QString::fromStdString(coreError(text)),
                 QStringLiteral("auth.max_failed_logins: must be between 1 and 100, got 0"));
    }

    void syntaxErrorGivesLineAndColumn()
    {
        const QString message = QString::fromStdString(
            coreError("[tls]\ncertificate = \"c\"\nprivate_key = \n"));
        QVERIFY2(message.startsWith(QStringLiteral("core.toml:3:")), qPrintable(message));
    }

    void computeDeviceIsValidated()
    {
        auto parsed = server::parseConfig(compute::computeConfigSchema(),
                                          "[tls]\ncertificate = \"c\"\nprivate_key = \"k\"\n"
                                          "[compute]\ndevice = \"tpu\"\n",
                                          "compute.toml");
        QVERIFY(!parsed);
        QVERIFY2(parsed.error().message.starts_with("compute.device: must be auto, cpu or cuda"),
                 parsed.error().message.c_str());
    }

    void referenceListsEveryField()
    {
        const std::string reference = server::configReference(core::coreConfigSchema());
        for (const auto &field : core::coreConfigSchema().fields())
            QVERIFY2(reference.find("`" + field.key + "`") != std::string::npos,
                     field.key.c_str());
        // The example file parses back once the required paths are filled in.
        std::string example = server::exampleConfig(core::coreConfigSchema());
        QVERIFY(example.find("[database]") != std::string::npos);
    }

    void binaryExitsWithCodeTwoNamingTheField_data()
    {
        QTest::addColumn<QString>("binary");
        QTest::newRow("bcf-core") << QStringLiteral(BCF_CORE_BINARY);
        QTest::newRow("bcf-compute") << QStringLiteral(BCF_COMPUTE_BINARY);
    }

    void binaryExitsWithCodeTwoNamingTheField()
    {
        QFETCH(QString, binary);
        QTemporaryDir directory;
        const QString path = directory.filePath(QStringLiteral("bad.toml"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[tls]\ncertificate = \"c\"\nprivate_key = \"k\"\n[redis]\nport = 70000\n");
        file.close();
        QProcess process;
        process.start(binary, {QStringLiteral("--config"), path});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 2);
        const QString errors = QString::fromLocal8Bit(process.readAllStandardError());
        QVERIFY2(errors.contains(QStringLiteral("redis.port: must be between 1 and 65535")),
                 qPrintable(errors));

        process.start(binary, {QStringLiteral("--config"), directory.filePath(QStringLiteral("none"))});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(QString::fromLocal8Bit(process.readAllStandardError())
                    .contains(QStringLiteral("cannot open the config file")));
    }

    void unreadableTlsFileIsAConfigError()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath(QStringLiteral("core.toml"));
        QFile key(directory.filePath(QStringLiteral("secret.key")));
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write(QByteArray(64, 'a'));
        key.close();
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("[node]\nmetrics_listen = \"\"\n[tls]\ncertificate = \"/nonexistent.crt\"\n"
                                  "private_key = \"/nonexistent.key\"\n[auth]\nsecret_key_file = \"%1\"\n")
                       .arg(key.fileName())
                       .toUtf8());
        file.close();
        QProcess process;
        process.start(QStringLiteral(BCF_CORE_BINARY), {QStringLiteral("--config"), path});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 2);
        const QString errors = QString::fromLocal8Bit(process.readAllStandardError());
        QVERIFY2(errors.contains(QStringLiteral("tls.certificate: /nonexistent.crt")),
                 qPrintable(errors));
    }
};

QTEST_APPLESS_MAIN(TestConfig)
#include "test_config.moc"
