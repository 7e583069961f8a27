#include "gui/positions_model.h"

#include <algorithm>

namespace bcf::app {

PositionsModel::PositionsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void PositionsModel::setPositions(std::vector<Position> positions, const QString& currency)
{
    const bool sameRows = positions.size() == m_positions.size()
                          && std::equal(positions.begin(), positions.end(), m_positions.begin(),
                                        [](const Position& a, const Position& b) {
                                            return a.symbol == b.symbol;
                                        });
    const bool currencyChanged = currency != m_currency;
    if (sameRows) {
        if (positions == m_positions && !currencyChanged)
            return;
        m_positions = std::move(positions);
        m_currency = currency;
        if (!m_positions.empty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        if (currencyChanged)
            emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
        return;
    }
    beginResetModel();
    m_positions = std::move(positions);
    m_currency = currency;
    endResetModel();
}

void PositionsModel::clear()
{
    setPositions({}, m_currency);
}

void PositionsModel::setPrecision(Precision precision)
{
    m_precision = std::move(precision);
    if (!m_positions.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void PositionsModel::setColors(const QColor& profit, const QColor& loss, const QColor& muted)
{
    m_profit = profit;
    m_loss = loss;
    m_muted = muted;
    if (!m_positions.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int PositionsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_positions.size());
}

int PositionsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PositionsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Position& shown = m_positions[std::size_t(index.row())];
    const auto [priceDecimals, quantityDecimals] =
        m_precision ? m_precision(shown.symbol) : std::pair{-1, -1};
    const int direction = decimalSign(shown.quantity);
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case SymbolColumn:
            return shown.symbol;
        case SideColumn:
            return direction > 0 ? tr("Long") : direction < 0 ? tr("Short") : tr("Flat");
        case QuantityColumn:
            return formatAmount(shown.quantity, quantityDecimals);
        case EntryColumn:
            return direction == 0 ? QString()
                                  : formatAmount(shown.averageEntry,
                                                 priceDecimals < 0 ? -1 : priceDecimals + 2);
        case LastColumn:
            return formatAmount(shown.lastPrice, priceDecimals);
        case UnrealizedColumn:
            return formatSignedAmount(shown.unrealizedPnl, 2);
        case RealizedColumn:
            return formatSignedAmount(shown.realizedPnl, 2);
        case FeesColumn:
            return formatAmount(shown.fees, 2);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ForegroundRole: {
        const auto pnlColor = [this](const QString& amount) -> QVariant {
            const int sign = decimalSign(amount);
            const QColor& color = sign > 0 ? m_profit : sign < 0 ? m_loss : m_muted;
            return color.isValid() ? QVariant(color) : QVariant();
        };
        if (index.column() == UnrealizedColumn)
            return pnlColor(shown.unrealizedPnl);
        if (index.column() == RealizedColumn)
            return pnlColor(shown.realizedPnl);
        if (index.column() == SideColumn) {
            const QColor& color = direction > 0 ? m_profit : direction < 0 ? m_loss : m_muted;
            return color.isValid() ? QVariant(color) : QVariant();
        }
        return {};
    }
    case Qt::TextAlignmentRole:
        return index.column() <= SideColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                            : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (index.column() == UnrealizedColumn || index.column() == RealizedColumn
            || index.column() == FeesColumn) {
            const QString& exact = index.column() == UnrealizedColumn ? shown.unrealizedPnl
                                   : index.column() == RealizedColumn ? shown.realizedPnl
                                                                      : shown.fees;
            return tr("%1 %2 (exact)").arg(formatAmount(exact, -1), m_currency);
        }
        return {};
    default:
        return {};
    }
}

QVariant PositionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section <= SideColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                     : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    const QString currency = m_currency.isEmpty() ? QString() : tr(" (%1)").arg(m_currency);
    switch (Column(section)) {
    case SymbolColumn:
        return tr("Symbol");
    case SideColumn:
        return tr("Side");
    case QuantityColumn:
        return tr("Quantity");
    case EntryColumn:
        return tr("Avg. entry");
    case LastColumn:
        return tr("Last");
    case UnrealizedColumn:
        return tr("Unrealized PnL") + currency;
    case RealizedColumn:
        return tr("Realized PnL") + currency;
    case FeesColumn:
        return tr("Fees") + currency;
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace bcf::app
