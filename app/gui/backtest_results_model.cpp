#include "gui/backtest_results_model.h"

#include <QDateTime>
#include <QLocale>

#include <cmath>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

QString percentText(double fraction)
{
    return QLocale().toString(fraction * 100.0, 'f', 2) + u" %"_s;
}

QString ratioText(double value)
{
    if (std::isinf(value))
        return value > 0 ? u"∞"_s : u"−∞"_s;
    return QLocale().toString(value, 'f', 2);
}

QString moneyText(Money money, const QString& currency)
{
    const QString amount = decimalText(money.raw(), 2);
    return currency.isEmpty() ? amount : amount + u' ' + currency;
}

QString moneyText(double amount, const QString& currency)
{
    const QString text = QLocale().toString(amount, 'f', 2);
    return currency.isEmpty() ? text : text + u' ' + currency;
}

int toneOf(double value)
{
    return value > 0 ? 1 : (value < 0 ? -1 : 0);
}

} // namespace

QString decimalText(std::int64_t raw, int decimals)
{
    decimals = std::clamp(decimals, 0, Money::kScaleDigits);
    // Round half away from zero to `decimals` places, in integers.
    std::int64_t divisor = 1;
    for (int i = decimals; i < Money::kScaleDigits; ++i)
        divisor *= 10;
    const bool negative = raw < 0;
    const std::uint64_t magnitude = negative ? std::uint64_t(0) - std::uint64_t(raw) : std::uint64_t(raw);
    const std::uint64_t scaled = (magnitude + std::uint64_t(divisor) / 2) / std::uint64_t(divisor);
    std::uint64_t unit = 1;
    for (int i = 0; i < decimals; ++i)
        unit *= 10;
    const std::uint64_t whole = scaled / unit;
    const std::uint64_t fraction = scaled % unit;
    QString text = (negative && scaled != 0 ? u"-"_s : QString()) + QString::number(whole);
    if (decimals > 0) {
        text += QLocale().decimalPoint();
        text += QString::number(fraction).rightJustified(decimals, u'0');
    }
    return text;
}

QString BacktestFormat::durationText(double milliseconds)
{
    const qint64 minutes = qint64(std::llround(milliseconds / 60000.0));
    const qint64 days = minutes / (24 * 60);
    const qint64 hours = (minutes / 60) % 24;
    const qint64 rest = minutes % 60;
    if (days > 0)
        return tr("%1 d %2 h").arg(days).arg(hours);
    if (hours > 0)
        return tr("%1 h %2 min").arg(hours).arg(rest);
    return tr("%1 min").arg(rest);
}

std::vector<MetricLine> BacktestFormat::metricLines(const bt::Metrics& m, const QString& quote)
{
    const QLocale locale;
    return {
        {tr("Net profit"), moneyText(m.netProfit, quote), toneOf(m.netProfit.toDouble())},
        {tr("Total return"), percentText(m.totalReturn), toneOf(m.totalReturn)},
        {tr("CAGR"), percentText(m.cagr), toneOf(m.cagr)},
        {tr("Volatility (annual)"), percentText(m.volatility), 0},
        {tr("Sharpe ratio"), ratioText(m.sharpe), toneOf(m.sharpe)},
        {tr("Sortino ratio"), ratioText(m.sortino), toneOf(m.sortino)},
        {tr("Calmar ratio"), ratioText(m.calmar), toneOf(m.calmar)},
        {tr("Max drawdown"), percentText(m.maxDrawdown), m.maxDrawdown > 0 ? -1 : 0},
        {tr("Max drawdown duration"), durationText(double(m.maxDrawdownDurationMs)), 0},
        {tr("Trades"), locale.toString(qlonglong(m.tradeCount)), 0},
        {tr("Winning trades"), locale.toString(qlonglong(m.winningTrades)), 0},
        {tr("Losing trades"), locale.toString(qlonglong(m.losingTrades)), 0},
        {tr("Win rate"), percentText(m.winRate), 0},
        {tr("Profit factor"), ratioText(m.profitFactor),
         m.tradeCount == 0 ? 0 : (m.profitFactor >= 1 ? 1 : -1)},
        {tr("Expectancy"), moneyText(m.expectancy, quote), toneOf(m.expectancy)},
        {tr("Average win"), moneyText(m.averageWin, quote), 0},
        {tr("Average loss"), moneyText(m.averageLoss, quote), 0},
        {tr("Average holding time"), durationText(m.averageHoldingMs), 0},
        {tr("Gross profit"), moneyText(m.grossProfit, quote), 0},
        {tr("Gross loss"), moneyText(m.grossLoss, quote), 0},
        {tr("Fees paid"), moneyText(m.feesPaid, quote), 0},
        {tr("Exposure"), percentText(m.exposure), 0},
    };
}

