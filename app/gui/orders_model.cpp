#include "gui/orders_model.h"


#include <QDateTime>
#include <QFont>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

QString orderTime(qint64 ms)
{
    if (ms <= 0)
        return {};
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms).toLocalTime();
    // Today's orders by time only; older ones with their date.
    if (time.date() == QDate::currentDate())
        return time.toString(u"HH:mm:ss"_s);
    return time.toString(u"yyyy-MM-dd HH:mm"_s);
}

} // namespace

OrdersModel::OrdersModel(Mode mode, int capacity, QObject* parent)
    : QAbstractTableModel(parent)
    , m_mode(mode)
    , m_capacity(std::max(capacity, 1))
{
}

int OrdersModel::rowOf(const QString& clientOrderId) const
{
    for (std::size_t row = 0; row < m_orders.size(); ++row) {
        if (m_orders[row].clientOrderId == clientOrderId)
            return int(row);
    }
    return -1;
}

bool OrdersModel::belongs(const Order& order) const
{
    return m_mode == Mode::Open ? order.isOpen()
                                : !order.isOpen() && order.state != OrderState::Unspecified;
}

qint64 OrdersModel::sortKey(const Order& order) const
{
    return m_mode == Mode::Open ? order.createdMs : std::max(order.updatedMs, order.createdMs);
}

int OrdersModel::insertionRow(const Order& order) const
{
    const qint64 key = sortKey(order);
    int row = 0;
    while (row < int(m_orders.size()) && sortKey(m_orders[std::size_t(row)]) >= key)
        ++row;
    return row;
}

bool OrdersModel::applyOrder(const Order& order)
{
    if (order.clientOrderId.isEmpty())
        return false;
    // A stale report (a page after the stream's newer event, or the reverse) changes nothing,
    // whether or not the order is shown here: an order that has ended never opens again.
    if (const auto seen = m_seen.constFind(order.clientOrderId); seen != m_seen.cend()) {
        if (order.updatedMs < seen->updatedMs
            || (order.updatedMs == seen->updatedMs && seen->ended && order.isOpen()))
            return false;
    }
    m_seen.insert(order.clientOrderId, Seen{order.updatedMs, !order.isOpen()});
    const int existing = rowOf(order.clientOrderId);
    if (existing >= 0) {
        const Order& shown = m_orders[std::size_t(existing)];
        if (order == shown)
            return false;
        if (!belongs(order)) {
            beginRemoveRows({}, existing, existing);
            m_orders.erase(m_orders.begin() + existing);
            endRemoveRows();
            return true;
        }
        if (sortKey(order) == sortKey(shown)) {
            m_orders[std::size_t(existing)] = order;
            emit dataChanged(index(existing, 0), index(existing, ColumnCount - 1));
            return true;
        }
        beginRemoveRows({}, existing, existing);
        m_orders.erase(m_orders.begin() + existing);
        endRemoveRows();
    } else if (!belongs(order)) {
        return false;
    }
    const int row = insertionRow(order);
    if (row >= m_capacity)
        return false;
    beginInsertRows({}, row, row);
    m_orders.insert(m_orders.begin() + row, order);
    endInsertRows();
    if (int(m_orders.size()) > m_capacity) {
        const int last = int(m_orders.size()) - 1;
        beginRemoveRows({}, last, last);
        m_orders.pop_back();
        endRemoveRows();
    }
    return true;
}

void OrdersModel::applyOrders(const std::vector<Order>& orders)
{
    for (const Order& order : orders)
        applyOrder(order);
}

void OrdersModel::clear()
{
    beginResetModel();
    m_orders.clear();
    m_seen.clear();
    endResetModel();
}

