#include "gui/strategy_panel.h"

#include "core/instrument_catalog.h"
#include "core/session_controller.h"
#include "gui/backtest_charts.h"
#include "gui/backtest_results_model.h"
#include "gui/optimize_dialog.h"
#include "gui/strategy_editor.h"
#include "gui/strategy_open_dialog.h"
#include "gui/strategy_params_model.h"
#include "gui/theme_manager.h"
#include "backtest/optimizer.h"
#include "strategy/compiler.h"
#include "strategy/parser.h"
#include "strategy/templates.h"

#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimeZone>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

const QStringList timeframeNames = {u"1m"_s, u"5m"_s, u"15m"_s, u"1h"_s, u"4h"_s, u"1d"_s};
const QStringList fallbackSymbols = {u"BTCUSDT"_s, u"ETHUSDT"_s, u"BNBUSDT"_s, u"SOLUSDT"_s};
// Candles fetched for the same settings are reused for this long (backtest, then optimize).
constexpr qint64 datasetReuseMs = 60'000;

QString fromView(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QDoubleSpinBox* percentBox(QWidget* parent, double maximum, double value, int decimals,
                           const QString& name)
{
    auto* box = new QDoubleSpinBox(parent);
    box->setObjectName(name);
    box->setRange(0, maximum);
    box->setDecimals(decimals);
    box->setValue(value);
    box->setSuffix(u" %"_s);
    box->setSingleStep(0.01);
    return box;
}

} // namespace

