#pragma once

#include "core/market_types.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QHash>

#include <optional>
#include <vector>

namespace bcf::app {

// The market watch: one row per instrument (in the order given), with the 24-hour ticker of
// its symbol once one has arrived. Columns: symbol, last price, 24 h change (%), 24 h high,
// 24 h low, 24 h volume in the quote asset. Prices use the instrument's price precision.
// SortRole gives numbers for the numeric columns (rows without a ticker sort as lowest), so a
// QSortFilterProxyModel sorts them by value. GUI thread only.
class MarketWatchModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarketWatchModel)

public:
    enum Column {
        SymbolColumn,
        LastColumn,
        ChangeColumn,
        HighColumn,
        LowColumn,
        VolumeColumn,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole + 1, SymbolRole };

    explicit MarketWatchModel(QObject* parent = nullptr);

    // Replaces the rows; tickers of symbols still listed are kept.
    void setInstruments(std::vector<Instrument> instruments);
    // Updates the row of the ticker's symbol; false (and nothing changes) when the symbol is
    // not listed.
    bool updateTicker(const Ticker& ticker);
    void clearTickers();
    void setColors(const QColor& up, const QColor& down);

    // The row of `symbol`, or -1.
    int rowOf(const QString& symbol) const;
    QString symbolAt(int row) const;
    const std::optional<Ticker>& tickerAt(int row) const;
    QStringList symbols() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Entry {
        Instrument instrument;
        std::optional<Ticker> ticker;
    };

    QVariant display(const Entry& entry, int column) const;
    QVariant sortValue(const Entry& entry, int column) const;

    std::vector<Entry> m_entries;
    QHash<QString, int> m_rows;
    QColor m_up;
    QColor m_down;
};

} // namespace bcf::app