void OrdersModel::setPrecision(Precision precision)
{
    m_precision = std::move(precision);
    if (!m_orders.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void OrdersModel::setColors(const QColor& buy, const QColor& sell, const QColor& muted,
                            const QColor& danger)
{
    m_buy = buy;
    m_sell = sell;
    m_muted = muted;
    m_danger = danger;
    if (!m_orders.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int OrdersModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_orders.size());
}

int OrdersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrdersModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Order& shown = m_orders[std::size_t(index.row())];
    const auto [priceDecimals, quantityDecimals] =
        m_precision ? m_precision(shown.symbol) : std::pair{-1, -1};
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case TimeColumn:
            return orderTime(m_mode == Mode::Open ? shown.createdMs
                                                  : std::max(shown.updatedMs, shown.createdMs));
        case VenueColumn:
            return venueDisplayName(shown.venue);
        case SymbolColumn:
            return shown.symbol;
        case SideColumn:
            return sideName(shown.side);
        case TypeColumn: {
            QString type = orderTypeName(shown.type);
            if (shown.type == OrderType::Limit && shown.timeInForce != TimeInForce::GoodTillCancel)
                type += u' ' + timeInForceName(shown.timeInForce);
            if (shown.postOnly)
                type += tr(" · post-only");
            if (shown.reduceOnly)
                type += tr(" · reduce-only");
            if (!shown.ocoGroup.isEmpty())
                type += tr(" · OCO");
            return type;
        }
        case PriceColumn:
            return shown.price.isEmpty() ? QVariant(tr("Market"))
                                         : QVariant(formatAmount(shown.price, priceDecimals));
        case StopColumn:
            if (shown.type == OrderType::TrailingStop)
                return tr("%1 %").arg(
                    QLocale().toString(shown.trailingBasisPoints / 100.0, 'f', 2));
            return formatAmount(shown.stopPrice, priceDecimals);
        case QuantityColumn:
            return formatAmount(shown.quantity, quantityDecimals);
        case FilledColumn:
            return formatAmount(shown.filledQuantity, quantityDecimals);
        case AverageColumn:
            return formatAmount(shown.averagePrice, priceDecimals < 0 ? -1 : priceDecimals + 2);
        case StateColumn:
            return orderStateName(shown.state);
        case ActionColumn:
            return m_mode == Mode::Open ? tr("Cancel") : shown.reason;
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == SideColumn) {
            const QColor& color = shown.side == Side::Buy ? m_buy : m_sell;
            return color.isValid() ? QVariant(color) : QVariant();
        }
        if (index.column() == StateColumn && shown.state == OrderState::Rejected
            && m_danger.isValid())
            return m_danger;
        if (m_mode == Mode::History && index.column() == ActionColumn && m_muted.isValid())
            return shown.state == OrderState::Rejected && m_danger.isValid() ? m_danger : m_muted;
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
        case StopColumn:
        case QuantityColumn:
        case FilledColumn:
        case AverageColumn:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        case ActionColumn:
            return m_mode == Mode::Open ? QVariant(Qt::AlignCenter)
                                        : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        default:
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case Qt::ToolTipRole:
        if (!shown.reason.isEmpty())
            return shown.reason;
        return tr("Order %1").arg(shown.clientOrderId);
    case ClientOrderIdRole:
        return shown.clientOrderId;
    default:
        return {};
    }
}

QVariant OrdersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole) {
        switch (Column(section)) {
        case PriceColumn:
        case StopColumn:
        case QuantityColumn:
        case FilledColumn:
        case AverageColumn:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn:
        return m_mode == Mode::Open ? tr("Placed") : tr("Updated");
    case VenueColumn:
        return tr("Venue");
    case SymbolColumn:
        return tr("Symbol");
    case SideColumn:
        return tr("Side");
    case TypeColumn:
        return tr("Type");
    case PriceColumn:
        return tr("Price");
    case StopColumn:
        return tr("Stop / trail");
    case QuantityColumn:
        return tr("Quantity");
    case FilledColumn:
        return tr("Filled");
    case AverageColumn:
        return tr("Avg. price");
    case StateColumn:
        return tr("State");
    case ActionColumn:
        return m_mode == Mode::Open ? QString() : tr("Reason");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace bcf::app
