#include "gui/strategy_params_model.h"

#include <QFont>
#include <QLocale>

#include <cmath>
#include <map>

using namespace Qt::StringLiterals;

namespace bcf::app {

StrategyParamsModel::StrategyParamsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

QString StrategyParamsModel::numberText(double value)
{
    QLocale locale;
    locale.setNumberOptions(QLocale::OmitGroupSeparator);
    return locale.toString(value, 'g', 12);
}

void StrategyParamsModel::setParams(const std::vector<strategy::ResolvedParam>& params)
{
    std::map<std::string, double> edited;
    for (const Row& row : m_rows) {
        if (row.edited)
            edited[row.decl.name] = row.value;
    }
    beginResetModel();
    m_rows.clear();
    for (const strategy::ResolvedParam& param : params) {
        Row row{param.decl, param.decl.value, false};
        m_rows.push_back(row);
        if (const auto it = edited.find(param.decl.name); it != edited.end()
            && validate(int(m_rows.size()) - 1, it->second).isEmpty()) {
            m_rows.back().value = it->second;
            m_rows.back().edited = true;
        }
    }
    endResetModel();
}

strategy::ParamValues StrategyParamsModel::values() const
{
    strategy::ParamValues result;
    for (const Row& row : m_rows)
        result[row.decl.name] = row.value;
    return result;
}

int StrategyParamsModel::applyValues(const strategy::ParamValues& values)
{
    int applied = 0;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const auto it = values.find(m_rows[i].decl.name);
        if (it == values.end() || !validate(int(i), it->second).isEmpty())
            continue;
        m_rows[i].value = it->second;
        m_rows[i].edited = m_rows[i].value != m_rows[i].decl.value;
        ++applied;
        emit dataChanged(index(int(i), ValueColumn), index(int(i), ValueColumn));
    }
    if (applied > 0)
        emit valuesEdited();
    return applied;
}

QString StrategyParamsModel::validate(int row, double value) const
{
    const strategy::ParamDecl& d = m_rows[std::size_t(row)].decl;
    if (!std::isfinite(value))
        return tr("%1 must be a number.").arg(QString::fromStdString(d.name));
    if (d.hasRange && (value < d.min || value > d.max)) {
        return tr("%1 must be between %2 and %3.")
            .arg(QString::fromStdString(d.name), numberText(d.min), numberText(d.max));
    }
    if (d.integer && std::floor(value) != value)
        return tr("%1 must be a whole number.").arg(QString::fromStdString(d.name));
    return {};
}

int StrategyParamsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StrategyParamsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StrategyParamsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row& row = m_rows[std::size_t(index.row())];
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case NameColumn:
            return QString::fromStdString(row.decl.name);
        case ValueColumn:
            return role == Qt::EditRole ? QVariant(row.value) : QVariant(numberText(row.value));
        case RangeColumn:
            return row.decl.hasRange
                       ? tr("%1 … %2").arg(numberText(row.decl.min), numberText(row.decl.max))
                       : tr("fixed");
        case StepColumn:
            return row.decl.hasRange ? numberText(row.decl.step) : QString();
        default:
            return {};
        }
    }
    if (role == Qt::FontRole && index.column() == ValueColumn && row.edited) {
        QFont font;
        font.setBold(true);
        return font;
    }
    if (role == Qt::ToolTipRole && index.column() == ValueColumn) {
        return row.edited ? tr("Edited; the source declares %1.").arg(numberText(row.decl.value))
                          : tr("Double-click to change the value for backtests.");
    }
    if (role == Qt::TextAlignmentRole && index.column() != NameColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

bool StrategyParamsModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || index.column() != ValueColumn || role != Qt::EditRole)
        return false;
    bool ok = false;
    double number = value.toDouble(&ok);
    if (!ok || value.typeId() == QMetaType::QString) {
        QLocale locale;
        number = locale.toDouble(value.toString().trimmed(), &ok);
        if (!ok)
            number = value.toString().trimmed().toDouble(&ok);
    }
    const QString problem = ok ? validate(index.row(), number)
                               : tr("%1 must be a number.")
                                     .arg(QString::fromStdString(m_rows[std::size_t(index.row())].decl.name));
    if (!problem.isEmpty()) {
        emit editRejected(problem);
        return false;
    }
    Row& row = m_rows[std::size_t(index.row())];
    row.value = number;
    row.edited = number != row.decl.value;
    emit dataChanged(index, index);
    emit valuesEdited();
    return true;
}

Qt::ItemFlags StrategyParamsModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags result = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == ValueColumn)
        result |= Qt::ItemIsEditable;
    return result;
}

QVariant StrategyParamsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Parameter");
    case ValueColumn:
        return tr("Value");
    case RangeColumn:
        return tr("Range");
    case StepColumn:
        return tr("Step");
    default:
        return {};
    }
}

} // namespace bcf::app
