// bcfctl: the operators' command line — certificates, secrets, migrations, users, storage,
// health.
#include "auth/auth_service.h"
#include "auth/crypto.h"
#include "common/certificates.h"
#include "common/database.h"
#include "common/migrations.h"
#include "common/news_store.h"
#include "common/server_runtime.h"
#include "common/storage_mode.h"
#include "common/system_clock.h"
#include "common/tls.h"
#include "core_config.h"
#include "kline_import.h"

#include <grpc/health/v1/health.grpc.pb.h>

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

using namespace bcf;

namespace {

int fail(const std::string &message, int code = server::ExitFailure)
{
    std::cerr << "bcfctl: " << message << "\n";
    return code;
}

std::string readPassword(const std::string &environmentVariable, const std::string &prompt)
{
    if (!environmentVariable.empty()) {
        const char *value = std::getenv(environmentVariable.c_str());
        return value ? value : "";
    }
    const bool terminal = ::isatty(STDIN_FILENO) != 0;
    termios saved{};
    if (terminal) {
        std::cerr << prompt << std::flush;
        tcgetattr(STDIN_FILENO, &saved);
        termios silent = saved;
        silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &silent);
    }
    std::string password;
    std::getline(std::cin, password);
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << "\n";
    }
    return password;
}

struct CoreContext {
    core::CoreConfig config;
    std::unique_ptr<server::Database> database;
    server::SystemClock clock;
    std::unique_ptr<auth::AuthService> auth;
};

// Loads bcf-core's config and opens its database; with needsAuth also the auth service.
// The database of a bcf-core configuration; with `checkSchema`, also that its schema is the one
// this build knows (every command but migrate).
std::variant<std::unique_ptr<CoreContext>, int> openCore(const std::string &configPath,
                                                         bool needsAuth, bool checkSchema = true)
{
    auto config = server::loadConfigFile(core::coreConfigSchema(), configPath);
    if (!config)
        return fail("configuration error: " + config.error().message, server::ExitConfigError);
    auto context = std::make_unique<CoreContext>();
    context->config = *config;
    auto password = server::readSecretFile(config->common.database.passwordFile);
    if (!password)
        return fail("database.password_file: " + password.error().message,
                    server::ExitConfigError);
    context->database = std::make_unique<server::Database>(config->common.database, *password,
                                                           "bcfctl");
    if (checkSchema) {
        auto schema = context->database->run([](pqxx::connection &connection) {
            return server::checkSchema(connection, server::builtInMigrations());
        });
        if (!schema)
            return fail(schema.error().message);
    }
    if (needsAuth) {
        if (auto status = auth::initCrypto(); !status)
            return fail(status.error().message);
        auto keyText = server::readSecretFile(config->auth.secretKeyFile);
        if (!keyText)
            return fail("auth.secret_key_file: " + keyText.error().message,
                        server::ExitConfigError);
        auto key = auth::parseSecretKey(*keyText);
        if (!key)
            return fail("auth.secret_key_file: " + key.error().message, server::ExitConfigError);
        context->auth = std::make_unique<auth::AuthService>(*context->database, context->clock,
                                                            config->auth, *key);
    }
    return context;
}

std::string describe(const auth::UserRecord &user)
{
    return std::to_string(user.id) + "\t" + user.username + "\t" + std::string(auth::roleName(user.role))
           + "\t" + (user.disabled ? "disabled" : "active") + "\t"
           + (user.totpEnabled ? "2fa" : "no-2fa");
}

int runHealth(const std::string &address, const std::string &ca, const std::string &cert,
              const std::string &key, const std::string &service, int timeoutSeconds)
{
    auto credentials = server::makeChannelCredentials(ca, cert, key);
    if (!credentials)
        return fail(credentials.error().message, server::ExitConfigError);
    auto channel = grpc::CreateChannel(address, *credentials);
    auto stub = grpc::health::v1::Health::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(timeoutSeconds));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    const grpc::Status status = stub->Check(&context, request, &response);
    if (!status.ok())
        return fail(address + ": " + status.error_message());
    const auto state = grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
        response.status());
    std::cout << address << ": " << state << "\n";
    return response.status() == grpc::health::v1::HealthCheckResponse::SERVING
               ? server::ExitOk
               : server::ExitFailure;
}

} // namespace

