#include "gui/ai_lab_models.h"

#include <QDateTime>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace bcf::app {

AiLabRegistryModel::AiLabRegistryModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void AiLabRegistryModel::setVersions(std::vector<ModelVersionInfo> versions)
{
    beginResetModel();
    m_versions = std::move(versions);
    endResetModel();
}

void AiLabRegistryModel::setDetails(const ModelVersionInfo& details)
{
    m_details[{details.name, details.version}] = details;
    const int row = rowOf(details.name, details.version);
    if (row >= 0) {
        // The live flag may have changed since the list was loaded.
        m_versions[std::size_t(row)].live = details.live;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

const ModelVersionInfo* AiLabRegistryModel::version(int row) const
{
    if (row < 0 || row >= int(m_versions.size()))
        return nullptr;
    return &m_versions[std::size_t(row)];
}

const ModelVersionInfo* AiLabRegistryModel::details(const QString& name, int version) const
{
    const auto found = m_details.find({name, version});
    if (found != m_details.end())
        return &found->second;
    const int row = rowOf(name, version);
    return row >= 0 ? &m_versions[std::size_t(row)] : nullptr;
}

int AiLabRegistryModel::rowOf(const QString& name, int version) const
{
    const auto found = std::find_if(m_versions.begin(), m_versions.end(), [&](const auto& v) {
        return v.name == name && v.version == version;
    });
    return found == m_versions.end() ? -1 : int(found - m_versions.begin());
}

int AiLabRegistryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_versions.size());
}

int AiLabRegistryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AiLabRegistryModel::data(const QModelIndex& index, int role) const
{
    const ModelVersionInfo* listed = version(index.row());
    if (!listed)
        return {};
    const ModelVersionInfo* full = details(listed->name, listed->version);
    const bool hasMetrics = full && full->hasDetails;
    const QLocale locale;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return listed->name;
        case VersionColumn:
            return locale.toString(listed->version);
        case ArchitectureColumn:
            return AiLabText::architectureShortName(listed->architecture);
        case TaskColumn:
            return AiLabText::taskName(listed->task);
        case LiveColumn:
            return listed->live ? u"✓"_s : QString();
        case OwnerColumn:
            return listed->owner;
        case CreatedColumn:
            return listed->createdMs > 0
                       ? locale.toString(QDateTime::fromMSecsSinceEpoch(listed->createdMs),
                                         u"yyyy-MM-dd HH:mm"_s)
                       : QString();
        case TestMseColumn:
            if (!hasMetrics)
                return QString();
            return listed->task == u"direction" || AiLabText::isAgent(*full)
                       ? u"—"_s
                       : AiLabText::mse(full->report.test.mse, locale);
        case TestDirectionColumn:
            if (!hasMetrics)
                return QString();
            return AiLabText::isAgent(*full)
                       ? u"—"_s
                       : AiLabText::percent(full->report.test.directionalAccuracy, locale);
        case TestReturnColumn:
            return hasMetrics ? AiLabText::percent(full->report.signalBacktest.totalReturn,
                                                   locale, 2, true)
                              : QString();
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case VersionColumn:
        case TestMseColumn:
        case TestDirectionColumn:
        case TestReturnColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        case LiveColumn:
            return QVariant::fromValue(Qt::AlignCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    if (role == Qt::ToolTipRole && index.column() == LiveColumn && listed->live)
        return tr("The live version: the one predict(\"%1\") uses").arg(listed->name);
    if (role == Qt::ToolTipRole && index.column() == TestReturnColumn && hasMetrics)
        return tr("Trading its signals over the test range: %1 (buy and hold %2)")
            .arg(AiLabText::percent(full->report.signalBacktest.totalReturn, locale, 2, true),
                 AiLabText::percent(full->report.buyAndHold.totalReturn, locale, 2, true));
    return {};
}

QVariant AiLabRegistryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case VersionColumn:
        return tr("Version");
    case ArchitectureColumn:
        return tr("Architecture");
    case TaskColumn:
        return tr("Task");
    case LiveColumn:
        return tr("Live");
    case OwnerColumn:
        return tr("Owner");
    case CreatedColumn:
        return tr("Created");
    case TestMseColumn:
        return tr("Test MSE");
    case TestDirectionColumn:
        return tr("Test direction");
    case TestReturnColumn:
        return tr("Test return");
    default:
        return {};
    }
}

