#pragma once

#include "common/settings.h"

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace bcf::test {

// A TCP port on 127.0.0.1 that was free a moment ago.
quint16 freePort();

// A private PostgreSQL cluster for one test executable: initdb into a temporary directory, a
// free port on 127.0.0.1, trust authentication on loopback only. Runs as the `postgres` user when
// the tests run as root (PostgreSQL refuses root). Stopped and deleted by the destructor.
class PostgresServer final {
public:
    PostgresServer();
    ~PostgresServer();

    // Creates the cluster (first call) and starts the server; false with error() on failure.
    bool start();
    bool stop();
    bool isRunning() const { return m_running; }
    // Creates a database (idempotent).
    bool createDatabase(const QString &name);
    // Runs SQL through psql; returns its standard output (trimmed). *ok tells whether it ran.
    QString psql(const QString &database, const QString &sql, bool *ok = nullptr);

    quint16 port() const { return m_port; }
    QString user() const { return QStringLiteral("botcriptofy"); }
    // Connection settings for the database `name` on this server (trust authentication).
    server::DatabaseSettings settings(const QString &name) const
    {
        server::DatabaseSettings out;
        out.host = "127.0.0.1";
        out.port = m_port;
        out.name = name.toStdString();
        out.user = user().toStdString();
        return out;
    }
    QString error() const { return m_error; }

private:
    bool run(const QString &program, const QStringList &arguments, QString *output = nullptr);

    QTemporaryDir m_directory;
    QString m_binDir;
    quint16 m_port = 0;
    bool m_initialised = false;
    bool m_running = false;
    QString m_error;
};

// A private Redis on a free port, without persistence. Stopped by the destructor.
class RedisServer final {
public:
    RedisServer();
    ~RedisServer();

    bool start();
    void stop();
    quint16 port() const { return m_port; }
    QString error() const { return m_error; }

private:
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};

// A CA plus server and client certificates in a temporary directory, made with the product's
// own certificate code (what `bcfctl certs` runs).
class TestCertificates final {
public:
    // Creates ca.crt and a `server` certificate for localhost/127.0.0.1 (also usable as client).
    explicit TestCertificates(const QString &caName = QStringLiteral("BotCriptoFy2 test CA"));
    bool ok() const { return m_ok; }
    QString path(const QString &file) const { return m_directory.filePath(file); }
    QString directory() const { return m_directory.path(); }
    QString readFile(const QString &file) const;

private:
    QTemporaryDir m_directory;
    bool m_ok = false;
};

// A server binary (bcf-core, bcf-compute) as a child process with a generated TOML config.
class ServerProcess final {
public:
    ServerProcess(QString program, QString name);
    ~ServerProcess();

    // Writes `configText` to a file and starts the process with --config.
    bool start(const QString &configText);
    // Waits until the node's gRPC health check answers SERVING (true) or the timeout passes.
    bool waitServing(quint16 port, const QString &caFile, int timeoutMs = 30000);
    // Polls health until it reports `serving`; for NOT_SERVING transitions.
    bool waitHealth(quint16 port, const QString &caFile, bool serving, int timeoutMs = 30000);
    // SIGTERM, then waits; returns the exit code (-1 if it had to be killed).
    int terminate(int timeoutMs = 15000);
    // SIGKILL — a crash: nothing is flushed or released — then waits for the process to end.
    void kill();
    // Waits for the process to exit by itself; returns the exit code or -1 on timeout.
    int waitExit(int timeoutMs = 15000);
    // Everything the process wrote so far (what is waiting in the pipe included).
    QString output();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    // The config file written by start().
    QString configPath() const { return m_directory.filePath(m_name + QStringLiteral(".toml")); }

private:
    QString m_program;
    QString m_name;
    QTemporaryDir m_directory;
    QProcess m_process;
    QString m_output;
};

// Runs bcfctl with `arguments`; `password`, when given, is passed in the environment variable
// BCF_TEST_PASSWORD (use `--password-env BCF_TEST_PASSWORD`). Returns the exit code; standard
// error goes to *errors when given.
int runBcfctl(const QString &program, const QStringList &arguments, const QString &password = {},
              QString *errors = nullptr);

// Creates a user through `bcfctl user add` on the database of a bcf-core config file.
bool addUser(const QString &bcfctl, const QString &configPath, const QString &username,
             const QString &role, const QString &password);

// gRPC health check of 127.0.0.1:port over TLS trusting caFile: 1 SERVING, 0 NOT_SERVING,
// -1 unreachable.
int healthStatus(quint16 port, const QString &caFile);

} // namespace bcf::test
