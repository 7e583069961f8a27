#include "gui/market_watch_model.h"

#include <QLocale>

#include <limits>
#include <utility>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

double valueOr(const QString& decimal, double fallback)
{
    return decimalToDouble(decimal).value_or(fallback);
}

} // namespace

MarketWatchModel::MarketWatchModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void MarketWatchModel::setInstruments(std::vector<Instrument> instruments)
{
    beginResetModel();
    std::vector<Entry> entries;
    entries.reserve(instruments.size());
    QHash<QString, int> rows;
    for (Instrument& instrument : instruments) {
        if (rows.contains(instrument.symbol))
            continue;
        std::optional<Ticker> ticker;
        if (const int old = rowOf(instrument.symbol); old >= 0)
            ticker = std::move(m_entries[std::size_t(old)].ticker);
        rows.insert(instrument.symbol, int(entries.size()));
        entries.push_back({std::move(instrument), std::move(ticker)});
    }
    m_entries = std::move(entries);
    m_rows = std::move(rows);
    endResetModel();
}

bool MarketWatchModel::updateTicker(const Ticker& ticker)
{
    const int row = rowOf(ticker.symbol);
    if (row < 0)
        return false;
    m_entries[std::size_t(row)].ticker = ticker;
    emit dataChanged(index(row, LastColumn), index(row, ColumnCount - 1));
    return true;
}

void MarketWatchModel::clearTickers()
{
    for (Entry& entry : m_entries)
        entry.ticker.reset();
    if (!m_entries.empty())
        emit dataChanged(index(0, LastColumn), index(rowCount() - 1, ColumnCount - 1));
}

void MarketWatchModel::setColors(const QColor& up, const QColor& down)
{
    m_up = up;
    m_down = down;
    if (!m_entries.empty())
        emit dataChanged(index(0, ChangeColumn), index(rowCount() - 1, ChangeColumn));
}

int MarketWatchModel::rowOf(const QString& symbol) const
{
    return m_rows.value(symbol, -1);
}

QString MarketWatchModel::symbolAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    return m_entries[std::size_t(row)].instrument.symbol;
}

const std::optional<Ticker>& MarketWatchModel::tickerAt(int row) const
{
    static const std::optional<Ticker> none;
    if (row < 0 || row >= rowCount())
        return none;
    return m_entries[std::size_t(row)].ticker;
}

QStringList MarketWatchModel::symbols() const
{
    QStringList result;
    for (const Entry& entry : m_entries)
        result.append(entry.instrument.symbol);
    return result;
}

int MarketWatchModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int MarketWatchModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MarketWatchModel::display(const Entry& entry, int column) const
{
    if (column == SymbolColumn)
        return entry.instrument.symbol;
    if (!entry.ticker)
        return column == LastColumn ? u"—"_s : QString();
    const Ticker& ticker = *entry.ticker;
    const int decimals = entry.instrument.pricePrecision;
    const QLocale locale;
    switch (column) {
    case LastColumn:
        return formatDecimal(ticker.lastPrice, decimals, locale);
    case ChangeColumn: {
        const auto change = changePercent(ticker);
        if (!change)
            return QString();
        const QString text = locale.toString(*change, 'f', 2);
        return (*change > 0 ? u"+"_s : QString()) + text + u'%';
    }
    case HighColumn:
        return formatDecimal(ticker.highPrice, decimals, locale);
    case LowColumn:
        return formatDecimal(ticker.lowPrice, decimals, locale);
    case VolumeColumn: {
        const auto volume = decimalToDouble(ticker.quoteVolume);
        return volume ? formatCompact(*volume, locale) : QString();
    }
    default:
        return {};
    }
}

QVariant MarketWatchModel::sortValue(const Entry& entry, int column) const
{
    if (column == SymbolColumn)
        return entry.instrument.symbol;
    constexpr double missing = -std::numeric_limits<double>::infinity();
    if (!entry.ticker)
        return missing;
    const Ticker& ticker = *entry.ticker;
    switch (column) {
    case LastColumn:
        return valueOr(ticker.lastPrice, missing);
    case ChangeColumn:
        return changePercent(ticker).value_or(missing);
    case HighColumn:
        return valueOr(ticker.highPrice, missing);
    case LowColumn:
        return valueOr(ticker.lowPrice, missing);
    case VolumeColumn:
        return valueOr(ticker.quoteVolume, missing);
    default:
        return {};
    }
}

QVariant MarketWatchModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Entry& entry = m_entries[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return display(entry, index.column());
    case SortRole:
        return sortValue(entry, index.column());
    case SymbolRole:
        return entry.instrument.symbol;
    case Qt::ForegroundRole:
        if (index.column() == ChangeColumn && entry.ticker) {
            const auto change = changePercent(*entry.ticker);
            if (change && *change != 0) {
                const QColor& color = *change > 0 ? m_up : m_down;
                if (color.isValid())
                    return color;
            }
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == SymbolColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                              : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (index.column() == SymbolColumn) {
            return tr("%1 / %2 on %3")
                .arg(entry.instrument.base, entry.instrument.quote, entry.instrument.exchange);
        }
        if (index.column() == VolumeColumn && entry.ticker) {
            return tr("%1 %2 traded in 24 hours (%3 %4)")
                .arg(entry.ticker->quoteVolume, entry.instrument.quote, entry.ticker->volume,
                     entry.instrument.base);
        }
        return {};
    default:
        return {};
    }
}

QVariant MarketWatchModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section == SymbolColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                       : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && section == VolumeColumn)
        return tr("Volume of the last 24 hours in the quote asset");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SymbolColumn:
        return tr("Symbol");
    case LastColumn:
        return tr("Last");
    case ChangeColumn:
        return tr("24h %");
    case HighColumn:
        return tr("24h high");
    case LowColumn:
        return tr("24h low");
    case VolumeColumn:
        return tr("24h volume");
    default:
        return {};
    }
}

} // namespace bcf::app
