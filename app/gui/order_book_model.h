#pragma once

#include "core/market_types.h"

#include <QAbstractTableModel>
#include <QColor>

#include <optional>
#include <vector>

namespace bcf::app {

// The order-book ladder of one snapshot: the asks above (best ask last, just above the middle),
// a spread row in the middle, the bids below (best bid first). Columns: price, size, and the
// cumulative size from the best level outwards. DepthRole gives each level's cumulative size
// as a fraction of the largest cumulative size of both sides (for the depth bar drawn behind
// the row), SideRole its side. GUI thread only.
class OrderBookModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderBookModel)

public:
    enum Column { PriceColumn, SizeColumn, TotalColumn, ColumnCount };
    enum Role { DepthRole = Qt::UserRole + 1, SideRole };
    enum class RowKind { Ask, Spread, Bid };

    struct Row {
        RowKind kind = RowKind::Spread;
        const BookLevel* level = nullptr; // null for the spread row
        double cumulative = 0;
    };

    explicit OrderBookModel(QObject* parent = nullptr);

    void setBook(BookSnapshot book);
    void clear();
    const BookSnapshot& book() const { return m_book; }
    void setPrecision(int priceDecimals, int quantityDecimals);
    void setColors(const QColor& bid, const QColor& ask, const QColor& neutral);

    // The row of the spread, between the asks and the bids.
    int spreadRow() const { return int(m_book.asks.size()); }
    Row row(int row) const;
    // "0.01 (0.0004%)": best ask − best bid, exactly, and relative to the mid price; empty
    // when a side is empty.
    QString spreadText() const;
    // The largest cumulative size of both sides (the full width of a depth bar).
    double maxCumulative() const { return m_maxCumulative; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    BookSnapshot m_book;
    std::vector<double> m_bidTotals;
    std::vector<double> m_askTotals;
    double m_maxCumulative = 0;
    int m_priceDecimals = 2;
    int m_quantityDecimals = 6;
    QColor m_bid;
    QColor m_ask;
    QColor m_neutral;
};

} // namespace bcf::app
