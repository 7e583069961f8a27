#include "gui/balances_model.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

// free + locked, exact; "" when either is unreadable.
QString totalOf(const Balance& balance)
{
    const auto free = parseProtocolDecimal(balance.free);
    const auto locked = parseProtocolDecimal(balance.locked.isEmpty() ? u"0"_s : balance.locked);
    if (!free || !locked)
        return {};
    // Both come from one int64 account balance on the server: their sum fits.
    return QString::fromStdString((*free + *locked).toString());
}

} // namespace

BalancesModel::BalancesModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void BalancesModel::setBalances(std::vector<Balance> balances, const QString& currency)
{
    const bool sameRows = balances.size() == m_balances.size()
                          && std::equal(balances.begin(), balances.end(), m_balances.begin(),
                                        [](const Balance& a, const Balance& b) {
                                            return a.asset == b.asset;
                                        });
    const bool currencyChanged = currency != m_currency;
    if (sameRows) {
        if (balances == m_balances && !currencyChanged)
            return;
        m_balances = std::move(balances);
        m_currency = currency;
        if (!m_balances.empty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        if (currencyChanged)
            emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
        return;
    }
    beginResetModel();
    m_balances = std::move(balances);
    m_currency = currency;
    endResetModel();
}

void BalancesModel::clear()
{
    setBalances({}, m_currency);
}

void BalancesModel::setMutedColor(const QColor& muted)
{
    m_muted = muted;
    if (!m_balances.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int BalancesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_balances.size());
}

int BalancesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BalancesModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Balance& shown = m_balances[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case AssetColumn:
            return shown.asset;
        case FreeColumn:
            return formatAmount(shown.free, -1, 2);
        case LockedColumn:
            return formatAmount(shown.locked, -1, 2);
        case TotalColumn:
            return formatAmount(totalOf(shown), -1, 2);
        case ValueColumn:
            return shown.value.isEmpty() ? tr("—") : formatAmount(shown.value, 2);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ForegroundRole:
        if (m_muted.isValid()
            && ((index.column() == LockedColumn && decimalSign(shown.locked) == 0)
                || (index.column() == ValueColumn && shown.value.isEmpty())))
            return m_muted;
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == AssetColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                             : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (index.column() == ValueColumn && shown.value.isEmpty())
            return tr("No price for %1 in %2 yet.").arg(shown.asset, m_currency);
        if (index.column() == LockedColumn)
            return tr("Held by open orders");
        return {};
    default:
        return {};
    }
}

QVariant BalancesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section == AssetColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                      : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case AssetColumn:
        return tr("Asset");
    case FreeColumn:
        return tr("Free");
    case LockedColumn:
        return tr("Locked");
    case TotalColumn:
        return tr("Total");
    case ValueColumn:
        return m_currency.isEmpty() ? tr("Value") : tr("Value (%1)").arg(m_currency);
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace bcf::app