StrategyPanel::StrategyPanel(SessionController& session, InstrumentCatalog& instruments,
                             ThemeManager& theme, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_instruments(instruments)
    , m_theme(theme)
{
    setObjectName(u"strategyPanel"_s);
    buildUi();
    updateSymbols();
    retranslateUi();
    applyTheme();
    const auto& templates = strategy::strategyTemplates();
    if (!templates.empty())
        m_editor->setText(fromView(templates.front().source));
    updateTitle();

    connect(m_editor, &StrategyEditor::compiled, this, &StrategyPanel::onCompiled);
    connect(m_editor, &StrategyEditor::modificationChanged, this, &StrategyPanel::updateTitle);
    connect(&m_instruments, &InstrumentCatalog::instrumentsChanged, this, &StrategyPanel::updateSymbols);
    connect(&m_theme, &ThemeManager::themeChanged, this, &StrategyPanel::applyTheme);
    connect(&m_watcher, &QFutureWatcher<RunOutcome>::finished, this, &StrategyPanel::onBacktestFinished);
    connect(m_params, &StrategyParamsModel::editRejected, this,
            [this](const QString& message) { setStatus(message, true); });
    onCompiled(m_editor->compiles());
}

StrategyPanel::~StrategyPanel()
{
    m_watcher.waitForFinished();
}

void StrategyPanel::buildUi()
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    m_toolbar = new QToolBar(this);
    m_toolbar->setObjectName(u"strategyToolbar"_s);
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolbar->setIconSize(QSize(16, 16));
    m_newButton = new QToolButton(m_toolbar);
    m_newButton->setObjectName(u"strategyNew"_s);
    m_newButton->setPopupMode(QToolButton::InstantPopup);
    m_templatesMenu = new QMenu(m_newButton);
    const auto& templates = strategy::strategyTemplates();
    for (int i = 0; i < int(templates.size()); ++i) {
        QAction* action = m_templatesMenu->addAction(QString());
        connect(action, &QAction::triggered, this, [this, i] { newFromTemplate(i); });
    }
    m_newButton->setMenu(m_templatesMenu);
    m_toolbar->addWidget(m_newButton);
    m_openAction = m_toolbar->addAction(QString(), this, &StrategyPanel::openFromServer);
    m_openAction->setObjectName(u"strategyOpen"_s);
    m_saveAction = m_toolbar->addAction(QString(), this, &StrategyPanel::saveToServer);
    m_saveAction->setObjectName(u"strategySave"_s);
    m_toolbar->addSeparator();
    m_backtestAction = m_toolbar->addAction(QString(), this, &StrategyPanel::runBacktest);
    m_backtestAction->setObjectName(u"strategyBacktest"_s);
    m_optimizeAction = m_toolbar->addAction(QString(), this, &StrategyPanel::openOptimizer);
    m_optimizeAction->setObjectName(u"strategyOptimize"_s);
    // Run on servers: the same strategy and settings as a compute job (the Jobs dock).
    m_serverButton = new QToolButton(m_toolbar);
    m_serverButton->setObjectName(u"strategyRunOnServers"_s);
    m_serverButton->setPopupMode(QToolButton::InstantPopup);
    auto* serverMenu = new QMenu(m_serverButton);
    m_serverBacktestAction = serverMenu->addAction(QString(), this,
                                                   &StrategyPanel::submitServerBacktest);
    m_serverBacktestAction->setObjectName(u"strategyServerBacktest"_s);
    m_serverOptimizeAction = serverMenu->addAction(QString(), this,
                                                   &StrategyPanel::submitServerOptimization);
    m_serverOptimizeAction->setObjectName(u"strategyServerOptimize"_s);
    m_serverButton->setMenu(serverMenu);
    m_toolbar->addWidget(m_serverButton);
    auto* spacer = new QWidget(m_toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_toolbar->addWidget(spacer);
    m_titleLabel = new QLabel(m_toolbar);
    m_titleLabel->setObjectName(u"strategyTitle"_s);
    m_toolbar->addWidget(m_titleLabel);
    layout->addWidget(m_toolbar);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(u"strategySplitter"_s);
    splitter->setChildrenCollapsible(false);
    layout->addWidget(splitter, 1);

    // Left: the source above its parameters.
    auto* left = new QSplitter(Qt::Vertical, splitter);
    left->setChildrenCollapsible(false);
    m_editor = new StrategyEditor(m_theme, left);
    auto* paramsBox = new QWidget(left);
    auto* paramsLayout = new QVBoxLayout(paramsBox);
    paramsLayout->setContentsMargins(0, 0, 0, 0);
    paramsLayout->setSpacing(0);
    m_paramsNote = new QLabel(paramsBox);
    m_paramsNote->setObjectName(u"strategyParamsNote"_s);
    paramsLayout->addWidget(m_paramsNote);
    m_params = new StrategyParamsModel(this);
    m_paramsTable = new QTableView(paramsBox);
    m_paramsTable->setObjectName(u"strategyParams"_s);
    m_paramsTable->setModel(m_params);
    m_paramsTable->verticalHeader()->hide();
    m_paramsTable->horizontalHeader()->setStretchLastSection(true);
    m_paramsTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_paramsTable->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                   | QAbstractItemView::AnyKeyPressed);
    m_paramsTable->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_paramsTable->verticalHeader()->setDefaultSectionSize(24);
    paramsLayout->addWidget(m_paramsTable, 1);
    left->addWidget(m_editor);
    left->addWidget(paramsBox);
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 1);

    // Right: backtest settings above the results.
    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(6, 6, 6, 0);
    rightLayout->setSpacing(4);
    m_settingsBox = new QWidget(right);
    m_settingsBox->setObjectName(u"backtestSettings"_s);
    auto* grid = new QGridLayout(m_settingsBox);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(4);
    m_symbol = new QComboBox(m_settingsBox);
    m_symbol->setObjectName(u"backtestSymbol"_s);
    m_symbol->setEditable(true);
    m_symbol->setInsertPolicy(QComboBox::NoInsert);
    m_symbol->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_symbol->completer()->setFilterMode(Qt::MatchContains);
    m_symbol->setMinimumContentsLength(9);
    m_timeframe = new QComboBox(m_settingsBox);
    m_timeframe->setObjectName(u"backtestTimeframe"_s);
    m_timeframe->addItems(timeframeNames);
    m_timeframe->setCurrentText(u"1h"_s);
    const QDate today = QDateTime::currentDateTimeUtc().date();
    m_from = new QDateEdit(today.addDays(-30), m_settingsBox);
    m_from->setObjectName(u"backtestFrom"_s);
    m_from->setCalendarPopup(true);
    m_from->setDisplayFormat(u"yyyy-MM-dd"_s);
    m_to = new QDateEdit(today, m_settingsBox);
    m_to->setObjectName(u"backtestTo"_s);
    m_to->setCalendarPopup(true);
    m_to->setDisplayFormat(u"yyyy-MM-dd"_s);
    m_cash = new QDoubleSpinBox(m_settingsBox);
    m_cash->setObjectName(u"backtestCash"_s);
    m_cash->setRange(1, 1'000'000'000);
    m_cash->setDecimals(2);
    m_cash->setValue(10'000);
    m_cash->setGroupSeparatorShown(true);
    m_makerFee = percentBox(m_settingsBox, 5, 0.1, 4, u"backtestMakerFee"_s);
    m_takerFee = percentBox(m_settingsBox, 5, 0.1, 4, u"backtestTakerFee"_s);
    m_slippage = percentBox(m_settingsBox, 10, 0.02, 4, u"backtestSlippage"_s);
    m_volumeShare = percentBox(m_settingsBox, 100, 0, 2, u"backtestVolumeShare"_s);
    m_volumeShare->setSingleStep(1);
    m_symbolLabel = new QLabel(m_settingsBox);
    m_timeframeLabel = new QLabel(m_settingsBox);
    m_fromLabel = new QLabel(m_settingsBox);
    m_toLabel = new QLabel(m_settingsBox);
    m_cashLabel = new QLabel(m_settingsBox);
    m_makerLabel = new QLabel(m_settingsBox);
    m_takerLabel = new QLabel(m_settingsBox);
    m_slippageLabel = new QLabel(m_settingsBox);
    m_volumeLabel = new QLabel(m_settingsBox);
    // Three label/field pairs a row.
    const std::vector<std::pair<QLabel*, QWidget*>> fields = {
        {m_symbolLabel, m_symbol},   {m_timeframeLabel, m_timeframe}, {m_cashLabel, m_cash},
        {m_fromLabel, m_from},       {m_toLabel, m_to},               {m_volumeLabel, m_volumeShare},
        {m_makerLabel, m_makerFee},  {m_takerLabel, m_takerFee},      {m_slippageLabel, m_slippage},
    };
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const int row = int(i / 3);
        const int column = int(i % 3) * 2;
        fields[i].first->setBuddy(fields[i].second);
        grid->addWidget(fields[i].first, row, column, Qt::AlignRight);
        grid->addWidget(fields[i].second, row, column + 1);
        grid->setColumnStretch(column + 1, 1);
    }
    rightLayout->addWidget(m_settingsBox);
    m_status = new QLabel(right);
    m_status->setObjectName(u"backtestStatus"_s);
    m_status->setWordWrap(true);
    rightLayout->addWidget(m_status);

    m_results = new QTabWidget(right);
    m_results->setObjectName(u"backtestResults"_s);
    m_results->setDocumentMode(true);
    auto* summaryScroll = new QScrollArea(m_results);
    summaryScroll->setWidgetResizable(true);
    summaryScroll->setFrameShape(QFrame::NoFrame);
    m_summaryPage = new QWidget(summaryScroll);
    m_summaryPage->setObjectName(u"backtestSummary"_s);
    auto* summaryLayout = new QVBoxLayout(m_summaryPage);
    m_summaryNote = new QLabel(m_summaryPage);
    m_summaryNote->setWordWrap(true);
    summaryLayout->addWidget(m_summaryNote);
    m_metricsGrid = new QGridLayout;
    m_metricsGrid->setHorizontalSpacing(14);
    m_metricsGrid->setVerticalSpacing(3);
    summaryLayout->addLayout(m_metricsGrid);
    summaryLayout->addStretch(1);
    summaryScroll->setWidget(m_summaryPage);
    m_results->addTab(summaryScroll, QString());
    m_charts = new BacktestCharts(m_theme, m_results);
    m_results->addTab(m_charts, QString());
    m_trades = new BacktestTradesModel(this);
    m_tradesProxy = new QSortFilterProxyModel(this);
    m_tradesProxy->setSourceModel(m_trades);
    m_tradesProxy->setSortRole(BacktestTradesModel::SortRole);
    m_tradesTable = new QTableView(m_results);
    m_tradesTable->setObjectName(u"backtestTrades"_s);
    m_tradesTable->setModel(m_tradesProxy);
    m_tradesTable->setSortingEnabled(true);
    m_tradesTable->sortByColumn(BacktestTradesModel::NumberColumn, Qt::AscendingOrder);
    m_tradesTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tradesTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tradesTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tradesTable->verticalHeader()->hide();
    m_tradesTable->verticalHeader()->setDefaultSectionSize(22);
    m_tradesTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_tradesTable->horizontalHeader()->setStretchLastSection(true);
    m_results->addTab(m_tradesTable, QString());
    rightLayout->addWidget(m_results, 1);
    connect(m_tradesTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    emit tradeSelected(m_tradesProxy->mapToSource(current).row());
            });

    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 5);
    splitter->setStretchFactor(1, 6);
}

