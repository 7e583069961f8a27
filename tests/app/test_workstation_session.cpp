// The workstation against a real bcf-core over TLS (offscreen platform): SessionController signs
// in, probes latency and server facts, goes through the two-factor step, logs out; and the real
// botcriptofy executable logs in through its login dialog and renders its main window.
#include "core/session_controller.h"
#include "support/local_services.h"
#include "support/stack_config.h"

#include <QDir>
#include <QCryptographicHash>
#include <QDateTime>
#include <QImage>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace bcf;

namespace {

constexpr const char *kAdminPassword = "Operator-Secret-2026";
constexpr const char *kTraderPassword = "Desk-Secret-2026";

} // namespace

class TestWorkstationSession final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    test::TestCertificates m_certificates;
    std::unique_ptr<test::ServerProcess> m_core;
    QString m_coreConfig;
    quint16 m_corePort = 0;

    app::ConnectionProfile profile() const
    {
        app::ConnectionProfile result;
        result.name = QStringLiteral("Test");
        result.host = QStringLiteral("127.0.0.1");
        result.port = m_corePort;
        result.caCertificatePath = m_certificates.path(QStringLiteral("ca.crt"));
        return result;
    }

    static app::SessionController::Timing fastTiming()
    {
        app::SessionController::Timing timing;
        timing.probeInterval = std::chrono::milliseconds(300);
        return timing;
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
        m_coreConfig = test::serverConfig(QStringLiteral("core-ws"), m_corePort, m_postgres,
                                          m_redis.port(), m_certificates,
                                          test::authSection(m_certificates));
        QVERIFY(m_core->start(m_coreConfig));
        QVERIFY2(m_core->waitServing(m_corePort, m_certificates.path(QStringLiteral("ca.crt"))),
                 qPrintable(m_core->output()));
        const QString bcfctl = QStringLiteral(BCF_CTL_BINARY);
        QVERIFY(test::addUser(bcfctl, m_core->configPath(), QStringLiteral("admin"),
                              QStringLiteral("admin"), QString::fromLatin1(kAdminPassword)));
        QVERIFY(test::addUser(bcfctl, m_core->configPath(), QStringLiteral("trader"),
                              QStringLiteral("trader"), QString::fromLatin1(kTraderPassword)));
    }

    void loginProbesAndLogsOut()
    {
        app::SessionController session(profile(), nullptr, fastTiming(), app::ReconnectBackoff());
        QSignalSpy loggedIn(&session, &app::SessionController::loggedIn);
        QSignalSpy latency(&session, &app::SessionController::latencyMeasured);
        QSignalSpy serverInfo(&session, &app::SessionController::serverInfoReceived);
        session.login(QStringLiteral("admin"), QString::fromLatin1(kAdminPassword), false);
        QVERIFY(loggedIn.wait(15000));
        QCOMPARE(session.user().username, QStringLiteral("admin"));
        QVERIFY(session.user().permissions.contains(QStringLiteral("users.write")));
        QTRY_VERIFY_WITH_TIMEOUT(latency.count() > 0, 15000);
        QVERIFY(latency.first().first().toInt() >= 0);
        QTRY_VERIFY_WITH_TIMEOUT(serverInfo.count() > 0, 15000);
        QVERIFY(session.serverInfo().has_value());
        QCOMPARE(session.serverInfo()->component, QStringLiteral("bcf-core"));
        QCOMPARE(session.serverInfo()->details.value(QStringLiteral("postgresql")),
                 QStringLiteral("up"));
        QCOMPARE(session.connectionState(), app::ConnectionState::Connected);

        QSignalSpy loggedOut(&session, &app::SessionController::loggedOut);
        session.logout();
        QTRY_VERIFY_WITH_TIMEOUT(loggedOut.count() == 1, 15000);
        QVERIFY(!session.isLoggedIn());
    }

    void wrongPasswordIsReported()
    {
        app::SessionController session(profile());
        QSignalSpy failed(&session, &app::SessionController::loginFailed);
        session.login(QStringLiteral("admin"), QStringLiteral("Not-The-Password-1"), false);
        QVERIFY(failed.wait(15000));
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("Invalid username")),
                 qPrintable(failed.first().first().toString()));
        QVERIFY(!session.isLoggedIn());
    }

    void untrustedServerIsReported()
    {
        test::TestCertificates other(QStringLiteral("Another CA"));
        auto wrongCa = profile();
        wrongCa.caCertificatePath = other.path(QStringLiteral("ca.crt"));
        app::SessionController session(wrongCa);
        QSignalSpy failed(&session, &app::SessionController::loginFailed);
        session.login(QStringLiteral("admin"), QString::fromLatin1(kAdminPassword), false);
        QVERIFY(failed.wait(20000));
        QVERIFY(!session.isLoggedIn());
    }

    void secondFactorStep()
    {
        // Enrol TOTP for the trader through the workstation's own calls.
        app::SessionController session(profile(), nullptr, fastTiming(), app::ReconnectBackoff());
        QSignalSpy loggedIn(&session, &app::SessionController::loggedIn);
        session.login(QStringLiteral("trader"), QString::fromLatin1(kTraderPassword), false);
        QVERIFY(loggedIn.wait(15000));

        std::optional<app::TotpEnrollment> enrollment;
        session.beginTotpEnrollment(QString::fromLatin1(kTraderPassword), this,
                                    [&](app::SessionController::Outcome<app::TotpEnrollment> r) {
                                        QVERIFY(r.has_value());
                                        enrollment = *r;
                                    });
        QTRY_VERIFY_WITH_TIMEOUT(enrollment.has_value(), 15000);
        QVERIFY(enrollment->otpauthUri.startsWith(QStringLiteral("otpauth://totp/")));

        // The code an authenticator app would show now (RFC 6238, computed independently here).
        const QByteArray secret = [&] {
            const QByteArray alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            QByteArray out;
            quint32 buffer = 0;
            int bits = 0;
            for (QChar c : enrollment->secretBase32) {
                buffer = (buffer << 5) | quint32(alphabet.indexOf(char(c.toLatin1())));
                bits += 5;
                if (bits >= 8) {
                    out.append(char((buffer >> (bits - 8)) & 0xff));
                    bits -= 8;
                }
            }
            return out;
        }();
        const auto totp = [&](qint64 step) {
            QByteArray message(8, 0);
            for (int i = 7; i >= 0; --i, step >>= 8)
                message[i] = char(step & 0xff);
            const QByteArray digest = QMessageAuthenticationCode::hash(message, secret,
                                                                       QCryptographicHash::Sha1);
            const int offset = digest.back() & 0x0f;
            const quint32 binary = (quint32(uchar(digest[offset]) & 0x7f) << 24)
                                   | (quint32(uchar(digest[offset + 1])) << 16)
                                   | (quint32(uchar(digest[offset + 2])) << 8)
                                   | quint32(uchar(digest[offset + 3]));
            return QStringLiteral("%1").arg(binary % 1000000, 6, 10, QLatin1Char('0'));
        };
        const qint64 step = QDateTime::currentSecsSinceEpoch() / 30;

        std::optional<QStringList> recoveryCodes;
        session.confirmTotpEnrollment(totp(step), this,
                                      [&](app::SessionController::Outcome<QStringList> r) {
                                          QVERIFY2(r.has_value(), qPrintable(r.error()));
                                          recoveryCodes = *r;
                                      });
        QTRY_VERIFY_WITH_TIMEOUT(recoveryCodes.has_value(), 15000);
        QCOMPARE(recoveryCodes->size(), 10);
        QTRY_VERIFY_WITH_TIMEOUT(session.user().totpEnabled, 15000);
        QSignalSpy loggedOut(&session, &app::SessionController::loggedOut);
        session.logout();
        QTRY_VERIFY_WITH_TIMEOUT(loggedOut.count() == 1, 15000);

        // Now the password leads to the second step; a recovery code completes it.
        QSignalSpy challenged(&session, &app::SessionController::secondFactorRequired);
        loggedIn.clear();
        session.login(QStringLiteral("trader"), QString::fromLatin1(kTraderPassword), false);
        QVERIFY(challenged.wait(15000));
        QVERIFY(!session.isLoggedIn());
        QSignalSpy failed(&session, &app::SessionController::loginFailed);
        session.submitSecondFactor(QStringLiteral("aaaa-bbbb-cccc"));
        QVERIFY(failed.wait(15000));
        session.submitSecondFactor(recoveryCodes->first());
        QVERIFY(loggedIn.wait(15000));
        QCOMPARE(session.user().username, QStringLiteral("trader"));
        QVERIFY(session.user().totpEnabled);
    }

    // The server goes away under a signed-in workstation and comes back: the session survives,
    // the state goes Reconnecting (with a scheduled retry) and back to Connected by itself.
    void reconnectsAfterTheServerRestarts()
    {
        app::ReconnectBackoff backoff;
        app::SessionController session(profile(), nullptr, fastTiming(), backoff);
        QSignalSpy loggedIn(&session, &app::SessionController::loggedIn);
        session.login(QStringLiteral("admin"), QString::fromLatin1(kAdminPassword), false);
        QVERIFY(loggedIn.wait(15000));
        QTRY_COMPARE_WITH_TIMEOUT(session.connectionState(), app::ConnectionState::Connected,
                                  15000);

        QSignalSpy scheduled(&session, &app::SessionController::reconnectScheduled);
        QCOMPARE(m_core->terminate(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(session.connectionState(), app::ConnectionState::Reconnecting,
                                  15000);
        QVERIFY(scheduled.count() >= 1);
        QVERIFY(session.isLoggedIn());

        QVERIFY(m_core->start(m_coreConfig));
        QVERIFY2(m_core->waitServing(m_corePort, m_certificates.path(QStringLiteral("ca.crt"))),
                 qPrintable(m_core->output()));
        session.reconnectNow();
        QTRY_COMPARE_WITH_TIMEOUT(session.connectionState(), app::ConnectionState::Connected,
                                  40000);
        QVERIFY(session.isLoggedIn());
        QCOMPARE(session.user().username, QStringLiteral("admin"));
    }

    void workstationExecutableLogsIn()
    {
        QTemporaryDir shots;
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("BCF_PASSWORD"), QString::fromLatin1(kAdminPassword));
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), shots.filePath(QStringLiteral("config")));
        process.setProcessEnvironment(environment);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral(BCF_WORKSTATION_BINARY),
                      {QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                       QString::number(m_corePort), QStringLiteral("--ca"),
                       m_certificates.path(QStringLiteral("ca.crt")), QStringLiteral("--username"),
                       QStringLiteral("admin"), QStringLiteral("--language"), QStringLiteral("en"),
                       QStringLiteral("--screenshot-dir"), shots.path()});
        QVERIFY(process.waitForFinished(90000));
        QVERIFY2(process.exitCode() == 0, process.readAll().constData());
        const QImage login(shots.filePath(QStringLiteral("login_en.png")));
        const QImage main(shots.filePath(QStringLiteral("main_en.png")));
        QVERIFY(!login.isNull());
        QVERIFY(!main.isNull());
        QVERIFY(main.width() > login.width());
    }
};

QTEST_GUILESS_MAIN(TestWorkstationSession)
#include "test_workstation_session.moc"
