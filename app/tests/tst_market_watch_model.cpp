// The market watch: one row per instrument, updated by symbol, sorted by value.
#include "gui/market_watch_model.h"

#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace bcf::app;
using namespace Qt::StringLiterals;

namespace {

Instrument instrument(const QString& symbol, int precision)
{
    Instrument result;
    result.exchange = u"binance"_s;
    result.symbol = symbol;
    result.base = symbol.left(3);
    result.quote = u"USDT"_s;
    result.pricePrecision = precision;
    return result;
}

Ticker ticker(const QString& symbol, const QString& last, const QString& open,
              const QString& quoteVolume)
{
    return Ticker{.exchange = u"binance"_s,
                  .symbol = symbol,
                  .lastPrice = last,
                  .openPrice = open,
                  .highPrice = last,
                  .lowPrice = open,
                  .volume = u"1"_s,
                  .quoteVolume = quoteVolume};
}

QStringList column(const QAbstractItemModel& model, int column)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values.append(model.index(row, column).data().toString());
    return values;
}

} // namespace

class TestMarketWatchModel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void updatesTheRowOfTheSymbol()
    {
        MarketWatchModel model;
        model.setInstruments({instrument(u"BTCUSDT"_s, 2), instrument(u"ETHUSDT"_s, 2),
                              instrument(u"DOGEUSDT"_s, 5)});
        QCOMPARE(model.rowCount(), 3);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.updateTicker(ticker(u"DOGEUSDT"_s, u"0.0812345"_s, u"0.08"_s, u"1"_s)));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 2);
        // The instrument's precision.
        QCOMPARE(model.index(2, MarketWatchModel::LastColumn).data().toString(), u"0.08123"_s);
        QCOMPARE(model.index(2, MarketWatchModel::ChangeColumn).data().toString(), u"+1.54%"_s);
        QCOMPARE(model.tickerAt(0), std::optional<Ticker>());
        QVERIFY(!model.updateTicker(ticker(u"XRPUSDT"_s, u"1"_s, u"1"_s, u"1"_s)));
        QCOMPARE(changed.count(), 1);
    }

    void coloursTheChange()
    {
        MarketWatchModel model;
        model.setColors(Qt::green, Qt::red);
        model.setInstruments({instrument(u"BTCUSDT"_s, 2), instrument(u"ETHUSDT"_s, 2)});
        model.updateTicker(ticker(u"BTCUSDT"_s, u"110"_s, u"100"_s, u"1"_s));
        model.updateTicker(ticker(u"ETHUSDT"_s, u"90"_s, u"100"_s, u"1"_s));
        const auto colour = [&](int row) {
            return model.index(row, MarketWatchModel::ChangeColumn)
                .data(Qt::ForegroundRole)
                .value<QColor>();
        };
        QCOMPARE(colour(0), QColor(Qt::green));
        QCOMPARE(colour(1), QColor(Qt::red));
        QCOMPARE(model.index(1, MarketWatchModel::ChangeColumn).data().toString(), u"-10.00%"_s);
    }

    void keepsTickersAcrossANewList()
    {
        MarketWatchModel model;
        model.setInstruments({instrument(u"BTCUSDT"_s, 2)});
        model.updateTicker(ticker(u"BTCUSDT"_s, u"110"_s, u"100"_s, u"1"_s));
        model.setInstruments({instrument(u"ADAUSDT"_s, 4), instrument(u"BTCUSDT"_s, 2)});
        QCOMPARE(model.rowOf(u"BTCUSDT"_s), 1);
        QVERIFY(model.tickerAt(1).has_value());
        QVERIFY(!model.tickerAt(0).has_value());
    }

    void sortsByValue()
    {
        MarketWatchModel model;
        model.setInstruments({instrument(u"AAAUSDT"_s, 2), instrument(u"BBBUSDT"_s, 2),
                              instrument(u"CCCUSDT"_s, 2), instrument(u"DDDUSDT"_s, 2)});
        // Volumes whose text order differs from their numeric order.
        model.updateTicker(ticker(u"AAAUSDT"_s, u"9"_s, u"10"_s, u"900"_s));
        model.updateTicker(ticker(u"BBBUSDT"_s, u"30"_s, u"10"_s, u"15000000"_s));
        model.updateTicker(ticker(u"CCCUSDT"_s, u"100"_s, u"10"_s, u"20000"_s));
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(MarketWatchModel::SortRole);
        proxy.setDynamicSortFilter(true);
        proxy.sort(MarketWatchModel::VolumeColumn, Qt::DescendingOrder);
        QCOMPARE(column(proxy, MarketWatchModel::SymbolColumn),
                 QStringList({u"BBBUSDT"_s, u"CCCUSDT"_s, u"AAAUSDT"_s, u"DDDUSDT"_s}));
        proxy.sort(MarketWatchModel::ChangeColumn, Qt::AscendingOrder);
        // No ticker sorts lowest; then -10 %, +200 %, +900 %.
        QCOMPARE(column(proxy, MarketWatchModel::SymbolColumn),
                 QStringList({u"DDDUSDT"_s, u"AAAUSDT"_s, u"BBBUSDT"_s, u"CCCUSDT"_s}));
        // A live update moves the row.
        model.updateTicker(ticker(u"AAAUSDT"_s, u"1000"_s, u"10"_s, u"900"_s));
        QCOMPARE(column(proxy, MarketWatchModel::SymbolColumn).last(), u"AAAUSDT"_s);
        proxy.sort(MarketWatchModel::SymbolColumn, Qt::DescendingOrder);
        QCOMPARE(column(proxy, MarketWatchModel::SymbolColumn).first(), u"DDDUSDT"_s);
    }
};

QTEST_MAIN(TestMarketWatchModel)
#include "tst_market_watch_model.moc"
