#pragma once

#include "local_services.h"

#include <QFile>
#include <QString>

namespace bcf::test {

// TOML for a bcf-core or bcf-compute under test, pointing at the private PostgreSQL and Redis and
// the test certificates. `extra` is appended (more [auth] or [compute] settings).
inline QString serverConfig(const QString &name, quint16 grpcPort, const PostgresServer &postgres,
                            quint16 redisPort, const TestCertificates &certificates,
                            const QString &extra = {}, quint16 metricsPort = 0)
{
    return QStringLiteral(R"([node]
name = "%1"
listen = "127.0.0.1:%2"
metrics_listen = "127.0.0.1:%3"

[tls]
certificate = "%4"
private_key = "%5"

[database]
host = "127.0.0.1"
port = %6
name = "botcriptofy"
user = "botcriptofy"
connect_timeout_seconds = 2

[redis]
host = "127.0.0.1"
port = %7
timeout_milliseconds = 500

[log]
level = "debug"
)")
               .arg(name)
               .arg(grpcPort)
               .arg(metricsPort != 0 ? metricsPort : freePort())
               .arg(certificates.path(QStringLiteral("server.crt")),
                    certificates.path(QStringLiteral("server.key")))
               .arg(postgres.port())
               .arg(redisPort)
           + extra;
}

// Writes a fixed test key for auth.secret_key_file next to the certificates; returns the [auth]
// section that names it.
inline QString authSection(const TestCertificates &certificates, const QString &more = {})
{
    const QString path = certificates.path(QStringLiteral("secret.key"));
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
    return QStringLiteral("\n[auth]\nsecret_key_file = \"%1\"\n").arg(path) + more;
}

} // namespace bcf::test