QString AiLabText::architectureName(const QString& architecture)
{
    if (architecture == u"lstm" || architecture.isEmpty())
        return u"LSTM"_s;
    if (architecture == u"gru")
        return u"GRU"_s;
    if (architecture == u"transformer")
        return u"Transformer"_s;
    if (architecture == u"mlp")
        return u"MLP"_s;
    if (architecture == u"dqn")
        return tr("DQN agent");
    if (architecture == u"ppo")
        return tr("PPO agent");
    if (architecture == u"neuroevolution")
        return tr("Neuro-evolution agent");
    return architecture;
}

QString AiLabText::architectureShortName(const QString& architecture)
{
    if (architecture == u"dqn")
        return u"DQN"_s;
    if (architecture == u"ppo")
        return u"PPO"_s;
    if (architecture == u"neuroevolution")
        return tr("Neuro-evolution");
    return architectureName(architecture);
}

QString AiLabText::epochTitle(const QString& architecture)
{
    if (isEpisodicAgent(architecture))
        return tr("Episode");
    if (architecture == u"neuroevolution")
        return tr("Generation");
    return tr("Epoch");
}

bool AiLabText::isAgent(const ModelVersionInfo& version)
{
    return version.task == u"policy" || isAgentArchitecture(version.architecture)
           || isAgentArchitecture(version.spec.architecture);
}

QString AiLabText::taskName(const QString& task)
{
    if (task == u"direction")
        return tr("Direction");
    if (task == u"regression" || task.isEmpty())
        return tr("Regression");
    if (task == u"policy")
        return tr("Policy");
    return task;
}

QString AiLabText::percent(double fraction, const QLocale& locale, int decimals, bool sign)
{
    const QString number = locale.toString(fraction * 100.0, 'f', decimals);
    return (sign && fraction > 0 ? u"+"_s : QString()) + number + u" %"_s;
}

QString AiLabText::mse(double value, const QLocale& locale)
{
    return locale.toString(value, 'g', 4);
}

namespace {

QString architectureOf(const ModelVersionInfo& version)
{
    return version.architecture.isEmpty() ? version.spec.architecture : version.architecture;
}

} // namespace

