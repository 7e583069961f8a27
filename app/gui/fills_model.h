#pragma once

#include "core/trading_types.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QSet>

#include <functional>
#include <vector>

namespace bcf::app {

// The account's fills, newest first, at most capacity() of them: a ListFills page and then the
// fills of StreamTrading. A fill already shown (same venue, symbol, trade id and order) is
// ignored, so the page and the stream may overlap. GUI thread only.
class FillsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FillsModel)

public:
    enum Column {
        TimeColumn,
        VenueColumn, // as OrdersModel's
        SymbolColumn,
        SideColumn,
        PriceColumn,
        QuantityColumn,
        ValueColumn,
        FeeColumn,
        LiquidityColumn,
        ColumnCount
    };
    using Precision = std::function<std::pair<int, int>(const QString& symbol)>;

    explicit FillsModel(int capacity = 1000, QObject* parent = nullptr);

    const Fill& fill(int row) const { return m_fills.at(std::size_t(row)); }
    const std::vector<Fill>& fills() const { return m_fills; }

    // Returns whether the fill was added.
    bool addFill(const Fill& fill);
    void addFills(const std::vector<Fill>& fills);
    void clear();
    void setPrecision(Precision precision);
    void setColors(const QColor& buy, const QColor& sell, const QColor& muted);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    static QString keyOf(const Fill& fill);

    int m_capacity;
    std::vector<Fill> m_fills;
    QSet<QString> m_keys;
    Precision m_precision;
    QColor m_buy;
    QColor m_sell;
    QColor m_muted;
};

} // namespace bcf::app