void StrategyPanel::retranslateUi()
{
    m_newButton->setText(tr("New ▾"));
    m_newButton->setToolTip(tr("Start a new strategy from a template"));
    const auto& templates = strategy::strategyTemplates();
    const QList<QAction*> actions = m_templatesMenu->actions();
    for (int i = 0; i < actions.size() && i < int(templates.size()); ++i)
        actions[i]->setText(tr("From template: %1").arg(fromView(templates[std::size_t(i)].title)));
    m_openAction->setText(tr("Open…"));
    m_openAction->setToolTip(tr("Open a strategy saved on the server"));
    m_saveAction->setText(tr("Save…"));
    m_saveAction->setToolTip(tr("Save a new version on the server"));
    m_backtestAction->setText(tr("Backtest"));
    m_backtestAction->setToolTip(tr("Run the strategy over the candles of the backtest settings"));
    m_optimizeAction->setText(tr("Optimize…"));
    m_optimizeAction->setToolTip(tr("Search the parameters that declare a range"));
    m_serverButton->setText(tr("Run on servers"));
    m_serverButton->setToolTip(tr("Queue the strategy as a job on the compute nodes; the Jobs "
                                  "dock shows its progress and result"));
    m_serverBacktestAction->setText(tr("Backtest on servers"));
    m_serverOptimizeAction->setText(tr("Optimize on servers (grid search)"));
    m_symbolLabel->setText(tr("Market"));
    m_timeframeLabel->setText(tr("Timeframe"));
    m_fromLabel->setText(tr("From"));
    m_toLabel->setText(tr("To"));
    m_cashLabel->setText(tr("Initial cash"));
    m_makerLabel->setText(tr("Maker fee"));
    m_takerLabel->setText(tr("Taker fee"));
    m_slippageLabel->setText(tr("Slippage"));
    m_volumeLabel->setText(tr("Volume share"));
    m_volumeShare->setSpecialValueText(tr("no limit"));
    m_volumeShare->setToolTip(tr("At most this share of a bar's volume fills per order and bar "
                                 "(partial fills); 0 = no limit."));
    m_slippage->setToolTip(tr("Market and stop fills move this much against you."));
    m_from->setToolTip(tr("First day (UTC) of the backtest"));
    m_to->setToolTip(tr("Last day (UTC) of the backtest, included"));
    m_paramsNote->setText(tr("Parameters — double-click a value to change it for backtests"));
    m_results->setTabText(0, tr("Summary"));
    m_results->setTabText(1, tr("Equity"));
    m_results->setTabText(2, tr("Trades"));
    if (!m_hasResult)
        m_summaryNote->setText(tr("Run a backtest to see its results here."));
    updateTitle();
}

void StrategyPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void StrategyPanel::applyTheme()
{
    const QColor panel = m_theme.color(u"panel"_s);
    const QColor border = m_theme.color(u"border"_s);
    const QColor muted = m_theme.color(u"muted"_s);
    m_toolbar->setStyleSheet(u"#strategyToolbar { background: %1; border-bottom: 1px solid %2;"
                             " spacing: 2px; padding: 2px 6px; }"
                             " #strategyToolbar QToolButton { color: %3; border: none; border-radius: 4px;"
                             " padding: 4px 10px; font-weight: 600; text-decoration: none; }"
                             " #strategyToolbar QToolButton:hover { background: %4; }"
                             " #strategyToolbar QToolButton:disabled { color: %5; }"
                             " #strategyToolbar QToolButton::menu-indicator { image: none; width: 0; }"
                             " #strategyTitle { color: %3; font-weight: 600; padding-right: 6px; }"_s
                                 .arg(panel.name(), border.name(), m_theme.color(u"text"_s).name(),
                                      m_theme.color(u"hover"_s).name(), muted.name()));
    m_paramsNote->setStyleSheet(u"#strategyParamsNote { color: %1; background: %2; padding: 4px 8px;"
                                " border-top: 1px solid %3; }"_s
                                    .arg(muted.name(), panel.name(), border.name()));
    m_trades->setColors(m_theme.color(u"success"_s), m_theme.color(u"danger"_s));
    if (m_hasResult && m_runDataset) {
        // Recolour the metrics.
        for (int i = 0; i < m_metricsGrid->count(); ++i) {
            if (auto* label = qobject_cast<QLabel*>(m_metricsGrid->itemAt(i)->widget())) {
                const int tone = label->property("tone").toInt();
                if (label->property("isValue").toBool()) {
                    label->setStyleSheet(tone > 0 ? u"color: %1; font-weight: 600;"_s.arg(m_theme.color(u"success"_s).name())
                                         : tone < 0 ? u"color: %1; font-weight: 600;"_s.arg(m_theme.color(u"danger"_s).name())
                                                    : u"font-weight: 600;"_s);
                } else {
                    label->setStyleSheet(u"color: %1;"_s.arg(muted.name()));
                }
            }
        }
    }
}

void StrategyPanel::updateSymbols()
{
    QStringList offered = m_instruments.symbols();
    if (offered.isEmpty())
        offered = fallbackSymbols;
    const QString current = symbol();
    const QSignalBlocker blocker(m_symbol);
    m_symbol->clear();
    m_symbol->addItems(offered);
    const int index = m_symbol->findText(current);
    m_symbol->setCurrentIndex(std::max(index, 0));
}

void StrategyPanel::setSymbol(const QString& name)
{
    const int index = m_symbol->findText(name);
    if (index >= 0)
        m_symbol->setCurrentIndex(index);
    else if (!name.isEmpty())
        m_symbol->setEditText(name);
}

QString StrategyPanel::symbol() const
{
    return m_symbol->currentText().trimmed().toUpper();
}

QString StrategyPanel::title() const
{
    QString text = m_name.isEmpty() ? tr("New strategy") : tr("%1 — v%2").arg(m_name).arg(m_version);
    if (m_editor && m_editor->isModified())
        text += u" •"_s;
    return text;
}

void StrategyPanel::updateTitle()
{
    if (!m_titleLabel || !m_editor)
        return;
    const QString text = title();
    m_titleLabel->setText(text);
    m_titleLabel->setToolTip(m_editor->isModified() ? tr("Modified since it was opened or saved")
                                                    : QString());
    emit titleChanged(text);
}

