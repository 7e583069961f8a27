#include "gui/fills_model.h"

#include <QDateTime>
#include <QFont>

using namespace Qt::StringLiterals;

namespace bcf::app {

FillsModel::FillsModel(int capacity, QObject* parent)
    : QAbstractTableModel(parent)
    , m_capacity(std::max(capacity, 1))
{
}

QString FillsModel::keyOf(const Fill& fill)
{
    return fill.venue + u'/' + fill.symbol + u'/' + fill.tradeId + u'/' + fill.clientOrderId;
}

bool FillsModel::addFill(const Fill& fill)
{
    const QString key = keyOf(fill);
    if (m_keys.contains(key))
        return false;
    int row = 0;
    while (row < int(m_fills.size()) && m_fills[std::size_t(row)].timeMs > fill.timeMs)
        ++row;
    if (row >= m_capacity)
        return false;
    m_keys.insert(key);
    beginInsertRows({}, row, row);
    m_fills.insert(m_fills.begin() + row, fill);
    endInsertRows();
    if (int(m_fills.size()) > m_capacity) {
        const int last = int(m_fills.size()) - 1;
        beginRemoveRows({}, last, last);
        m_keys.remove(keyOf(m_fills.back()));
        m_fills.pop_back();
        endRemoveRows();
    }
    return true;
}

void FillsModel::addFills(const std::vector<Fill>& fills)
{
    for (const Fill& fill : fills)
        addFill(fill);
}

void FillsModel::clear()
{
    beginResetModel();
    m_fills.clear();
    m_keys.clear();
    endResetModel();
}

void FillsModel::setPrecision(Precision precision)
{
    m_precision = std::move(precision);
    if (!m_fills.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void FillsModel::setColors(const QColor& buy, const QColor& sell, const QColor& muted)
{
    m_buy = buy;
    m_sell = sell;
    m_muted = muted;
    if (!m_fills.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int FillsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_fills.size());
}

int FillsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FillsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Fill& shown = m_fills[std::size_t(index.row())];
    const auto [priceDecimals, quantityDecimals] =
        m_precision ? m_precision(shown.symbol) : std::pair{-1, -1};
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(shown.timeMs)
                .toLocalTime()
                .toString(u"yyyy-MM-dd HH:mm:ss"_s);
        case VenueColumn:
            return venueDisplayName(shown.venue);
        case SymbolColumn:
            return shown.symbol;
        case SideColumn:
            return sideName(shown.side);
        case PriceColumn:
            return formatAmount(shown.price, priceDecimals);
        case QuantityColumn:
            return formatAmount(shown.quantity, quantityDecimals);
        case ValueColumn: {
            const auto value = multiplyDecimals(shown.price, shown.quantity);
            return value ? formatAmount(*value, -1, 2) : QString();
        }
        case FeeColumn:
            return shown.feeAsset.isEmpty()
                       ? formatAmount(shown.fee, -1)
                       : tr("%1 %2").arg(formatAmount(shown.fee, -1), shown.feeAsset);
        case LiquidityColumn:
            return shown.maker ? tr("Maker") : tr("Taker");
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == SideColumn) {
            const QColor& color = shown.side == Side::Buy ? m_buy : m_sell;
            return color.isValid() ? QVariant(color) : QVariant();
        }
        if (index.column() == LiquidityColumn && m_muted.isValid())
            return m_muted;
        if (index.column() == VenueColumn && !isLiveVenue(shown.venue) && m_muted.isValid())
            return m_muted;
        return {};
    case Qt::FontRole:
        if (index.column() == VenueColumn && isLiveVenue(shown.venue)) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        switch (Column(index.column())) {
        case PriceColumn:
        case QuantityColumn:
        case ValueColumn:
        case FeeColumn:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case Qt::ToolTipRole:
        return tr("Trade %1 of order %2").arg(shown.tradeId, shown.clientOrderId);
    default:
        return {};
    }
}

QVariant FillsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole) {
        switch (Column(section)) {
        case PriceColumn:
        case QuantityColumn:
        case ValueColumn:
        case FeeColumn:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case VenueColumn:
        return tr("Venue");
    case SymbolColumn:
        return tr("Symbol");
    case SideColumn:
        return tr("Side");
    case PriceColumn:
        return tr("Price");
    case QuantityColumn:
        return tr("Quantity");
    case ValueColumn:
        return tr("Value");
    case FeeColumn:
        return tr("Fee");
    case LiquidityColumn:
        return tr("Liquidity");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace bcf::app
