// bcf-backtest as a user runs it: metrics table, CSV/JSON outputs, optimization with its
// summary, and the exit code and message for each kind of bad input.
// Test code full of literal paths and options: plain string literals read best here.
#undef QT_NO_CAST_FROM_ASCII
#include <QtTest>

#include "support/stack_config.h"

#include <cmath>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run backtest(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(BCF_BACKTEST_BINARY), arguments);
    if (!process.waitForFinished(120'000))
        qFatal("bcf-backtest did not finish");
    return Run{process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
               QString::fromUtf8(process.readAllStandardError())};
}

QString writeText(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(text);
    return path;
}

// Hourly candles: a slow sine wave with a drift, so moving-average crosses trade.
QByteArray hourlyCandles(int count)
{
    QByteArray csv = "timestamp_ms,open,high,low,close,volume\n";
    double previous = 100;
    for (int i = 0; i < count; ++i) {
        const double close = 100 + 10 * std::sin(i / 40.0) + i * 0.01;
        const double high = std::max(previous, close) + 0.5;
        const double low = std::min(previous, close) - 0.5;
        csv += QByteArray::number(1704067200000LL + static_cast<qint64>(i) * 3'600'000) + ',' +
               QByteArray::number(previous, 'f', 2) + ',' + QByteArray::number(high, 'f', 2) + ',' +
               QByteArray::number(low, 'f', 2) + ',' + QByteArray::number(close, 'f', 2) + ",25.5\n";
        previous = std::round(close * 100) / 100;
    }
    return csv;
}

const QByteArray kStrategy = R"(strategy "CLI test"
param fast = 10 range 5..20 step 5
param slow = 30 range 30..60 step 10
long entry when crossover(sma(close, fast), sma(close, slow))
long exit when crossunder(sma(close, fast), sma(close, slow))
size 50% of equity
)";

} // namespace