void StrategyPanel::onCompiled(bool ok)
{
    if (ok)
        m_params->setParams(m_editor->program()->params);
    m_backtestAction->setEnabled(ok && !m_running);
    m_optimizeAction->setEnabled(ok);
    m_serverButton->setEnabled(ok && !m_submitting);
}

void StrategyPanel::setStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: %1;"_s.arg(m_theme.color(u"danger"_s).name()) : QString());
}

bool StrategyPanel::confirmDiscard()
{
    if (!m_editor->isModified())
        return true;
    const auto answer = QMessageBox::question(
        this, tr("Discard changes"),
        tr("The strategy has changes that are not saved. Discard them?"),
        QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
    return answer == QMessageBox::Discard;
}

void StrategyPanel::newFromTemplate(int index)
{
    const auto& templates = strategy::strategyTemplates();
    if (index < 0 || index >= int(templates.size()) || !confirmDiscard())
        return;
    m_name.clear();
    m_version = 0;
    m_editor->setText(fromView(templates[std::size_t(index)].source));
    updateTitle();
}

void StrategyPanel::openFromServer()
{
    if (!confirmDiscard())
        return;
    auto* dialog = new StrategyOpenDialog(m_session, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const StrategyDocument& document = dialog->document();
        m_name = document.name;
        m_version = document.version;
        m_editor->setText(document.source);
        updateTitle();
        emit noteRequested(tr("Opened %1, version %2.").arg(m_name).arg(m_version));
    });
    dialog->open();
}

void StrategyPanel::saveToServer()
{
    if (!m_editor->compiles()) {
        const auto& error = *m_editor->error();
        QMessageBox::warning(this, tr("Save strategy"),
                             tr("The strategy has an error on line %1, column %2: %3\n"
                                "Fix it before saving.")
                                 .arg(error.position.line)
                                 .arg(error.position.column)
                                 .arg(QString::fromStdString(error.message)));
        return;
    }
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Save strategy"));
    auto* form = new QFormLayout(&dialog);
    auto* name = new QLineEdit(&dialog);
    name->setObjectName(u"saveName"_s);
    name->setMaxLength(100);
    if (m_name.isEmpty()) {
        name->setText(QString::fromStdString(m_editor->program()->name));
    } else {
        name->setText(m_name);
        name->setReadOnly(true);
        name->setToolTip(tr("Saving adds version %1 of this strategy.").arg(m_version + 1));
    }
    auto* comment = new QLineEdit(&dialog);
    comment->setObjectName(u"saveComment"_s);
    comment->setPlaceholderText(tr("What changed (optional)"));
    form->addRow(tr("Name"), name);
    form->addRow(tr("Comment"), comment);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&dialog, name] {
        if (!name->text().trimmed().isEmpty())
            dialog.accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    dialog.resize(420, dialog.sizeHint().height());
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString target = name->text().trimmed();
    m_saveAction->setEnabled(false);
    setStatus(tr("Saving %1…").arg(target));
    const QString source = m_editor->text();
    m_session.saveStrategy(
        target, source, comment->text().trimmed(), m_name.isEmpty() ? 0 : m_version, this,
        [this, source](SessionController::Outcome<StrategyDocument> result) {
            m_saveAction->setEnabled(true);
            if (!result) {
                setStatus(tr("Not saved: %1").arg(result.error()), true);
                QMessageBox::warning(this, tr("Save strategy"),
                                     tr("The strategy was not saved.\n\n%1").arg(result.error()));
                return;
            }
            m_name = result->name;
            m_version = result->version;
            // Typing since the save was sent keeps the text modified.
            if (m_editor->text() == source)
                m_editor->setModified(false);
            updateTitle();
            setStatus(tr("Saved %1, version %2.").arg(m_name).arg(m_version));
            emit noteRequested(tr("Saved %1, version %2.").arg(m_name).arg(m_version));
        });
}