int main(int argc, char **argv)
{
    CLI::App app{"bcfctl " BCF_VERSION " — BotCriptoFy2 operations tool"};
    app.require_subcommand(1);

    // certs
    auto *certs = app.add_subcommand("certs", "Create the local CA and issue certificates");
    certs->require_subcommand(1);
    std::string certDir;
    std::string caName = "BotCriptoFy2 CA";
    int days = 825;
    auto *certsInit = certs->add_subcommand("init", "Create ca.crt and ca.key in --dir");
    certsInit->add_option("--dir", certDir, "Directory for the CA")->required();
    certsInit->add_option("--name", caName, "CA common name");
    certsInit->add_option("--days", days, "Validity in days")->check(CLI::Range(1, 36500));
    std::string certName;
    std::vector<std::string> dnsNames;
    std::vector<std::string> ipAddresses;
    bool clientAuth = false;
    bool noServerAuth = false;
    auto *certsIssue = certs->add_subcommand("issue", "Issue <name>.crt/.key signed by the CA");
    certsIssue->add_option("--dir", certDir, "Directory holding the CA")->required();
    certsIssue->add_option("--name", certName, "File and common name (e.g. core)")->required();
    certsIssue->add_option("--dns", dnsNames, "DNS subjectAltName (repeatable)");
    certsIssue->add_option("--ip", ipAddresses, "IP subjectAltName (repeatable)");
    certsIssue->add_flag("--client", clientAuth, "Also valid for client authentication (mTLS)");
    certsIssue->add_flag("--client-only", noServerAuth, "Only for client authentication");
    certsIssue->add_option("--days", days, "Validity in days")->check(CLI::Range(1, 3650));

    // secret
    auto *secret = app.add_subcommand("secret", "Server secret keys");
    secret->require_subcommand(1);
    std::string secretFile;
    auto *secretInit = secret->add_subcommand("init", "Write a new 32-byte key (hex) to --file");
    secretInit->add_option("--file", secretFile, "Key file to create (mode 0600)")->required();

    // migrate
    std::string configPath;
    bool statusOnly = false;
    auto *migrate = app.add_subcommand("migrate", "Apply pending database migrations");
    migrate->add_option("-c,--config", configPath, "bcf-core configuration file")->required();
    migrate->add_flag("--status", statusOnly, "Only print the schema versions");

    // user
    auto *user = app.add_subcommand("user", "Manage users directly in the database");
    user->require_subcommand(1);
    std::string username;
    std::string role = "trader";
    std::string passwordEnv;
    bool enable = false;
    auto addCommon = [&](CLI::App *command) {
        command->add_option("-c,--config", configPath, "bcf-core configuration file")->required();
    };
    auto *userAdd = user->add_subcommand("add", "Create a user");
    addCommon(userAdd);
    userAdd->add_option("--username", username, "User name")->required();
    userAdd->add_option("--role", role, "trader, admin, support, finance, marketing, sales, "
                                        "auditor");
    userAdd->add_option("--password-env", passwordEnv,
                        "Read the password from this environment variable instead of stdin");
    auto *userPasswd = user->add_subcommand("passwd", "Set a user's password (revokes sessions)");
    addCommon(userPasswd);
    userPasswd->add_option("--username", username, "User name")->required();
    userPasswd->add_option("--password-env", passwordEnv,
                           "Read the password from this environment variable instead of stdin");
    auto *userRole = user->add_subcommand("role", "Change a user's role");
    addCommon(userRole);
    userRole->add_option("--username", username, "User name")->required();
    userRole->add_option("--role", role, "New role")->required();
    auto *userDisable = user->add_subcommand("disable", "Disable a user (revokes sessions)");
    addCommon(userDisable);
    userDisable->add_option("--username", username, "User name")->required();
    userDisable->add_flag("--enable", enable, "Enable the user again instead");
    auto *userList = user->add_subcommand("list", "List users");
    addCommon(userList);

    // news feeds
    auto *news = app.add_subcommand("news", "News feeds the compute nodes fetch (docs/news.md)");
    news->require_subcommand(1);
    std::string feedUrl;
    std::string feedName;
    auto *newsAdd = news->add_subcommand("add-feed", "Add an RSS or Atom feed");
    addCommon(newsAdd);
    newsAdd->add_option("--url", feedUrl, "The feed's http(s) address")->required();
    newsAdd->add_option("--name", feedName, "A name to show (default: the address's host)");
    auto *newsRemove = news->add_subcommand("remove-feed", "Remove a feed and its items");
    addCommon(newsRemove);
    newsRemove->add_option("--url", feedUrl, "The feed's address")->required();
    auto *newsList = news->add_subcommand("list-feeds", "List the feeds, their last fetch and item counts");
    addCommon(newsList);

    // import
    auto *import = app.add_subcommand("import", "Import candles from kline CSV files (or zips)");
    std::string exchange = "binance";
    std::string symbol;
    std::string timeframeName = "1m";
    std::string formatName = "binance";
    std::vector<std::string> importFiles;
    import->add_option("-c,--config", configPath, "bcf-core configuration file")->required();
    import->add_option("--exchange", exchange, "Exchange the candles come from");
    import->add_option("--symbol", symbol, "Exchange symbol, e.g. BTCUSDT")->required();
    import->add_option("--timeframe", timeframeName, "Timeframe of the candles (1m … 1M)");
    import->add_option("--format", formatName,
                       "binance (data.binance.vision layout) or generic "
                       "(timestamp_ms,open,high,low,close,volume)")
        ->check(CLI::IsMember({"binance", "generic"}));
    import->add_option("files", importFiles, ".csv or .zip files")->required();

    // storage
    auto *storage = app.add_subcommand("storage", "How candles and trades are stored");
    storage->require_subcommand(1);
    auto *storageStatus = storage->add_subcommand(
        "status", "Print the storage mode and whether TimescaleDB is available");
    storageStatus->add_option("-c,--config", configPath, "bcf-core configuration file")
        ->required();
    auto *storageTimescale = storage->add_subcommand(
        "timescale", "Convert candles and trades to TimescaleDB hypertables with compression "
                     "(stop bcf-core and bcf-compute first)");
    storageTimescale->add_option("-c,--config", configPath, "bcf-core configuration file")
        ->required();

    // health
    std::string address = "127.0.0.1:50051";
    std::string caFile;
    std::string clientCert;
    std::string clientKey;
    std::string service;
    int timeoutSeconds = 5;
    auto *health = app.add_subcommand("health", "Ask a core or compute node for its health");
    health->add_option("--address", address, "host:port of the node");
    health->add_option("--ca", caFile, "CA certificate the node's certificate chains to")
        ->required();
    health->add_option("--cert", clientCert, "Client certificate (mTLS)");
    health->add_option("--key", clientKey, "Client key (mTLS)");
    health->add_option("--service", service, "Service name; empty for the whole node");
    health->add_option("--timeout", timeoutSeconds, "Seconds to wait");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &error) {
        const int code = app.exit(error);
        return code == 0 ? server::ExitOk : server::ExitConfigError;
    }

    if (*certsInit) {
        if (auto status = server::createCertificateAuthority(certDir, caName, days); !status)
            return fail(status.error().message);
        std::cout << "created " << certDir << "/ca.crt and ca.key\n";
        return server::ExitOk;
    }
    if (*certsIssue) {
        server::CertificateRequest request;
        request.commonName = certName;
        request.dnsNames = dnsNames;
        request.ipAddresses = ipAddresses;
        request.clientAuth = clientAuth || noServerAuth;
        request.serverAuth = !noServerAuth;
        request.validDays = days;
        if (auto status = server::issueCertificate(certDir, certName, request); !status)
            return fail(status.error().message);
        std::cout << "issued " << certDir << "/" << certName << ".crt and .key\n";
        return server::ExitOk;
    }
    if (*secretInit) {
        if (auto status = auth::initCrypto(); !status)
            return fail(status.error().message);
        if (std::filesystem::exists(secretFile))
            return fail(secretFile + " exists; a key is never overwritten");
        const mode_t previous = ::umask(077);
        std::ofstream file(secretFile);
        ::umask(previous);
        if (!file)
            return fail(secretFile + ": cannot write");
        file << auth::toHex(auth::randomBytes(32)) << "\n";
        std::cout << "created " << secretFile << "\n";
        return server::ExitOk;
    }
    if (*migrate) {
        auto opened = openCore(configPath, false, false);
        if (const int *code = std::get_if<int>(&opened))
            return *code;
        auto &context = *std::get<std::unique_ptr<CoreContext>>(opened);
        bool tooNew = false;
        auto outcome = context.database->run([&](pqxx::connection &connection)
                                                 -> Result<server::MigrationReport> {
            tooNew = server::schemaVersion(connection) > server::builtInMigrations().back().version;
            if (statusOnly) {
                server::MigrationReport report;
                report.previousVersion = report.currentVersion = server::schemaVersion(connection);
                return report;
            }
            return server::migrate(connection, server::builtInMigrations());
        });
        if (!outcome)
            return fail(outcome.error().message,
                        tooNew ? server::ExitSchemaTooNew : server::ExitFailure);
        std::cout << "schema version " << outcome->currentVersion << " (this build knows "
                  << server::builtInMigrations().back().version << ")";
        if (!statusOnly)
            std::cout << ", applied " << outcome->applied.size() << " migration(s)";
        std::cout << "\n";
        return server::ExitOk;
    }
    if (*storageStatus || *storageTimescale) {
        auto opened = openCore(configPath, false);
        if (const int *code = std::get_if<int>(&opened))
            return *code;
        auto &context = *std::get<std::unique_ptr<CoreContext>>(opened);
        if (*storageTimescale) {
            if (auto status = server::convertToTimescale(*context.database); !status)
                return fail(status.error().message);
        }
        auto mode = server::storageMode(*context.database);
        if (!mode)
            return fail(mode.error().message);
        std::string missing;
        auto available = server::timescaleAvailable(*context.database, &missing);
        if (!available)
            return fail(available.error().message);
        if (*storageTimescale)
            std::cout << "converted candles and trades to TimescaleDB hypertables\n";
        std::cout << "storage mode: " << server::storageModeName(*mode) << "\n"
                  << "timescaledb: "
                  << (*available ? "available" : "not available (" + missing + ")") << "\n";
        return server::ExitOk;
    }
    if (*news) {
        auto opened = openCore(configPath, false);
        if (const int *code = std::get_if<int>(&opened))
            return *code;
        auto &context = *std::get<std::unique_ptr<CoreContext>>(opened);
        server::NewsStore store(*context.database);
        if (*newsAdd) {
            auto added = store.addFeed(feedUrl, feedName);
            if (!added)
                return fail(added.error().message);
            std::cout << "added feed " << added->id << "\t" << added->url << "\t" << added->name << "\n";
        } else if (*newsRemove) {
            if (auto removed = store.removeFeed(feedUrl); !removed)
                return fail(removed.error().message);
            std::cout << "removed feed " << feedUrl << "\n";
        } else {
            auto feeds = store.feeds();
            if (!feeds)
                return fail(feeds.error().message);
            std::cout << "id\turl\tname\titems\tlast fetch (ms)\tlast error\n";
            for (const auto &feed : *feeds)
                std::cout << feed.id << "\t" << feed.url << "\t" << feed.name << "\t" << feed.items << "\t"
                          << (feed.lastFetched ? std::to_string(toUnixMillis(*feed.lastFetched)) : "never") << "\t"
                          << feed.lastError << "\n";
        }
        return server::ExitOk;
    }
    if (*health)
        return runHealth(address, caFile, clientCert, clientKey, service, timeoutSeconds);
    if (*import) {
        const auto timeframe = model::parseTimeframe(timeframeName);
        if (!timeframe)
            return fail("--timeframe: unknown timeframe \"" + timeframeName
                            + "\" (1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M)",
                        server::ExitConfigError);
        auto opened = openCore(configPath, false);
        if (const int *code = std::get_if<int>(&opened))
            return *code;
        auto &context = *std::get<std::unique_ptr<CoreContext>>(opened);
        server::CandleStore store(*context.database);
        ctl::ImportRequest request{exchange, symbol, *timeframe,
                                   formatName == "generic" ? model::KlineCsvFormat::Generic
                                                           : model::KlineCsvFormat::Binance,
                                   importFiles};
        const auto started = std::chrono::steady_clock::now();
        auto report = ctl::importKlines(store, request, [&](std::size_t done, std::size_t total) {
            const double seconds = std::chrono::duration<double>(
                                       std::chrono::steady_clock::now() - started)
                                       .count();
            std::cerr << "\rimported " << done << " / " << total << " candles ("
                      << static_cast<long long>(done / std::max(seconds, 1e-3)) << "/s)"
                      << std::flush;
        });
        if (!report)
            return fail(report.error().message);
        std::cerr << "\n";
        std::cout << "imported " << report->rows << " candles from " << report->files
                  << " file(s) into " << exchange << " " << symbol << " " << timeframeName
                  << "\n";
        return server::ExitOk;
    }

    // user subcommands
    auto opened = openCore(configPath, true);
    if (const int *code = std::get_if<int>(&opened))
        return *code;
    auto &context = *std::get<std::unique_ptr<CoreContext>>(opened);
    auto &authService = *context.auth;
    if (*userList) {
        auto users = authService.listUsers();
        if (!users)
            return fail(users.error().message);
        std::cout << "id\tusername\trole\tstate\t2fa\n";
        for (const auto &record : *users)
            std::cout << describe(record) << "\n";
        return server::ExitOk;
    }
    const auto parsedRole = auth::parseRole(role);
    if (!parsedRole)
        return fail("--role: unknown role \"" + role
                        + "\" (trader, admin, support, finance, marketing, sales, auditor)",
                    server::ExitConfigError);
    if (*userAdd) {
        const std::string password = readPassword(passwordEnv, "Password for " + username + ": ");
        auto created = authService.createUser(username, password, *parsedRole);
        if (!created)
            return fail(created.error().message);
        std::cout << "created " << describe(*created) << "\n";
        return server::ExitOk;
    }
    auto found = authService.findUser(username);
    if (!found)
        return fail(found.error().message);
    Result<auth::UserRecord> changed;
    if (*userPasswd) {
        changed = authService.setPassword(found->id,
                                          readPassword(passwordEnv, "New password for " + username
                                                                        + ": "));
    } else if (*userRole) {
        changed = authService.setRole(found->id, *parsedRole);
    } else if (*userDisable) {
        changed = authService.setDisabled(found->id, !enable);
    }
    if (!changed)
        return fail(changed.error().message);
    std::cout << "updated " << describe(*changed) << "\n";
    return server::ExitOk;
}
