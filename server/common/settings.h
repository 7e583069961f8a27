#pragma once

#include "common/config_schema.h"

#include <cstdint>
#include <string>

namespace bcf::server {

// Settings every server shares. Field names, defaults and bounds live in addCommonFields().
struct NodeSettings {
    std::string name;            // node.name
    std::string listen;          // node.listen, host:port of the gRPC server
    std::string metricsListen;   // node.metrics_listen, host:port of /metrics ("" = off)
};

struct TlsSettings {
    std::string certificate;     // PEM server certificate (chain)
    std::string privateKey;      // PEM private key
    std::string clientCa;        // CA that client certificates must chain to (mTLS); "" = none
    bool requireClientCertificate = false;
};

struct DatabaseSettings {
    std::string host;
    std::int64_t port = 5432;
    std::string name;
    std::string user;
    std::string passwordFile;    // file holding the password; "" = none (peer/trust auth)
    std::int64_t poolSize = 8;
    std::int64_t connectTimeoutSeconds = 5;
    bool migrateOnStart = true;
};

struct RedisSettings {
    std::string host;
    std::int64_t port = 6379;
    std::int64_t database = 0;
    std::string passwordFile;
    std::int64_t timeoutMilliseconds = 2000;
};

struct LogSettings {
    std::string level;           // trace, debug, info, warn, error
    std::string format;          // text or json
};

struct CommonSettings {
    NodeSettings node;
    TlsSettings tls;
    DatabaseSettings database;
    RedisSettings redis;
    LogSettings log;
};

Status validateHostPort(const std::string &value);
Status validateLogLevel(const std::string &value);
Status validateLogFormat(const std::string &value);
Status validateNonEmpty(const std::string &value);

// Registers the [node], [tls], [database], [redis] and [log] fields of a server's schema.
template <typename Config>
void addCommonFields(ConfigSchema<Config> &schema, std::string defaultName,
                     std::string defaultListen, std::string defaultMetricsListen)
{
    auto common = [](Config &config) -> CommonSettings & { return config.common; };
    schema.addString("node.name", "Name of this node in logs, metrics and node lists.",
                     std::move(defaultName),
                     [common](Config &c) -> std::string & { return common(c).node.name; },
                     validateNonEmpty);
    schema.addString("node.listen", "Address (host:port) of the gRPC server; TLS only.",
                     std::move(defaultListen),
                     [common](Config &c) -> std::string & { return common(c).node.listen; },
                     validateHostPort);
    schema.addString("node.metrics_listen",
                     "Address (host:port) of the Prometheus /metrics endpoint; empty disables it.",
                     std::move(defaultMetricsListen),
                     [common](Config &c) -> std::string & { return common(c).node.metricsListen; },
                     [](const std::string &value) -> Status {
                         return value.empty() ? Status{} : validateHostPort(value);
                     });

    schema.addString("tls.certificate", "PEM file with the server certificate (and chain).", "",
                     [common](Config &c) -> std::string & { return common(c).tls.certificate; },
                     validateNonEmpty);
    schema.addString("tls.private_key", "PEM file with the server's private key.", "",
                     [common](Config &c) -> std::string & { return common(c).tls.privateKey; },
                     validateNonEmpty);
    schema.addString("tls.client_ca",
                     "PEM file of the CA that signs client certificates; empty accepts clients "
                     "without certificates.",
                     "", [common](Config &c) -> std::string & { return common(c).tls.clientCa; });
    schema.addBool("tls.require_client_certificate",
                   "Require and verify a client certificate (mutual TLS between servers).", false,
                   [common](Config &c) -> bool & {
                       return common(c).tls.requireClientCertificate;
                   });

    schema.addString("database.host", "PostgreSQL host name, IP address or socket directory.",
                     "127.0.0.1",
                     [common](Config &c) -> std::string & { return common(c).database.host; },
                     validateNonEmpty);
    schema.addInteger("database.port", "PostgreSQL port.", 5432, 1, 65535,
                      [common](Config &c) -> std::int64_t & { return common(c).database.port; });
    schema.addString("database.name", "PostgreSQL database name.", "botcriptofy",
                     [common](Config &c) -> std::string & { return common(c).database.name; },
                     validateNonEmpty);
    schema.addString("database.user", "PostgreSQL role.", "botcriptofy",
                     [common](Config &c) -> std::string & { return common(c).database.user; },
                     validateNonEmpty);
    schema.addString("database.password_file",
                     "File whose first line is the PostgreSQL password; empty for none.", "",
                     [common](Config &c) -> std::string & {
                         return common(c).database.passwordFile;
                     });
    schema.addInteger("database.pool_size", "Connections kept open to PostgreSQL.", 8, 1, 256,
                      [common](Config &c) -> std::int64_t & {
                          return common(c).database.poolSize;
                      });
    schema.addInteger("database.connect_timeout_seconds",
                      "Timeout of one connection attempt to PostgreSQL.", 5, 1, 120,
                      [common](Config &c) -> std::int64_t & {
                          return common(c).database.connectTimeoutSeconds;
                      });
    schema.addBool("database.migrate_on_start",
                   "Apply pending schema migrations at start (otherwise run `bcfctl migrate`).",
                   true, [common](Config &c) -> bool & {
                       return common(c).database.migrateOnStart;
                   });

    schema.addString("redis.host", "Redis host name or IP address.", "127.0.0.1",
                     [common](Config &c) -> std::string & { return common(c).redis.host; },
                     validateNonEmpty);
    schema.addInteger("redis.port", "Redis port.", 6379, 1, 65535,
                      [common](Config &c) -> std::int64_t & { return common(c).redis.port; });
    schema.addInteger("redis.database", "Redis logical database number.", 0, 0, 15,
                      [common](Config &c) -> std::int64_t & { return common(c).redis.database; });
    schema.addString("redis.password_file",
                     "File whose first line is the Redis password; empty for none.", "",
                     [common](Config &c) -> std::string & { return common(c).redis.passwordFile; });
    schema.addInteger("redis.timeout_milliseconds", "Connect and command timeout for Redis.", 2000,
                      50, 60000, [common](Config &c) -> std::int64_t & {
                          return common(c).redis.timeoutMilliseconds;
                      });

    schema.addString("log.level", "One of trace, debug, info, warn, error.", "info",
                     [common](Config &c) -> std::string & { return common(c).log.level; },
                     validateLogLevel);
    schema.addString("log.format", "text (logfmt key=value lines) or json (one object a line).",
                     "text", [common](Config &c) -> std::string & { return common(c).log.format; },
                     validateLogFormat);
}

// Reads the first line of a secret file; "" path gives "".
Result<std::string> readSecretFile(const std::string &path);

// The passwords of PostgreSQL and Redis, read from their *_file settings before a server starts;
// an error names the setting.
struct DependencySecrets {
    std::string databasePassword;
    std::string redisPassword;
};
Result<DependencySecrets> readDependencySecrets(const CommonSettings &settings);

} // namespace bcf::server
