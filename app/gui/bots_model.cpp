#include "gui/bots_model.h"

#include <algorithm>

namespace bcf::app {

BotsModel::BotsModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_running(0x26, 0xa6, 0x9a)
    , m_paused(0xf0, 0xa2, 0x02)
    , m_failed(0xef, 0x53, 0x50)
    , m_muted(0x86, 0x89, 0x93)
{
}

int BotsModel::rowOf(qint64 id) const
{
    const auto it = std::find_if(m_bots.begin(), m_bots.end(),
                                 [id](const Bot& bot) { return bot.id == id; });
    return it == m_bots.end() ? -1 : int(it - m_bots.begin());
}

const Bot* BotsModel::find(qint64 id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_bots[std::size_t(row)];
}

void BotsModel::setBots(std::vector<Bot> bots)
{
    std::sort(bots.begin(), bots.end(), [](const Bot& a, const Bot& b) { return a.id < b.id; });
    beginResetModel();
    m_bots = std::move(bots);
    endResetModel();
}

bool BotsModel::applyBot(const Bot& bot)
{
    const int row = rowOf(bot.id);
    if (row >= 0) {
        Bot& shown = m_bots[std::size_t(row)];
        if (bot.updatedMs < shown.updatedMs || bot == shown)
            return false;
        shown = bot;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return true;
    }
    const auto at = std::lower_bound(m_bots.begin(), m_bots.end(), bot.id,
                                     [](const Bot& a, qint64 id) { return a.id < id; });
    const int insertRow = int(at - m_bots.begin());
    beginInsertRows({}, insertRow, insertRow);
    m_bots.insert(at, bot);
    endInsertRows();
    return true;
}

bool BotsModel::removeBot(qint64 id)
{
    const int row = rowOf(id);
    if (row < 0)
        return false;
    beginRemoveRows({}, row, row);
    m_bots.erase(m_bots.begin() + row);
    endRemoveRows();
    return true;
}

void BotsModel::clear()
{
    setBots({});
}

void BotsModel::setPrecision(Precision precision)
{
    m_precision = std::move(precision);
    if (!m_bots.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void BotsModel::setColors(const QColor& running, const QColor& paused, const QColor& failed,
                          const QColor& muted)
{
    m_running = running;
    m_paused = paused;
    m_failed = failed;
    m_muted = muted;
    if (!m_bots.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QColor BotsModel::stateColor(BotState state) const
{
    switch (state) {
    case BotState::Running:
        return m_running;
    case BotState::Paused:
        return m_paused;
    case BotState::Failed:
        return m_failed;
    default:
        return m_muted;
    }
}

int BotsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_bots.size());
}

int BotsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BotsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Bot& shown = m_bots[std::size_t(index.row())];
    const BotDefinition& definition = shown.definition;
    const int quantityDecimals = m_precision ? m_precision(definition.symbol).second : -1;
    // Equity and PnL are quote amounts: two places are what a trader reads.
    const int moneyDecimals = 2;
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case NameColumn:
            return definition.name;
        case KindColumn:
            return botKindName(definition.kind);
        case SymbolColumn:
            return definition.symbol;
        case TimeframeColumn:
            return definition.kind == BotKind::Grid ? QStringLiteral("—") : definition.timeframe;
        case StateColumn:
            return botStateName(shown.state);
        case PositionColumn:
            return formatAmount(shown.position, quantityDecimals);
        case EquityColumn:
            return formatAmount(shown.equity, moneyDecimals);
        case RealizedColumn:
            return formatSignedAmount(shown.realizedPnl, moneyDecimals);
        case UnrealizedColumn:
            return formatSignedAmount(shown.unrealizedPnl, moneyDecimals);
        case OpenOrdersColumn:
            return shown.openOrders;
        case ColumnCount:
            break;
        }
        break;
    case Qt::ForegroundRole:
        switch (Column(index.column())) {
        case StateColumn:
            return stateColor(shown.state);
        case RealizedColumn:
        case UnrealizedColumn: {
            const int sign = decimalSign(index.column() == RealizedColumn ? shown.realizedPnl
                                                                          : shown.unrealizedPnl);
            return sign > 0 ? m_running : sign < 0 ? m_failed : m_muted;
        }
        case TimeframeColumn:
            return definition.kind == BotKind::Grid ? QVariant(m_muted) : QVariant();
        default:
            break;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == StateColumn && !shown.stateReason.isEmpty())
            return shown.stateReason;
        if (index.column() == NameColumn && !definition.strategyName.isEmpty())
            return definition.strategyName;
        break;
    case Qt::TextAlignmentRole:
        if (index.column() >= PositionColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case BotIdRole:
        return shown.id;
    default:
        break;
    }
    return {};
}

QVariant BotsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole && section >= PositionColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case KindColumn:
        return tr("Kind");
    case SymbolColumn:
        return tr("Symbol");
    case TimeframeColumn:
        return tr("Timeframe");
    case StateColumn:
        return tr("State");
    case PositionColumn:
        return tr("Position");
    case EquityColumn:
        return tr("Equity");
    case RealizedColumn:
        return tr("Realized PnL");
    case UnrealizedColumn:
        return tr("Unrealized PnL");
    case OpenOrdersColumn:
        return tr("Open orders");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace bcf::app
