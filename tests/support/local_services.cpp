#include "local_services.h"

#include "common/certificates.h"
#include "common/tls.h"

#include <grpc/health/v1/health.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTcpServer>
#include <QThread>

#include <unistd.h>

namespace bcf::test {
namespace {

QString postgresBinDir()
{
    QDir base(QStringLiteral("/usr/lib/postgresql"));
    auto versions = base.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (auto it = versions.crbegin(); it != versions.crend(); ++it) {
        const QString bin = base.filePath(*it + QStringLiteral("/bin"));
        if (QFile::exists(bin + QStringLiteral("/initdb")))
            return bin;
    }
    return {};
}

bool isRoot()
{
    return ::geteuid() == 0;
}

} // namespace

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

PostgresServer::PostgresServer() : m_binDir(postgresBinDir())
{
    m_directory.setAutoRemove(true);
}

PostgresServer::~PostgresServer()
{
    if (m_running)
        stop();
}

bool PostgresServer::run(const QString &program, const QStringList &arguments, QString *output)
{
    QProcess process;
    if (isRoot()) {
        process.start(QStringLiteral("runuser"),
                      QStringList{QStringLiteral("-u"), QStringLiteral("postgres"),
                                  QStringLiteral("--"), program}
                          + arguments);
    } else {
        process.start(program, arguments);
    }
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        m_error = program + QStringLiteral(" failed: ")
                  + QString::fromLocal8Bit(process.readAllStandardError())
                  + QString::fromLocal8Bit(process.readAllStandardOutput());
        return false;
    }
    if (output)
        *output = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    return true;
}

bool PostgresServer::start()
{
    if (m_binDir.isEmpty()) {
        m_error = QStringLiteral("PostgreSQL server binaries not found under /usr/lib/postgresql");
        return false;
    }
    const QString data = m_directory.filePath(QStringLiteral("pgdata"));
    const QString socketDir = data; // writable by the server's user
    if (!m_initialised) {
        QDir().mkpath(data);
        if (isRoot()) {
            QFile::setPermissions(m_directory.path(), QFile::ReadOwner | QFile::WriteOwner
                                                          | QFile::ExeOwner | QFile::ReadOther
                                                          | QFile::ExeOther | QFile::ReadGroup
                                                          | QFile::ExeGroup);
            QProcess::execute(QStringLiteral("chown"),
                              {QStringLiteral("postgres"), data});
        }
        if (!run(m_binDir + QStringLiteral("/initdb"),
                 {QStringLiteral("-D"), data, QStringLiteral("-U"), user(),
                  QStringLiteral("--auth=trust"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                  QStringLiteral("--no-sync")}))
            return false;
        m_initialised = true;
        m_port = freePort();
    }
    const QString options = QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off")
                                .arg(m_port)
                                .arg(socketDir);
    if (!run(m_binDir + QStringLiteral("/pg_ctl"),
             {QStringLiteral("-D"), data, QStringLiteral("-l"),
              data + QStringLiteral("/postgresql.log"), QStringLiteral("-o"),
              options, QStringLiteral("-w"), QStringLiteral("start")}))
        return false;
    m_running = true;
    return true;
}

bool PostgresServer::stop()
{
    const QString data = m_directory.filePath(QStringLiteral("pgdata"));
    const bool stopped = run(m_binDir + QStringLiteral("/pg_ctl"),
                             {QStringLiteral("-D"), data, QStringLiteral("-m"),
                              QStringLiteral("fast"), QStringLiteral("-w"),
                              QStringLiteral("stop")});
    m_running = !stopped;
    return stopped;
}

bool PostgresServer::createDatabase(const QString &name)
{
    const QString exists = psql(QStringLiteral("postgres"),
                                QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = '%1'")
                                    .arg(name));
    if (exists == QStringLiteral("1"))
        return true;
    bool ok = false;
    psql(QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE \"%1\"").arg(name), &ok);
    return ok;
}

QString PostgresServer::psql(const QString &database, const QString &sql, bool *ok)
{
    if (ok)
        *ok = false;
    QProcess process;
    process.start(QStringLiteral("psql"),
                  {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-tA"),
                   QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-h"),
                   QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(m_port),
                   QStringLiteral("-U"), user(), QStringLiteral("-d"), database,
                   QStringLiteral("-c"), sql});
    if (!process.waitForFinished(60000) || process.exitCode() != 0) {
        m_error = QString::fromLocal8Bit(process.readAllStandardError());
        return {};
    }
    if (ok)
        *ok = true;
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

RedisServer::RedisServer() = default;

RedisServer::~RedisServer()
{
    stop();
}

bool RedisServer::start()
{
    if (m_port == 0)
        m_port = freePort();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(QStringLiteral("redis-server"),
                    {QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                     QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--save"),
                     QString(), QStringLiteral("--appendonly"), QStringLiteral("no"),
                     QStringLiteral("--dir"), QDir::tempPath()});
    if (!m_process.waitForStarted(10000)) {
        m_error = QStringLiteral("redis-server did not start: ") + m_process.errorString();
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 10000) {
        m_process.waitForReadyRead(100);
        if (m_process.readAll().contains("Ready to accept connections"))
            return true;
        if (m_process.state() == QProcess::NotRunning)
            break;
    }
    m_error = QStringLiteral("redis-server did not become ready on port %1").arg(m_port);
    return false;
}

void RedisServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000))
        m_process.kill();
    m_process.waitForFinished(5000);
}

