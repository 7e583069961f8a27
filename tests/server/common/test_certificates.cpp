// The local CA of `bcfctl certs`: what it issues verifies against it, and nothing is overwritten.
#include "common/certificates.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace bcf;

namespace {

QString opensslVerify(const QString &directory, const QString &name, const QString &purpose)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"),
                  {QStringLiteral("verify"), QStringLiteral("-purpose"), purpose,
                   QStringLiteral("-CAfile"), directory + QStringLiteral("/ca.crt"),
                   directory + QLatin1Char('/') + name + QStringLiteral(".crt")});
    process.waitForFinished(30000);
    return QString::fromUtf8(process.readAll()).trimmed();
}

} // namespace

class TestCertificates final : public QObject {
    Q_OBJECT

private slots:
    void issuedCertificatesVerify()
    {
        QTemporaryDir directory;
        const std::string dir = directory.path().toStdString();
        QVERIFY(server::createCertificateAuthority(dir, "Test CA", 30).has_value());
        server::CertificateRequest request;
        request.commonName = "core";
        request.dnsNames = {"localhost"};
        request.ipAddresses = {"127.0.0.1"};
        QVERIFY(server::issueCertificate(dir, "core", request).has_value());
        QVERIFY2(opensslVerify(directory.path(), QStringLiteral("core"),
                               QStringLiteral("sslserver"))
                     .endsWith(QStringLiteral("OK")),
                 qPrintable(opensslVerify(directory.path(), QStringLiteral("core"),
                                          QStringLiteral("sslserver"))));
        // Not a client certificate unless asked for.
        QVERIFY(!opensslVerify(directory.path(), QStringLiteral("core"),
                               QStringLiteral("sslclient"))
                     .endsWith(QStringLiteral(": OK")));
        QCOMPARE(QFile::permissions(directory.filePath(QStringLiteral("core.key")))
                     & (QFile::ReadGroup | QFile::ReadOther),
                 QFileDevice::Permissions());
    }

    void nothingIsOverwritten()
    {
        QTemporaryDir directory;
        const std::string dir = directory.path().toStdString();
        QVERIFY(server::createCertificateAuthority(dir, "Test CA", 30).has_value());
        QCOMPARE(server::createCertificateAuthority(dir, "Test CA", 30).error().code,
                 ErrorCode::AlreadyExists);
        server::CertificateRequest request;
        request.commonName = "node";
        QVERIFY(server::issueCertificate(dir, "node", request).has_value());
        QCOMPARE(server::issueCertificate(dir, "node", request).error().code,
                 ErrorCode::AlreadyExists);
        QCOMPARE(server::issueCertificate(dir, "ca", request).error().code,
                 ErrorCode::InvalidArgument);
    }

    void issuingWithoutACaNamesTheFix()
    {
        QTemporaryDir directory;
        server::CertificateRequest request;
        request.commonName = "core";
        auto issued = server::issueCertificate(directory.path().toStdString(), "core", request);
        QVERIFY(!issued);
        QVERIFY(issued.error().message.find("bcfctl certs init") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestCertificates)
#include "test_certificates.moc"
