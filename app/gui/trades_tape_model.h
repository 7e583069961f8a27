#pragma once

#include "core/market_types.h"

#include <QAbstractTableModel>
#include <QColor>

#include <vector>

namespace bcf::app {

// The trades tape: the newest trades of one symbol, newest first (row 0), at most capacity()
// of them in a ring buffer, so adding a trade costs the same however long the tape has run.
// Columns: time (local, HH:mm:ss.zzz), price (coloured by the aggressor's side), size. A trade
// whose id is not above the newest one shown is ignored, so the first page (GetRecentTrades)
// and the stream may overlap. GUI thread only.
class TradesTapeModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TradesTapeModel)

public:
    enum Column { TimeColumn, PriceColumn, SizeColumn, ColumnCount };

    explicit TradesTapeModel(int capacity = 500, QObject* parent = nullptr);

    int capacity() const { return int(m_ring.size()); }
    // The trade shown in `row` (0 = newest); row must be below rowCount().
    const Trade& trade(int row) const;

    // Adds trades given oldest first (a GetRecentTrades page or a streamed trade).
    void addTrades(const std::vector<Trade>& trades);
    void addTrade(const Trade& trade);
    void clear();
    void setPrecision(int priceDecimals, int quantityDecimals);
    void setColors(const QColor& buy, const QColor& sell);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // The local time of a trade as the tape shows it.
    static QString timeText(qint64 timeMs);

private:
    std::vector<Trade> m_ring;
    // Where the next trade is written; the newest one is just before it.
    int m_head = 0;
    int m_count = 0;
    qint64 m_newestId = -1;
    int m_priceDecimals = 2;
    int m_quantityDecimals = 6;
    QColor m_buy;
    QColor m_sell;
};

} // namespace bcf::app
