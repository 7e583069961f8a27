#pragma once

#include "core/bot_types.h"

#include <QAbstractTableModel>
#include <QColor>

#include <functional>
#include <vector>

namespace bcf::app {

// The user's bots as the bots dock's table, in the order they were created: name, kind,
// symbol, timeframe, state (coloured: running green, paused amber, failed red with the reason
// as its tooltip), position, equity, realized and unrealized PnL (coloured by sign) and open
// orders. setBots() replaces the rows with a ListBots answer; applyBot() merges one bot as
// StreamBots or a life-cycle call reports it (a report older than the one shown, by its
// update time, is ignored); removeBot() drops a deleted one. GUI thread only.
class BotsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BotsModel)

public:
    enum Column {
        NameColumn,
        KindColumn,
        SymbolColumn,
        TimeframeColumn,
        StateColumn,
        PositionColumn,
        EquityColumn,
        RealizedColumn,
        UnrealizedColumn,
        OpenOrdersColumn,
        ColumnCount
    };
    // The bot's id (qint64) of any cell.
    static constexpr int BotIdRole = Qt::UserRole;
    // Decimals for prices (equity, PnL) and quantities (position) of a symbol.
    using Precision = std::function<std::pair<int, int>(const QString& symbol)>;

    explicit BotsModel(QObject* parent = nullptr);

    const std::vector<Bot>& bots() const { return m_bots; }
    const Bot& bot(int row) const { return m_bots.at(std::size_t(row)); }
    // The row of bot `id`, or -1; the bot or null.
    int rowOf(qint64 id) const;
    const Bot* find(qint64 id) const;

    void setBots(std::vector<Bot> bots);
    // Returns whether the model changed.
    bool applyBot(const Bot& bot);
    bool removeBot(qint64 id);
    void clear();
    void setPrecision(Precision precision);
    void setColors(const QColor& running, const QColor& paused, const QColor& failed,
                   const QColor& muted);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // The colour of a state (running, paused, failed; muted when stopped).
    QColor stateColor(BotState state) const;

private:
    std::vector<Bot> m_bots;
    Precision m_precision;
    QColor m_running;
    QColor m_paused;
    QColor m_failed;
    QColor m_muted;
};

} // namespace bcf::app
