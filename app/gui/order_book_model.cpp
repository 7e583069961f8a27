#include "gui/order_book_model.h"

#include <QLocale>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace bcf::app {

OrderBookModel::OrderBookModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void OrderBookModel::setBook(BookSnapshot book)
{
    const bool sameShape =
        book.bids.size() == m_book.bids.size() && book.asks.size() == m_book.asks.size();
    if (!sameShape)
        beginResetModel();
    m_book = std::move(book);
    m_bidTotals = cumulativeQuantities(m_book.bids);
    m_askTotals = cumulativeQuantities(m_book.asks);
    m_maxCumulative = std::max(m_bidTotals.empty() ? 0.0 : m_bidTotals.back(),
                               m_askTotals.empty() ? 0.0 : m_askTotals.back());
    if (!sameShape) {
        endResetModel();
        return;
    }
    // The same number of levels: the rows stay, only their values change (keeps the view's
    // scroll position steady at ten updates a second).
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void OrderBookModel::clear()
{
    setBook({});
}

void OrderBookModel::setPrecision(int priceDecimals, int quantityDecimals)
{
    m_priceDecimals = priceDecimals;
    m_quantityDecimals = quantityDecimals;
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void OrderBookModel::setColors(const QColor& bid, const QColor& ask, const QColor& neutral)
{
    m_bid = bid;
    m_ask = ask;
    m_neutral = neutral;
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

OrderBookModel::Row OrderBookModel::row(int row) const
{
    const int asks = int(m_book.asks.size());
    if (row >= 0 && row < asks) {
        // The worst ask at the top: row 0 is the last (farthest) level.
        const std::size_t level = std::size_t(asks - 1 - row);
        return {RowKind::Ask, &m_book.asks[level], m_askTotals[level]};
    }
    const int bid = row - asks - 1;
    if (bid >= 0 && bid < int(m_book.bids.size()))
        return {RowKind::Bid, &m_book.bids[std::size_t(bid)], m_bidTotals[std::size_t(bid)]};
    return {};
}

QString OrderBookModel::spreadText() const
{
    const auto spread = bookSpread(m_book);
    const auto mid = bookMidPrice(m_book);
    if (!spread || !mid)
        return {};
    const QLocale locale;
    QString text = formatDecimal(QString::fromStdString(spread->toString()), m_priceDecimals,
                                 locale);
    if (*mid > 0) {
        // In basis points, with two significant digits: 0.02 on 72 000 is 0.0028 bp.
        text = tr("%1 (%2 bp)", "the spread and its size in basis points")
                   .arg(text, locale.toString(spread->toDouble() / *mid * 10'000.0, 'g', 2));
    }
    return text;
}

int OrderBookModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_book.asks.size() + m_book.bids.size()) + 1;
}

int OrderBookModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrderBookModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Row shown = row(index.row());
    if (shown.kind == RowKind::Spread) {
        switch (role) {
        case Qt::DisplayRole:
            if (index.column() != PriceColumn)
                return {};
            if (m_book.bids.empty() && m_book.asks.empty())
                return tr("No orders");
            if (const QString spread = spreadText(); !spread.isEmpty())
                return tr("Spread %1").arg(spread);
            return tr("One side of the book is empty");
        case Qt::TextAlignmentRole:
            return QVariant(Qt::AlignCenter);
        case Qt::ForegroundRole:
            return m_neutral.isValid() ? QVariant(m_neutral) : QVariant();
        case SideRole:
            return int(RowKind::Spread);
        default:
            return {};
        }
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case PriceColumn:
            return formatDecimal(shown.level->price, m_priceDecimals);
        case SizeColumn:
            return formatDecimal(shown.level->quantity, m_quantityDecimals);
        case TotalColumn:
            return QLocale().toString(shown.cumulative, 'f', m_quantityDecimals);
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (index.column() == PriceColumn) {
            const QColor& color = shown.kind == RowKind::Bid ? m_bid : m_ask;
            if (color.isValid())
                return color;
        }
        return {};
    case Qt::TextAlignmentRole:
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case DepthRole:
        return m_maxCumulative > 0 ? shown.cumulative / m_maxCumulative : 0.0;
    case SideRole:
        return int(shown.kind);
    default:
        return {};
    }
}

QVariant OrderBookModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PriceColumn:
        return tr("Price");
    case SizeColumn:
        return tr("Size");
    case TotalColumn:
        return tr("Total");
    default:
        return {};
    }
}

} // namespace bcf::app