TestCertificates::TestCertificates(const QString &caName)
{
    const std::string dir = m_directory.path().toStdString();
    server::CertificateRequest request;
    request.commonName = "localhost";
    request.dnsNames = {"localhost"};
    request.ipAddresses = {"127.0.0.1"};
    request.clientAuth = true;
    m_ok = server::createCertificateAuthority(dir, caName.toStdString(), 30).has_value()
           && server::issueCertificate(dir, "server", request).has_value();
}

QString TestCertificates::readFile(const QString &file) const
{
    QFile input(path(file));
    if (!input.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(input.readAll());
}

ServerProcess::ServerProcess(QString program, QString name)
    : m_program(std::move(program)), m_name(std::move(name))
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

ServerProcess::~ServerProcess()
{
    if (isRunning())
        terminate();
}

bool ServerProcess::start(const QString &configText)
{
    const QString configPath = m_directory.filePath(m_name + QStringLiteral(".toml"));
    QFile config(configPath);
    if (!config.open(QIODevice::WriteOnly))
        return false;
    config.write(configText.toUtf8());
    config.close();
    m_output.clear();
    m_process.start(m_program, {QStringLiteral("--config"), configPath});
    return m_process.waitForStarted(10000);
}

QString ServerProcess::output()
{
    while (m_process.waitForReadyRead(0))
        ;
    m_output += QString::fromUtf8(m_process.readAll());
    return m_output;
}

bool ServerProcess::waitHealth(quint16 port, const QString &caFile, bool serving, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        m_output += QString::fromUtf8(m_process.readAll());
        if (healthStatus(port, caFile) == (serving ? 1 : 0))
            return true;
        if (!isRunning())
            return false;
        QThread::msleep(200);
    }
    m_output += QString::fromUtf8(m_process.readAll());
    return false;
}

bool ServerProcess::waitServing(quint16 port, const QString &caFile, int timeoutMs)
{
    return waitHealth(port, caFile, true, timeoutMs);
}

int ServerProcess::terminate(int timeoutMs)
{
    m_process.terminate();
    if (!m_process.waitForFinished(timeoutMs)) {
        m_process.kill();
        m_process.waitForFinished(5000);
        m_output += QString::fromUtf8(m_process.readAll());
        return -1;
    }
    m_output += QString::fromUtf8(m_process.readAll());
    return m_process.exitCode();
}

void ServerProcess::kill()
{
    m_process.kill();
    m_process.waitForFinished(10000);
    m_output += QString::fromUtf8(m_process.readAll());
}

int ServerProcess::waitExit(int timeoutMs)
{
    if (!m_process.waitForFinished(timeoutMs))
        return -1;
    m_output += QString::fromUtf8(m_process.readAll());
    return m_process.exitCode();
}

int runBcfctl(const QString &program, const QStringList &arguments, const QString &password,
              QString *errors)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!password.isEmpty())
        environment.insert(QStringLiteral("BCF_TEST_PASSWORD"), password);
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForFinished(60000))
        return -1;
    if (errors)
        *errors = QString::fromLocal8Bit(process.readAllStandardError());
    return process.exitCode();
}

bool addUser(const QString &bcfctl, const QString &configPath, const QString &username,
             const QString &role, const QString &password)
{
    return runBcfctl(bcfctl,
                     {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--config"),
                      configPath, QStringLiteral("--username"), username, QStringLiteral("--role"),
                      role, QStringLiteral("--password-env"), QStringLiteral("BCF_TEST_PASSWORD")},
                     password)
           == 0;
}

int healthStatus(quint16 port, const QString &caFile)
{
    auto credentials = server::makeChannelCredentials(caFile.toStdString());
    if (!credentials)
        return -1;
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port), *credentials);
    auto stub = grpc::health::v1::Health::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    grpc::health::v1::HealthCheckResponse response;
    const grpc::Status status = stub->Check(&context, {}, &response);
    if (!status.ok())
        return -1;
    return response.status() == grpc::health::v1::HealthCheckResponse::SERVING ? 1 : 0;
}

} // namespace bcf::test
