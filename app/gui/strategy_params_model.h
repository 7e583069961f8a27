#pragma once

#include "strategy/compiler.h"
#include "strategy/program.h"

#include <QAbstractTableModel>

#include <vector>

namespace bcf::app {

// The parameters of the strategy in the editor: name, value (editable), range and step. After
// each successful compile setParams() rebuilds the rows from the program's declarations;
// values the user edited stay for the names that are still declared (while they remain valid
// for the new range). An edit is accepted only when it is a number inside the declared range,
// and a whole number for integer parameters. values() is what a backtest runs with. GUI thread
// only.
class StrategyParamsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StrategyParamsModel)

public:
    enum Column { NameColumn, ValueColumn, RangeColumn, StepColumn, ColumnCount };

    explicit StrategyParamsModel(QObject* parent = nullptr);

    void setParams(const std::vector<strategy::ResolvedParam>& params);
    // Every parameter's current value (declared default unless edited).
    strategy::ParamValues values() const;
    // Sets the values of the parameters named in `values` (others unchanged); values that are
    // invalid for their parameter are skipped. Returns how many were applied.
    int applyValues(const strategy::ParamValues& values);
    // Whether `value` is acceptable for the parameter in `row`; a sentence for the user otherwise.
    QString validate(int row, double value) const;
    const strategy::ParamDecl& decl(int row) const { return m_rows[std::size_t(row)].decl; }
    double value(int row) const { return m_rows[std::size_t(row)].value; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString numberText(double value);

signals:
    // An edit was refused; `message` says why.
    void editRejected(const QString& message);
    // The values changed (an edit or applyValues()).
    void valuesEdited();

private:
    struct Row {
        strategy::ParamDecl decl;
        double value = 0;
        bool edited = false;
    };
    std::vector<Row> m_rows;
};

} // namespace bcf::app
