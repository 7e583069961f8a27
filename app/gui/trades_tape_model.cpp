#include "gui/trades_tape_model.h"

#include <QDateTime>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace bcf::app {

TradesTapeModel::TradesTapeModel(int capacity, QObject* parent)
    : QAbstractTableModel(parent)
    , m_ring(std::size_t(std::max(capacity, 1)))
{
}

const Trade& TradesTapeModel::trade(int row) const
{
    Q_ASSERT(row >= 0 && row < m_count);
    const int size = capacity();
    return m_ring[std::size_t((m_head - 1 - row + 2 * size) % size)];
}

void TradesTapeModel::addTrades(const std::vector<Trade>& trades)
{
    for (const Trade& trade : trades)
        addTrade(trade);
}

void TradesTapeModel::addTrade(const Trade& trade)
{
    if (trade.id <= m_newestId)
        return;
    m_newestId = trade.id;
    if (m_count == capacity()) {
        // The oldest trade, the last row, gives way.
        beginRemoveRows({}, m_count - 1, m_count - 1);
        --m_count;
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    m_ring[std::size_t(m_head)] = trade;
    m_head = (m_head + 1) % capacity();
    ++m_count;
    endInsertRows();
}

void TradesTapeModel::clear()
{
    beginResetModel();
    m_ring.assign(m_ring.size(), Trade{});
    m_head = 0;
    m_count = 0;
    m_newestId = -1;
    endResetModel();
}

void TradesTapeModel::setPrecision(int priceDecimals, int quantityDecimals)
{
    if (priceDecimals == m_priceDecimals && quantityDecimals == m_quantityDecimals)
        return;
    m_priceDecimals = priceDecimals;
    m_quantityDecimals = quantityDecimals;
    if (m_count > 0)
        emit dataChanged(index(0, PriceColumn), index(m_count - 1, SizeColumn));
}

void TradesTapeModel::setColors(const QColor& buy, const QColor& sell)
{
    m_buy = buy;
    m_sell = sell;
    if (m_count > 0)
        emit dataChanged(index(0, PriceColumn), index(m_count - 1, PriceColumn));
}

int TradesTapeModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int TradesTapeModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TradesTapeModel::timeText(qint64 timeMs)
{
    return QDateTime::fromMSecsSinceEpoch(timeMs).toLocalTime().toString(u"HH:mm:ss.zzz"_s);
}

QVariant TradesTapeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_count)
        return {};
    const Trade& shown = trade(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return timeText(shown.timeMs);
        case PriceColumn:
            return formatDecimal(shown.price, m_priceDecimals);
        case SizeColumn:
            return formatDecimal(shown.quantity, m_quantityDecimals);
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (index.column() == PriceColumn && shown.aggressor != Side::Unknown) {
            const QColor& color = shown.aggressor == Side::Buy ? m_buy : m_sell;
            if (color.isValid())
                return color;
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == TimeColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                            : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        return shown.aggressor == Side::Buy    ? tr("Bought at %1 (buyer took the offer)")
                                                    .arg(shown.price)
               : shown.aggressor == Side::Sell ? tr("Sold at %1 (seller hit the bid)")
                                                     .arg(shown.price)
                                               : QVariant();
    default:
        return {};
    }
}

QVariant TradesTapeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section == TimeColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                     : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case PriceColumn:
        return tr("Price");
    case SizeColumn:
        return tr("Size");
    default:
        return {};
    }
}

} // namespace bcf::app
