#pragma once

#include "core/model_types.h"

#include <QAbstractTableModel>
#include <QCoreApplication>
#include <QLocale>

#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace bcf::app {

// The AI lab's registry table: one row per model version (ListModels: the newest of each name,
// or every version of one name), with the test metrics of the versions whose details (GetModel)
// have been fetched. An agent (task policy) has no MSE or direction ("—"); the test return (its
// signal backtest's) applies to both. GUI thread only.
class AiLabRegistryModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AiLabRegistryModel)

public:
    enum Column {
        NameColumn,
        VersionColumn,
        ArchitectureColumn,
        TaskColumn,
        LiveColumn,
        OwnerColumn,
        CreatedColumn,
        TestMseColumn,
        TestDirectionColumn,
        TestReturnColumn,
        ColumnCount
    };

    explicit AiLabRegistryModel(QObject* parent = nullptr);

    void setVersions(std::vector<ModelVersionInfo> versions);
    // Keeps the details of a version (GetModel): its metrics fill its row's last columns. A
    // version listed later keeps them.
    void setDetails(const ModelVersionInfo& details);
    const ModelVersionInfo* version(int row) const;
    // The version with its details when they have been fetched, else the listed one.
    const ModelVersionInfo* details(const QString& name, int version) const;
    int rowOf(const QString& name, int version) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<ModelVersionInfo> m_versions;
    std::map<std::pair<QString, int>, ModelVersionInfo> m_details;
};

// One line of the side-by-side view: a label and each version's value (a section heading has
// no values).
struct AiLabCompareRow {
    QString label;
    QString left;
    QString right;
    bool heading = false;

    friend bool operator==(const AiLabCompareRow&, const AiLabCompareRow&) = default;
};

// Texts of the AI lab shared by its widgets: metrics and spec formatted for people.
class AiLabText
{
    Q_DECLARE_TR_FUNCTIONS(bcf::app::AiLabText)

public:
    // The spec, the test metrics against the naive baseline and the signal backtest against buy
    // and hold, of `left` and (when given) `right`; both need their details (GetModel). An agent
    // has its own settings (gamma; population, elite, mutation) and no loss metrics: rows that
    // apply to neither side are left out, a row that applies to one side only shows "—" on the
    // other.
    static std::vector<AiLabCompareRow> compareRows(const ModelVersionInfo& left,
                                                    const std::optional<ModelVersionInfo>& right,
                                                    const QLocale& locale);
    // A version is an agent when its task is policy or its architecture dqn or neuroevolution.
    static bool isAgent(const ModelVersionInfo& version);
    // "LSTM", "GRU", "Transformer", "MLP", "DQN agent", "Neuro-evolution agent"; "Regression",
    // "Direction", "Policy".
    static QString architectureName(const QString& architecture);
    // The same, short for the registry's column (its task column says "Policy"): "DQN",
    // "Neuro-evolution".
    static QString architectureShortName(const QString& architecture);
    static QString taskName(const QString& task);
    // What an epoch of this architecture is called, as an axis title: "Epoch", "Episode" (dqn),
    // "Generation" (neuroevolution).
    static QString epochTitle(const QString& architecture);
    // "61.2 %"; with `sign` "+4.20 %".
    static QString percent(double fraction, const QLocale& locale, int decimals = 1,
                           bool sign = false);
    // An MSE of log returns: 4 significant digits ("1.234e-05").
    static QString mse(double value, const QLocale& locale);
    // The summary of a finished run: "btc-lstm v3 · best epoch 12 of 18 (stopped early) · test
    // direction 54.1 % (baseline 50.3 %) · signal +4.20 % against buy and hold +1.10 %"; of an
    // agent "btc-dqn v1 · best episode 14 of 20 · test return +5.10 % against buy and hold
    // +1.10 % · Sharpe 1.30 · max drawdown 3.10 % · 14 trades".
    static QString reportSummary(const ModelTrainingReport& report, const QString& architecture,
                                 const QString& task, const QLocale& locale);
};

} // namespace bcf::app