BacktestSettings StrategyPanel::backtestSettings() const
{
    BacktestSettings settings;
    settings.exchange = m_instruments.exchange();
    settings.symbol = symbol();
    settings.timeframe = m_timeframe->currentText();
    settings.fromUnixMs = QDateTime(m_from->date(), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    settings.toUnixMs = QDateTime(m_to->date().addDays(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    settings.toUnixMs = std::min(settings.toUnixMs, QDateTime::currentMSecsSinceEpoch());
    settings.venue.initialCash = Money::fromRaw(std::llround(m_cash->value() * 100.0) * 1'000'000);
    settings.venue.makerFeeMicros = percentToMicros(m_makerFee->value());
    settings.venue.takerFeeMicros = percentToMicros(m_takerFee->value());
    settings.venue.slippageMicros = percentToMicros(m_slippage->value());
    settings.venue.maxVolumeShareMicros = percentToMicros(m_volumeShare->value());
    return settings;
}

void StrategyPanel::loadDataset(
    std::function<void(std::expected<std::shared_ptr<const BacktestDataset>, QString>)> done)
{
    const BacktestSettings settings = backtestSettings();
    if (settings.symbol.isEmpty()) {
        done(std::unexpected(tr("Choose a market.")));
        return;
    }
    if (settings.fromUnixMs >= settings.toUnixMs) {
        done(std::unexpected(tr("The first day must be before the last one.")));
        return;
    }
    const auto sameRange = [&](const BacktestSettings& other) {
        return other.exchange == settings.exchange && other.symbol == settings.symbol
               && other.timeframe == settings.timeframe && other.fromUnixMs == settings.fromUnixMs
               && std::abs(other.toUnixMs - settings.toUnixMs) < datasetReuseMs;
    };
    if (m_dataset && sameRange(m_dataset->settings)) {
        auto copy = std::make_shared<BacktestDataset>(*m_dataset);
        copy->settings = settings;
        done(std::shared_ptr<const BacktestDataset>(std::move(copy)));
        return;
    }
    const quint64 serial = ++m_dataSerial;
    setStatus(tr("Loading %1 %2 candles…").arg(settings.symbol, settings.timeframe));
    fetchCandleRange(
        m_session, settings.exchange, settings.symbol, settings.timeframe, settings.fromUnixMs,
        settings.toUnixMs, this,
        [this, serial, settings](int loaded) {
            if (serial == m_dataSerial) {
                setStatus(tr("Loading %1 %2 candles… %3")
                              .arg(settings.symbol, settings.timeframe, QLocale().toString(loaded)));
            }
        },
        [this, settings, done](std::expected<std::vector<model::Candle>, QString> candles) {
            if (!candles) {
                done(std::unexpected(candles.error()));
                return;
            }
            auto data = std::make_shared<BacktestDataset>();
            data->settings = settings;
            const Instrument* instrument = m_instruments.find(settings.symbol);
            data->spec = symbolSpec(settings.symbol, instrument);
            data->quoteCurrency = quoteCurrency(settings.symbol, instrument);
            data->priceDecimals = m_instruments.pricePrecision(settings.symbol, 2);
            data->quantityDecimals = m_instruments.quantityPrecision(settings.symbol, 6);
            data->candles = std::move(*candles);
            m_dataset = data;
            done(std::shared_ptr<const BacktestDataset>(data));
        });
}

void StrategyPanel::setBacktestRange(const QString& timeframe, const QDate& from, const QDate& to)
{
    m_timeframe->setCurrentText(timeframe);
    m_from->setDate(from);
    m_to->setDate(to);
}

void StrategyPanel::showResultsTab(ResultsTab tab)
{
    m_results->setCurrentIndex(int(tab));
}

void StrategyPanel::selectTrade(int row)
{
    showResultsTab(ResultsTab::Trades);
    if (row >= 0 && row < m_tradesProxy->rowCount())
        m_tradesTable->selectRow(row);
}

void StrategyPanel::runBacktest()
{
    if (m_running)
        return;
    m_editor->compileNow();
    if (!m_editor->compiles()) {
        setStatus(tr("Fix the strategy's error first: %1").arg(m_editor->statusText()), true);
        return;
    }
    const QByteArray source = m_editor->text().toUtf8();
    auto program = strategy::compileStrategy(std::string_view(source.constData(), std::size_t(source.size())),
                                             m_params->values());
    if (!program) {
        setStatus(tr("The parameters do not fit the strategy: %1")
                      .arg(QString::fromStdString(program.error().toString())),
                  true);
        return;
    }
    m_running = true;
    m_backtestAction->setEnabled(false);
    // A new backtest: the previous trades leave the chart.
    emit backtestCompleted(QString(), QString(), {});
    std::shared_ptr<const strategy::Program> compiled = std::move(*program);
    loadDataset([this, compiled](std::expected<std::shared_ptr<const BacktestDataset>, QString> data) {
        if (!data) {
            m_running = false;
            m_backtestAction->setEnabled(m_editor->compiles());
            setStatus(tr("The candles could not be loaded: %1").arg(data.error()), true);
            emit backtestFailed(m_status->text());
            return;
        }
        std::shared_ptr<const BacktestDataset> dataset = *data;
        if (dataset->candles.empty()) {
            m_running = false;
            m_backtestAction->setEnabled(m_editor->compiles());
            setStatus(tr("There are no %1 %2 candles in the chosen range.")
                          .arg(dataset->settings.symbol, dataset->settings.timeframe),
                      true);
            emit backtestFailed(m_status->text());
            return;
        }
        m_runDataset = dataset;
        setStatus(tr("Backtesting on %1 candles…").arg(QLocale().toString(qlonglong(dataset->candles.size()))));
        m_watcher.setFuture(QtConcurrent::run([compiled, dataset]() {
            QElapsedTimer timer;
            timer.start();
            RunOutcome outcome;
            const bt::SymbolSeries series{dataset->spec, dataset->candles};
            bt::BacktestOptions options;
            options.venue = dataset->settings.venue;
            auto result = bt::runBacktest(compiled, std::span(&series, 1), options);
            if (!result) {
                outcome.error = QString::fromStdString(result.error().message);
            } else {
                outcome.ok = true;
                outcome.result = std::move(*result);
            }
            outcome.elapsedMs = timer.elapsed();
            return outcome;
        }));
    });
}

void StrategyPanel::onBacktestFinished()
{
    m_running = false;
    m_backtestAction->setEnabled(m_editor->compiles());
    const RunOutcome outcome = m_watcher.result();
    if (!outcome.ok) {
        setStatus(tr("The backtest failed: %1").arg(outcome.error), true);
        emit backtestFailed(m_status->text());
        return;
    }
    showResult(outcome.result, *m_runDataset);
    const QLocale locale;
    setStatus(tr("%1 %2: trades: %3, bars: %4, in %5 s.")
                  .arg(m_runDataset->settings.symbol, m_runDataset->settings.timeframe,
                       locale.toString(qlonglong(outcome.result.trades.size())),
                       locale.toString(qlonglong(outcome.result.bars)),
                       locale.toString(double(outcome.elapsedMs) / 1000.0, 'f', 2)));
}

void StrategyPanel::showResult(const bt::BacktestResult& result, const BacktestDataset& data)
{
    m_hasResult = true;
    if (m_runDataset.get() != &data)
        m_runDataset = std::make_shared<BacktestDataset>(data);
    m_trades->setTrades(result.trades, data.priceDecimals, data.quantityDecimals);
    m_tradesTable->resizeColumnsToContents();
    m_charts->setEquity(result.equity, data.quoteCurrency);

    while (QLayoutItem* item = m_metricsGrid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const std::vector<MetricLine> lines = BacktestFormat::metricLines(result.metrics, data.quoteCurrency);
    const int perColumn = int((lines.size() + 1) / 2);
    for (int i = 0; i < int(lines.size()); ++i) {
        auto* label = new QLabel(lines[std::size_t(i)].label, m_summaryPage);
        auto* value = new QLabel(lines[std::size_t(i)].value, m_summaryPage);
        value->setObjectName(u"metric_%1"_s.arg(i));
        value->setProperty("isValue", true);
        value->setProperty("tone", lines[std::size_t(i)].tone);
        value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        const int row = i % perColumn;
        const int column = (i / perColumn) * 3;
        m_metricsGrid->addWidget(label, row, column);
        m_metricsGrid->addWidget(value, row, column + 1);
    }
    m_metricsGrid->setColumnMinimumWidth(2, 24);
    const QLocale locale;
    const QDateTime first = QDateTime::fromMSecsSinceEpoch(data.settings.fromUnixMs, Qt::UTC);
    const QDateTime last = QDateTime::fromMSecsSinceEpoch(data.settings.toUnixMs - 1, Qt::UTC);
    m_summaryNote->setText(tr("<b>%1</b> on %2 %3, %4 to %5 (UTC), %6 bars; starting with %7.")
                               .arg(QString::fromStdString(result.strategyName).toHtmlEscaped(),
                                    data.settings.symbol, data.settings.timeframe,
                                    locale.toString(first.date(), QLocale::ShortFormat),
                                    locale.toString(last.date(), QLocale::ShortFormat),
                                    locale.toString(qlonglong(result.bars)),
                                    decimalText(data.settings.venue.initialCash.raw(), 2) + u' '
                                        + data.quoteCurrency));
    applyTheme();

    std::vector<TradeMarker> markers;
    markers.reserve(result.trades.size());
    for (const bt::TradeRecord& trade : result.trades) {
        markers.push_back({.entryTimeMs = toUnixMillis(trade.entryTime),
                           .entryPrice = trade.entryPrice.toDouble(),
                           .exitTimeMs = toUnixMillis(trade.exitTime),
                           .exitPrice = trade.exitPrice.toDouble(),
                           .isLong = trade.side == model::Side::Buy,
                           .profitable = trade.netPnl.raw() > 0});
    }
    emit backtestCompleted(data.settings.symbol, data.settings.timeframe, markers);
}

void StrategyPanel::openOptimizer()
{
    m_editor->compileNow();
    if (!m_editor->compiles()) {
        setStatus(tr("Fix the strategy's error first: %1").arg(m_editor->statusText()), true);
        return;
    }
    if (!m_optimizer) {
        m_optimizer = new OptimizeDialog(
            m_theme,
            [self = QPointer<StrategyPanel>(this)](OptimizeDialog::DataReady ready) {
                if (self)
                    self->loadDataset(std::move(ready));
                else
                    ready(std::unexpected(QString()));
            },
            this);
        connect(m_optimizer, &OptimizeDialog::paramsChosen, this,
                [this](const strategy::ParamValues& values) { m_params->applyValues(values); });
        connect(m_optimizer, &OptimizeDialog::finished, this, [this] { setStatus(QString()); });
    }
    if (!m_optimizer->isRunning())
        m_optimizer->setStrategy(m_editor->text(), m_params->values());
    m_optimizer->show();
    m_optimizer->raise();
    m_optimizer->activateWindow();
}

std::expected<JobBacktestSpec, QString> StrategyPanel::serverBacktestSpec()
{
    m_editor->compileNow();
    if (!m_editor->compiles())
        return std::unexpected(
            tr("Fix the strategy's error first: %1").arg(m_editor->statusText()));
    const BacktestSettings settings = backtestSettings();
    if (settings.symbol.isEmpty())
        return std::unexpected(tr("Choose a market."));
    if (settings.fromUnixMs >= settings.toUnixMs)
        return std::unexpected(tr("The first day must be before the last one."));
    JobBacktestSpec spec;
    spec.strategySource = m_editor->text();
    for (const auto& [name, value] : m_params->values())
        spec.params.emplace_back(QString::fromStdString(name), value);
    spec.exchange = settings.exchange;
    spec.symbol = settings.symbol;
    spec.timeframe = settings.timeframe;
    spec.fromUnixMs = settings.fromUnixMs;
    spec.toUnixMs = settings.toUnixMs;
    spec.initialCash = QString::fromStdString(settings.venue.initialCash.toString());
    // The servers' simulated venue has one fee for both sides: the higher one is the cautious
    // choice.
    spec.feeMicros = std::max(settings.venue.makerFeeMicros, settings.venue.takerFeeMicros);
    spec.slippageMicros = settings.venue.slippageMicros;
    spec.label = m_name.isEmpty()
                     ? u"%1 %2"_s.arg(settings.symbol, settings.timeframe)
                     : u"%1 · %2 %3"_s.arg(m_name, settings.symbol, settings.timeframe);
    spec.label = spec.label.left(110); // the server's limit is 120 characters
    return spec;
}

void StrategyPanel::submitServerBacktest()
{
    submitServerJob(false);
}

void StrategyPanel::submitServerOptimization()
{
    submitServerJob(true);
}

std::expected<JobOptimizationSpec, QString> StrategyPanel::serverGridSearchSpec()
{
    auto spec = serverBacktestSpec();
    if (!spec)
        return std::unexpected(spec.error());
    const QByteArray source = spec->strategySource.toUtf8();
    const auto ast = strategy::parseStrategy(std::string_view(source.constData(),
                                                              std::size_t(source.size())));
    const std::vector<bt::ParamAxis> axes = ast ? bt::parameterAxes(*ast)
                                                : std::vector<bt::ParamAxis>{};
    if (axes.empty())
        return std::unexpected(tr("A search needs a parameter with a range ('range min..max')."));
    // A grid search evaluates every combination of the ranged parameters: ask for exactly as
    // many trials (the server refuses a grid larger than its trial limit).
    double combinations = 1;
    for (const bt::ParamAxis& axis : axes)
        combinations *= double(axis.values.size());
    constexpr double maxTrials = 100'000;
    if (combinations > maxTrials) {
        return std::unexpected(tr("The grid has %1 combinations, more than the servers' limit of "
                                  "%2; narrow the ranges.")
                                   .arg(QLocale().toString(combinations, 'f', 0),
                                        QLocale().toString(maxTrials, 'f', 0)));
    }
    // The server keeps a parameter given a value at that value: send only the others.
    std::erase_if(spec->params, [&axes](const std::pair<QString, double>& param) {
        return std::any_of(axes.begin(), axes.end(), [&param](const bt::ParamAxis& axis) {
            return param.first == QString::fromStdString(axis.name);
        });
    });
    JobOptimizationSpec search{.backtest = std::move(*spec),
                               .method = u"grid"_s,
                               .objective = u"sharpe"_s,
                               .maxTrials = qint64(combinations)};
    search.backtest.label = tr("%1 grid").arg(search.backtest.label).left(120);
    return search;
}

void StrategyPanel::submitServerJob(bool optimize)
{
    if (m_submitting)
        return;
    const auto done = [this](SessionController::Outcome<Job> job) {
        m_submitting = false;
        m_serverButton->setEnabled(m_editor->compiles());
        if (!job) {
            setStatus(tr("The servers refused the job: %1").arg(job.error()), true);
            return;
        }
        setStatus(tr("Job “%1” queued on the servers.").arg(job->label));
        emit jobSubmitted(*job);
    };
    if (!optimize) {
        const auto spec = serverBacktestSpec();
        if (!spec) {
            setStatus(spec.error(), true);
            return;
        }
        m_submitting = true;
        m_serverButton->setEnabled(false);
        m_session.submitBacktestJob(*spec, this, done);
        return;
    }
    const auto search = serverGridSearchSpec();
    if (!search) {
        setStatus(search.error(), true);
        return;
    }
    m_submitting = true;
    m_serverButton->setEnabled(false);
    m_session.submitOptimizationJob(*search, this, done);
}

} // namespace bcf::app