std::vector<AiLabCompareRow> AiLabText::compareRows(const ModelVersionInfo& left,
                                                    const std::optional<ModelVersionInfo>& right,
                                                    const QLocale& locale)
{
    // Which sides a row applies to; the other side shows "—", a row for neither is left out.
    enum class Applies { All, Models, Dqn, NeuroEvolution };
    const auto applies = [](Applies to, const ModelVersionInfo& v) {
        switch (to) {
        case Applies::All:
            return true;
        case Applies::Models:
            return !isAgent(v);
        case Applies::Dqn:
            return isEpisodicAgent(architectureOf(v));
        case Applies::NeuroEvolution:
            return architectureOf(v) == u"neuroevolution";
        }
        return false;
    };
    const auto appliesToAny = [&](Applies to) {
        return applies(to, left) || (right && applies(to, *right));
    };
    const QString none = u"—"_s;

    std::vector<AiLabCompareRow> rows;
    const auto heading = [&rows](const QString& label) {
        rows.push_back({.label = label, .left = {}, .right = {}, .heading = true});
    };
    const auto addFor = [&](Applies to, const QString& label, const auto& value) {
        if (!appliesToAny(to))
            return;
        const auto side = [&](const ModelVersionInfo& v) {
            return applies(to, v) ? value(v) : none;
        };
        rows.push_back({.label = label,
                        .left = side(left),
                        .right = right ? side(*right) : QString(),
                        .heading = false});
    };
    const auto add = [&](const QString& label, const auto& value) {
        addFor(Applies::All, label, value);
    };
    const auto number = [&locale](int value) { return locale.toString(value); };

    // Epochs, episodes or generations: named in the label when both sides count the same
    // thing, in the values when they do not.
    const QString unit = epochTitle(architectureOf(left));
    const bool sameUnit = !right || epochTitle(architectureOf(*right)) == unit;
    const auto runLength = [&](const ModelVersionInfo& v) {
        const int run = int(v.report.history.size());
        QString text = number(run);
        if (!sameUnit) {
            const QString architecture = architectureOf(v);
            text = isEpisodicAgent(architecture)       ? tr("%1 episodes").arg(text)
                   : architecture == u"neuroevolution" ? tr("%1 generations").arg(text)
                                                       : tr("%1 epochs").arg(text);
        }
        return v.report.stoppedEarly ? tr("%1 (stopped early)").arg(text) : text;
    };
    const auto bestOne = [&](const ModelVersionInfo& v) {
        const QString best = number(v.report.bestEpoch);
        if (sameUnit)
            return best;
        const QString architecture = architectureOf(v);
        return isEpisodicAgent(architecture)       ? tr("episode %1").arg(best)
               : architecture == u"neuroevolution" ? tr("generation %1").arg(best)
                                                   : tr("epoch %1").arg(best);
    };
    const QString architecture = architectureOf(left);
    const QString runLabel = !sameUnit                         ? tr("Trained for")
                             : isEpisodicAgent(architecture)     ? tr("Episodes run")
                             : architecture == u"neuroevolution" ? tr("Generations run")
                                                                 : tr("Epochs run");
    const QString bestLabel = !sameUnit                         ? tr("Best")
                              : isEpisodicAgent(architecture)     ? tr("Best episode")
                              : architecture == u"neuroevolution" ? tr("Best generation")
                                                                  : tr("Best epoch");

    heading(appliesToAny(Applies::Models) ? tr("Model") : tr("Agent"));
    add(tr("Version"), [](const ModelVersionInfo& v) { return modelVersionName(v.name, v.version); });
    add(tr("Architecture"),
        [](const ModelVersionInfo& v) { return architectureName(architectureOf(v)); });
    add(tr("Task"), [](const ModelVersionInfo& v) { return taskName(v.task); });
    add(tr("Market"), [](const ModelVersionInfo& v) {
        return u"%1 %2"_s.arg(v.spec.symbol, v.spec.timeframe);
    });
    add(tr("Features"), [](const ModelVersionInfo& v) { return v.spec.features.join(u", "_s); });
    add(tr("Window (bars)"), [&](const ModelVersionInfo& v) { return number(v.spec.window); });
    addFor(Applies::Models, tr("Horizon (bars)"),
           [&](const ModelVersionInfo& v) { return number(v.spec.horizon); });
    add(tr("Hidden units"), [&](const ModelVersionInfo& v) { return number(v.spec.hidden); });
    addFor(Applies::Models, tr("Layers"),
           [&](const ModelVersionInfo& v) { return number(v.spec.layers); });
    addFor(Applies::Dqn, tr("Gamma"), [&](const ModelVersionInfo& v) {
        return locale.toString(v.spec.gamma.value_or(0.95), 'g', 4);
    });
    addFor(Applies::NeuroEvolution, tr("Population"),
           [&](const ModelVersionInfo& v) { return number(v.spec.population); });
    addFor(Applies::NeuroEvolution, tr("Elite"),
           [&](const ModelVersionInfo& v) { return number(v.spec.elite); });
    addFor(Applies::NeuroEvolution, tr("Mutation"), [&](const ModelVersionInfo& v) {
        return locale.toString(v.spec.mutation, 'g', 4);
    });
    add(runLabel, runLength);
    add(bestLabel, bestOne);
    add(tr("Parameters"), [&](const ModelVersionInfo& v) {
        return locale.toString(v.report.parameters);
    });
    add(tr("Device"), [&](const ModelVersionInfo& v) {
        return v.report.device.isEmpty() ? none : v.report.device;
    });

    if (appliesToAny(Applies::Models)) {
        heading(tr("Test range (against the naive baseline)"));
        addFor(Applies::Models, tr("Loss"), [&](const ModelVersionInfo& v) {
            return locale.toString(v.report.test.loss, 'f', 4);
        });
        addFor(Applies::Models, tr("MSE"), [&](const ModelVersionInfo& v) {
            if (v.task == u"direction")
                return none;
            return tr("%1 (baseline %2)").arg(mse(v.report.test.mse, locale),
                                              mse(v.report.baselineTest.mse, locale));
        });
        addFor(Applies::Models, tr("Direction accuracy"), [&](const ModelVersionInfo& v) {
            return tr("%1 (baseline %2)")
                .arg(percent(v.report.test.directionalAccuracy, locale),
                     percent(v.report.baselineTest.directionalAccuracy, locale));
        });
    }

    heading(tr("Signal backtest (against buy and hold)"));
    add(tr("Return"), [&](const ModelVersionInfo& v) {
        return tr("%1 (buy and hold %2)")
            .arg(percent(v.report.signalBacktest.totalReturn, locale, 2, true),
                 percent(v.report.buyAndHold.totalReturn, locale, 2, true));
    });
    add(tr("Sharpe"), [&](const ModelVersionInfo& v) {
        return tr("%1 (buy and hold %2)")
            .arg(locale.toString(v.report.signalBacktest.sharpe, 'f', 2),
                 locale.toString(v.report.buyAndHold.sharpe, 'f', 2));
    });
    add(tr("Max drawdown"), [&](const ModelVersionInfo& v) {
        return tr("%1 (buy and hold %2)")
            .arg(percent(v.report.signalBacktest.maxDrawdown, locale, 2),
                 percent(v.report.buyAndHold.maxDrawdown, locale, 2));
    });
    add(tr("Trades"), [&](const ModelVersionInfo& v) {
        return locale.toString(v.report.signalBacktest.tradeCount);
    });
    return rows;
}

