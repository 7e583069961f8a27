// bcf-exchange-sim: an offline exchange that speaks Binance's public spot API on loopback.
#include "bybit_simulator.h"
#include "exchange_simulator.h"
#include "sim/replay.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <csignal>
#include <memory>

int main(int argc, char **argv)
{
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bcf-exchange-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BCF_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Offline exchange simulator: Binance's public spot REST API and WebSocket streams "
        "from a synthetic market or replayed kline files."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption restPort(QStringLiteral("rest-port"),
                                      QStringLiteral("REST port (0 = any free port)."),
                                      QStringLiteral("port"), QStringLiteral("0"));
    const QCommandLineOption webSocketPort(QStringLiteral("ws-port"),
                                           QStringLiteral("WebSocket port (0 = any free port)."),
                                           QStringLiteral("port"), QStringLiteral("0"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Seed of the synthetic market."),
                                  QStringLiteral("number"), QStringLiteral("1"));
    const QCommandLineOption replay(
        QStringLiteral("replay"),
        QStringLiteral("Play SYMBOL from a 1m kline CSV (timestamp_ms,open,high,low,close,volume "
                       "with an optional header, or data.binance.vision's layout) instead of the "
                       "synthetic market. Repeatable."),
        QStringLiteral("SYMBOL=path.csv"));
    const QCommandLineOption speed(QStringLiteral("speed"),
                                   QStringLiteral("Market clock rate: N market seconds a second "
                                                  "(0 < N <= 1000)."),
                                   QStringLiteral("N"), QStringLiteral("1"));
    parser.addOptions({restPort, webSocketPort, seed});
    parser.addOptions({replay, speed});
    // The Bybit v5 spot venue runs beside Binance's when either of its ports is given.
    const QCommandLineOption bybitRestPort(
        QStringLiteral("bybit-rest-port"),
        QStringLiteral("Also serve Bybit v5 spot: its REST port (0 = any free port)."),
        QStringLiteral("port"), QStringLiteral("0"));
    const QCommandLineOption bybitWebSocketPort(
        QStringLiteral("bybit-ws-port"),
        QStringLiteral("Also serve Bybit v5 spot: its WebSocket port (0 = any free port)."),
        QStringLiteral("port"), QStringLiteral("0"));
    parser.addOptions({bybitRestPort, bybitWebSocketPort});
    // Trading accounts for the SIGNED endpoints (docs/exchange-simulator.md).
    const QCommandLineOption account(
        QStringLiteral("account"),
        QStringLiteral("A trading account: API key, secret and starting balances, e.g. "
                       "KEY:SECRET:USDT=10000,BTC=1. Repeatable."),
        QStringLiteral("KEY:SECRET:BALANCES"));
    const QCommandLineOption accountsFile(
        QStringLiteral("accounts-file"),
        QStringLiteral("Trading accounts from a JSON file: [{\"apiKey\":…,\"secretKey\":…,"
                       "\"balances\":{\"USDT\":\"10000\"}}]."),
        QStringLiteral("path"));
    parser.addOptions({account, accountsFile});
    parser.process(application);

    bool restOk = false, webSocketOk = false, seedOk = false;
    bcf::exchange_sim::ExchangeSimulator::Options options;
    options.restPort = static_cast<quint16>(parser.value(restPort).toUInt(&restOk));
    options.webSocketPort = static_cast<quint16>(parser.value(webSocketPort).toUInt(&webSocketOk));
    options.seed = parser.value(seed).toULongLong(&seedOk);
    QTextStream errors(stderr);
    if (!restOk || !webSocketOk || !seedOk) {
        errors << "bcf-exchange-sim: --rest-port, --ws-port and --seed take numbers\n";
        return 2;
    }
    bool speedOk = false;
    options.speed = parser.value(speed).toDouble(&speedOk);
    if (!speedOk || !(options.speed > 0.0) || options.speed > 1000.0) {
        errors << "bcf-exchange-sim: --speed takes a number above 0 and at most 1000\n";
        return 2;
    }
    for (const QString &entry : parser.values(replay)) {
        const qsizetype equals = entry.indexOf(QLatin1Char('='));
        if (equals <= 0 || equals == entry.size() - 1) {
            errors << "bcf-exchange-sim: --replay takes SYMBOL=path.csv, not \"" << entry << "\"\n";
            return 2;
        }
        bcf::model::CsvError where;
        auto candles = bcf::sim::loadKlineCsv(entry.mid(equals + 1).toStdString(), where);
        if (!candles) {
            errors << "bcf-exchange-sim: " << QString::fromStdString(candles.error().message) << "\n";
            return 2;
        }
        options.replay[entry.left(equals).toUpper().toStdString()] = std::move(*candles);
    }
    if (parser.isSet(accountsFile)) {
        auto accounts = bcf::exchange_sim::loadAccountFile(parser.value(accountsFile).toStdString());
        if (!accounts) {
            errors << "bcf-exchange-sim: " << QString::fromStdString(accounts.error().message) << "\n";
            return 2;
        }
        options.accounts = std::move(*accounts);
    }
    for (const QString &entry : parser.values(account)) {
        auto spec = bcf::exchange_sim::parseAccountSpec(entry.toStdString());
        if (!spec) {
            errors << "bcf-exchange-sim: " << QString::fromStdString(spec.error().message) << "\n";
            return 2;
        }
        options.accounts.push_back(std::move(*spec));
    }
    bcf::exchange_sim::ExchangeSimulator simulator(options);
    QString error;
    if (!simulator.start(&error)) {
        errors << "bcf-exchange-sim: " << error << "\n";
        return 1;
    }
    std::unique_ptr<bcf::exchange_sim::BybitSimulator> bybit;
    if (parser.isSet(bybitRestPort) || parser.isSet(bybitWebSocketPort)) {
        bool bybitRestOk = false, bybitWebSocketOk = false;
        bcf::exchange_sim::BybitSimulator::Options bybitOptions;
        bybitOptions.restPort = parser.value(bybitRestPort).toUShort(&bybitRestOk);
        bybitOptions.webSocketPort = parser.value(bybitWebSocketPort).toUShort(&bybitWebSocketOk);
        bybitOptions.seed = options.seed + 1; // a market of its own
        if (!bybitRestOk || !bybitWebSocketOk) {
            errors << "bcf-exchange-sim: --bybit-rest-port and --bybit-ws-port take port numbers\n";
            return 2;
        }
        bybit = std::make_unique<bcf::exchange_sim::BybitSimulator>(bybitOptions);
        if (!bybit->start(&error)) {
            errors << "bcf-exchange-sim: " << error << "\n";
            return 1;
        }
    }
    std::signal(SIGTERM, [](int) { QCoreApplication::quit(); });
    std::signal(SIGINT, [](int) { QCoreApplication::quit(); });
    QTextStream(stdout) << "bcf-exchange-sim listening rest=127.0.0.1:" << simulator.restPort()
                        << " ws=127.0.0.1:" << simulator.webSocketPort() << Qt::endl;
    const auto demo = bcf::exchange_sim::demoAccount();
    QTextStream(stdout) << "bcf-exchange-sim demo account apiKey=" << QString::fromStdString(demo.apiKey)
                        << " secretKey=" << QString::fromStdString(demo.secretKey) << Qt::endl;
    if (bybit)
        QTextStream(stdout) << "bcf-exchange-sim bybit listening rest=127.0.0.1:"
                            << bybit->restPort() << " ws=127.0.0.1:" << bybit->webSocketPort()
                            << Qt::endl;
    return QCoreApplication::exec();
}
