// bcf-exchange-sim: an offline exchange that speaks Binance's public spot API on loopback.
#include "exchange_simulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <csignal>

int main(int argc, char **argv)
{
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bcf-exchange-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BCF_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Offline exchange simulator: Binance's public spot REST API and WebSocket streams "
        "from a synthetic market."));
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
    parser.addOptions({restPort, webSocketPort, seed});
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
    bcf::exchange_sim::ExchangeSimulator simulator(options);
    QString error;
    if (!simulator.start(&error)) {
        errors << "bcf-exchange-sim: " << error << "\n";
        return 1;
    }
    std::signal(SIGTERM, [](int) { QCoreApplication::quit(); });
    std::signal(SIGINT, [](int) { QCoreApplication::quit(); });
    QTextStream(stdout) << "bcf-exchange-sim listening rest=127.0.0.1:" << simulator.restPort()
                        << " ws=127.0.0.1:" << simulator.webSocketPort() << Qt::endl;
    return QCoreApplication::exec();
}