QString AiLabText::reportSummary(const ModelTrainingReport& report, const QString& architecture,
                                 const QString& task, const QLocale& locale)
{
    QStringList parts;
    parts << modelVersionName(report.modelName, report.version);
    const QString best = locale.toString(report.bestEpoch);
    const QString of = locale.toString(int(report.history.size()));
    if (task == u"policy" || isAgentArchitecture(architecture)) {
        parts << (architecture == u"neuroevolution" ? tr("best generation %1 of %2").arg(best, of)
                                                    : tr("best episode %1 of %2").arg(best, of));
        parts << tr("test return %1 against buy and hold %2")
                     .arg(percent(report.signalBacktest.totalReturn, locale, 2, true),
                          percent(report.buyAndHold.totalReturn, locale, 2, true));
        parts << tr("Sharpe %1").arg(locale.toString(report.signalBacktest.sharpe, 'f', 2));
        parts << tr("max drawdown %1").arg(percent(report.signalBacktest.maxDrawdown, locale, 2));
        parts << tr("%1 trades").arg(locale.toString(report.signalBacktest.tradeCount));
        return parts.join(u" · "_s);
    }
    QString epochs = tr("best epoch %1 of %2").arg(best, of);
    if (report.stoppedEarly)
        epochs += u' ' + tr("(stopped early)");
    parts << epochs;
    if (task != u"direction")
        parts << tr("test MSE %1 (baseline %2)")
                     .arg(mse(report.test.mse, locale), mse(report.baselineTest.mse, locale));
    parts << tr("test direction %1 (baseline %2)")
                 .arg(percent(report.test.directionalAccuracy, locale),
                      percent(report.baselineTest.directionalAccuracy, locale));
    parts << tr("signal %1 against buy and hold %2")
                 .arg(percent(report.signalBacktest.totalReturn, locale, 2, true),
                      percent(report.buyAndHold.totalReturn, locale, 2, true));
    return parts.join(u" · "_s);
}

} // namespace bcf::app