class TestBacktestCli : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void printsMetricsAndWritesFiles()
    {
        const QString strategy = writeText(m_dir, "s.bcf", kStrategy);
        const QString csv = writeText(m_dir, "btc.csv", hourlyCandles(2000));
        const QString trades = m_dir.filePath("trades.csv");
        const QString tradesJson = m_dir.filePath("trades.json");
        const QString equity = m_dir.filePath("equity.csv");
        const Run run = backtest({strategy, "--csv", "BTCUSDT=" + csv, "--taker-fee", "0.1", "--slippage", "0.02",
                                  "--trades-csv", trades, "--trades-json", tradesJson, "--equity-csv", equity});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.out.contains("CLI test — 2000 bars"));
        QVERIFY(run.out.contains("Net profit"));
        QVERIFY(run.out.contains("USDT"));
        const QRegularExpression tradesLine("Trades\\s+(\\d+)");
        const auto match = tradesLine.match(run.out);
        QVERIFY(match.hasMatch());
        const int tradeCount = match.captured(1).toInt();
        QVERIFY(tradeCount > 5);

        QFile tradesFile(trades);
        QVERIFY(tradesFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = tradesFile.readAll().trimmed().split('\n');
        QCOMPARE(rows.size(), tradeCount + 1);
        QVERIFY(rows[0].startsWith("trade,symbol,side,entry_time"));
        QVERIFY(rows[1].startsWith("1,BTCUSDT,long,"));

        QFile jsonFile(tradesJson);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonDocument json = QJsonDocument::fromJson(jsonFile.readAll());
        QVERIFY(json.isArray());
        QCOMPARE(json.array().size(), tradeCount);
        QCOMPARE(json.array()[0].toObject()["symbol"].toString(), QString("BTCUSDT"));

        QFile equityFile(equity);
        QVERIFY(equityFile.open(QIODevice::ReadOnly));
        QCOMPARE(equityFile.readAll().trimmed().split('\n').size(), 2000 + 2); // header + start + one per bar
    }

    void metricsAsJson()
    {
        const Run run = backtest({"template:sma_cross", "--csv", writeText(m_dir, "j.csv", hourlyCandles(1500)), "--json"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(json["strategy"].toString(), QString("SMA cross"));
        QCOMPARE(json["bars"].toInt(), 1500);
        QVERIFY(json["metrics"].toObject().contains("sharpe"));
    }

    void microsecondTimestamps()
    {
        // Binance's files since 2025 count microseconds; the timeframe is still inferred.
        QByteArray csv = hourlyCandles(200);
        QList<QByteArray> lines = csv.split('\n');
        for (int i = 1; i < lines.size(); ++i)
            if (!lines[i].isEmpty())
                lines[i].insert(lines[i].indexOf(','), "000");
        const Run run = backtest({"template:sma_cross", "--csv", writeText(m_dir, "us.csv", lines.join('\n')), "--json"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(QJsonDocument::fromJson(run.out.toUtf8()).object()["bars"].toInt(), 200);
    }

    void optimizes()
    {
        const QString strategy = writeText(m_dir, "o.bcf", kStrategy);
        const QString csv = writeText(m_dir, "o.csv", hourlyCandles(1500));
        const QString results = m_dir.filePath("trials.csv");
        const Run run = backtest({strategy, "--csv", csv, "--optimize", "grid", "--objective", "profit", "--threads",
                                  "2", "--results-csv", results});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.out.contains("16 trials (0 failed), objective: profit"));
        QVERIFY(run.out.contains("Probability of backtest overfitting"));
        QVERIFY(run.err.contains("100 %")); // the progress bar finished
        QFile file(results);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().trimmed().split('\n').size(), 17);

        // A parameter given with --set is not searched: 4 slow values only.
        const Run fixed = backtest({strategy, "--csv", csv, "--optimize", "grid", "--set", "fast=10"});
        QVERIFY2(fixed.exitCode == 0, qPrintable(fixed.err));
        QVERIFY(fixed.out.contains("4 trials (0 failed)"));
        QVERIFY(fixed.out.contains("fast=10 slow="));

        const Run walk = backtest({strategy, "--csv", csv, "--walk-forward", "600,300", "--threads", "2"});
        QVERIFY2(walk.exitCode == 0, qPrintable(walk.err));
        QVERIFY(walk.out.contains("Walk-forward: 3 windows"));
        QVERIFY(walk.out.contains("efficiency"));
    }

    // The operators' path: candles imported with bcfctl into a real PostgreSQL, backtested
    // through bcf-core's configuration.
    void storedCandles()
    {
        bcf::test::PostgresServer postgres;
        bcf::test::TestCertificates certificates;
        QVERIFY(certificates.ok());
        QVERIFY2(postgres.start(), qPrintable(postgres.error()));
        QVERIFY2(postgres.createDatabase("botcriptofy"), qPrintable(postgres.error()));
        const QString config = writeText(m_dir, "core.toml",
                                         bcf::test::serverConfig("backtest-test", bcf::test::freePort(), postgres, 1,
                                                            certificates, bcf::test::authSection(certificates))
                                             .toUtf8());
        const auto bcfctl = [](const QStringList &arguments) {
            QProcess process;
            process.start(QStringLiteral(BCF_CTL_BINARY), arguments);
            process.waitForFinished(120'000);
            if (process.exitCode() != 0)
                qWarning("%s", process.readAllStandardError().constData());
            return process.exitCode();
        };
        QCOMPARE(bcfctl({"migrate", "--config", config}), 0);
        const QString csv = writeText(m_dir, "stored.csv", hourlyCandles(1000));
        QCOMPARE(bcfctl({"import", "--config", config, "--symbol", "ETHUSDT", "--timeframe", "1h", "--format",
                         "generic", csv}),
                 0);

        // 2024-01-01 00:00 + 1000 h; ask for the first 30 days.
        const Run run = backtest({"template:sma_cross", "--config", config, "--symbol", "ETHUSDT", "--timeframe", "1h",
                                  "--from", "2024-01-01", "--to", "2024-01-31", "--json"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(json["bars"].toInt(), 30 * 24);

        const Run missing = backtest({"template:sma_cross", "--config", config, "--symbol", "XRPUSDT", "--timeframe",
                                      "1h", "--from", "2024-01-01", "--to", "2024-01-31"});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("no stored 1h candles of binance XRPUSDT"), qPrintable(missing.err));
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("strategy");
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("message");
        const QByteArray good = hourlyCandles(100);
        QTest::newRow("bad csv value") << kStrategy
                                       << QByteArray("timestamp_ms,open,high,low,close,volume\n"
                                                     "1704067200000,1,2,0.5,1.5,10\n1704070800000,1,2,0.5,abc,10\n")
                                       << QStringList() << ":3:5: close";
        QTest::newRow("csv out of order") << kStrategy
                                          << QByteArray("1704070800000,1,2,0.5,1.5,10\n1704067200000,1,2,0.5,1.5,10\n")
                                          << QStringList{"--timeframe", "1h"} << ":2:1: the timestamp is not after";
        QTest::newRow("strategy error") << QByteArray("long entry when smaa(close, 3) > 1\n") << good << QStringList()
                                        << "s.bcf:1:17: unknown function 'smaa'; did you mean 'sma'?";
        QTest::newRow("unknown parameter") << kStrategy << good << QStringList{"--set", "speed=3"}
                                           << "no parameter named 'speed'";
        QTest::newRow("bad size") << kStrategy << good << QStringList{"--size", "lots"} << "--size";
        QTest::newRow("bad fee") << kStrategy << good << QStringList{"--taker-fee", "150"} << "--taker-fee must be";
        QTest::newRow("bad method") << kStrategy << good << QStringList{"--optimize", "annealing"} << "--optimize: 'annealing'";
        QTest::newRow("bad timeframe") << kStrategy << good << QStringList{"--timeframe", "7m"} << "'7m' is not a timeframe";
        QTest::newRow("negative walk-forward") << kStrategy << good << QStringList{"--walk-forward", "-1,1"}
                                               << "--walk-forward: expected IN,OUT";
        QTest::newRow("absurd slippage") << kStrategy << good << QStringList{"--slippage", "100"}
                                         << "--slippage must be a percentage from 0 to 50";
        QTest::newRow("too many slippage ticks") << kStrategy << good << QStringList{"--slippage-ticks", "1000000000000"}
                                                 << "--slippage-ticks must be";
        QTest::newRow("tick finer than the prices") << kStrategy << good << QStringList{"--tick", "0.1"}
                                                    << "is not a multiple of --tick 0.1";
    }

    void badInput()
    {
        QFETCH(QByteArray, strategy);
        QFETCH(QByteArray, csv);
        QFETCH(QStringList, extra);
        QFETCH(QString, message);
        const QString strategyPath = writeText(m_dir, "s.bcf", strategy);
        const QString csvPath = writeText(m_dir, "bad.csv", csv);
        const Run run = backtest(QStringList{strategyPath, "--csv", csvPath} + extra);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestBacktestCli)
#include "test_backtest_cli.moc"