BacktestTradesModel::BacktestTradesModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void BacktestTradesModel::setTrades(std::vector<bt::TradeRecord> trades, int priceDecimals,
                                    int quantityDecimals)
{
    beginResetModel();
    m_trades = std::move(trades);
    m_priceDecimals = priceDecimals;
    m_quantityDecimals = quantityDecimals;
    endResetModel();
}

void BacktestTradesModel::clear()
{
    setTrades({}, m_priceDecimals, m_quantityDecimals);
}

void BacktestTradesModel::setColors(const QColor& profit, const QColor& loss)
{
    m_profit = profit;
    m_loss = loss;
    if (!m_trades.empty())
        emit dataChanged(index(0, NetPnlColumn), index(rowCount() - 1, NetPnlColumn));
}

Money BacktestTradesModel::totalNetPnl() const
{
    Money total;
    for (const bt::TradeRecord& trade : m_trades)
        total = total + trade.netPnl;
    return total;
}

QString BacktestTradesModel::timeText(TimePoint time)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(toUnixMillis(time)),
                              u"yyyy-MM-dd HH:mm"_s);
}

int BacktestTradesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_trades.size());
}

int BacktestTradesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BacktestTradesModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const bt::TradeRecord& t = m_trades[std::size_t(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NumberColumn:
            return index.row() + 1;
        case SideColumn:
            return t.side == model::Side::Buy ? tr("Long") : tr("Short");
        case EntryTimeColumn:
            return timeText(t.entryTime);
        case EntryPriceColumn:
            return decimalText(t.entryPrice.raw(), m_priceDecimals);
        case ExitTimeColumn:
            return timeText(t.exitTime);
        case ExitPriceColumn:
            return decimalText(t.exitPrice.raw(), m_priceDecimals);
        case QuantityColumn:
            return decimalText(t.quantity.raw(), m_quantityDecimals);
        case NetPnlColumn:
            return decimalText(t.netPnl.raw(), 2);
        case FeesColumn:
            return decimalText(t.fees.raw(), 2);
        case BarsColumn:
            return qlonglong(t.bars);
        default:
            return {};
        }
    }
    if (role == SortRole) {
        switch (index.column()) {
        case NumberColumn:
            return index.row();
        case SideColumn:
            return int(t.side);
        case EntryTimeColumn:
            return qlonglong(toUnixMillis(t.entryTime));
        case EntryPriceColumn:
            return qlonglong(t.entryPrice.raw());
        case ExitTimeColumn:
            return qlonglong(toUnixMillis(t.exitTime));
        case ExitPriceColumn:
            return qlonglong(t.exitPrice.raw());
        case QuantityColumn:
            return qlonglong(t.quantity.raw());
        case NetPnlColumn:
            return qlonglong(t.netPnl.raw());
        case FeesColumn:
            return qlonglong(t.fees.raw());
        case BarsColumn:
            return qlonglong(t.bars);
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == NetPnlColumn && t.netPnl.raw() != 0)
        return t.netPnl.raw() > 0 ? m_profit : m_loss;
    if (role == Qt::ForegroundRole && index.column() == SideColumn)
        return t.side == model::Side::Buy ? m_profit : m_loss;
    if (role == Qt::TextAlignmentRole && index.column() != SideColumn
        && index.column() != EntryTimeColumn && index.column() != ExitTimeColumn) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant BacktestTradesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NumberColumn:
        return tr("#");
    case SideColumn:
        return tr("Side");
    case EntryTimeColumn:
        return tr("Entry time");
    case EntryPriceColumn:
        return tr("Entry price");
    case ExitTimeColumn:
        return tr("Exit time");
    case ExitPriceColumn:
        return tr("Exit price");
    case QuantityColumn:
        return tr("Quantity");
    case NetPnlColumn:
        return tr("Net PnL");
    case FeesColumn:
        return tr("Fees");
    case BarsColumn:
        return tr("Bars");
    default:
        return {};
    }
}

} // namespace bcf::app
