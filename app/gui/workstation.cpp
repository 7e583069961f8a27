#include "gui/workstation.h"

#include "core/connection_profile_store.h"
#include "core/language_manager.h"
#include "core/session_controller.h"
#include "gui/bot_wizard.h"
#include "gui/bots_model.h"
#include "gui/bots_panel.h"
#include "gui/chart_panel.h"
#include "gui/exchange_keys_dialog.h"
#include "gui/jobs_model.h"
#include "gui/jobs_panel.h"
#include "gui/jobs_result_view.h"
#include "gui/login_dialog.h"
#include "gui/main_window.h"
#include "gui/order_ticket.h"
#include "gui/orders_model.h"
#include "gui/settings_dialog.h"
#include "gui/strategy_editor.h"
#include "gui/strategy_panel.h"
#include "gui/theme_manager.h"
#include "gui/trading_panel.h"
#include "strategy/templates.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace bcf::app {

Workstation::Workstation(SessionController& session, ConnectionProfileStore& profiles,
                         Preferences& preferences, LanguageManager& language,
                         ThemeManager& theme, Options options, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_profiles(profiles)
    , m_preferences(preferences)
    , m_language(language)
    , m_theme(theme)
    , m_options(std::move(options))
{
}

Workstation::~Workstation() = default;

void Workstation::start()
{
    m_login = std::make_unique<LoginDialog>(m_session, m_profiles);

    connect(m_login.get(), &LoginDialog::rejected, qApp, &QApplication::quit);
    connect(m_login.get(), &LoginDialog::connectionSettingsRequested, this,
            [this] { openSettings(m_login.get(), true); });
    connect(&m_session, &SessionController::loggedIn, this, &Workstation::showMainWindow);
    connect(&m_session, &SessionController::loggedOut, this, [this] { showLogin({}); });
    connect(&m_session, &SessionController::sessionExpired, this, [this](const QString& reason) {
        showLogin(tr("Your session has ended: %1").arg(reason));
    });
    connect(&m_session, &SessionController::sessionResumeFailed, this, &Workstation::showLogin);
    connect(&m_session, &SessionController::reconnectScheduled, this, [this](int delayMs) {
        // A remembered session waits for the server: say so, and let the user log in with
        // the password (which abandons the resume) instead of waiting.
        if (!m_session.isResuming())
            return;
        const QString message =
            tr("The server cannot be reached to resume your saved session. Next attempt in "
               "%1 s; you may also log in with your password.")
                .arg((delayMs + 999) / 1000);
        if (m_login->isVisible()) {
            if (!m_login->isBusy())
                m_login->showError(message);
        } else {
            showLogin(message);
        }
    });
    connect(&m_profiles, &ConnectionProfileStore::selectedProfileChanged, this,
            &Workstation::followProfile);
    connect(&m_profiles, &ConnectionProfileStore::profilesChanged, this,
            &Workstation::followProfile);

    if (!m_options.screenshotDirectory.isEmpty()) {
        startScreenshots();
        return;
    }
    // Silent start when a session was remembered; otherwise (or when it cannot be resumed)
    // sessionResumeFailed opens the login dialog.
    m_session.resumeSession();
}

void Workstation::followProfile()
{
    // The session's server changes only between sessions; edits to the profile in use wait
    // for the next login.
    if (!m_session.isLoggedIn())
        m_session.setProfile(m_profiles.selected());
}

void Workstation::showLogin(const QString& message)
{
    if (m_main) {
        m_main->closeAccountDialogs();
        // After a logout the main window goes; after an expiry it stays behind the dialog so
        // the user sees where they were.
        if (!m_session.isLoggedIn() && message.isEmpty())
            m_main->hide();
    }
    followProfile();
    m_login->reset();
    if (!m_prefilled) {
        // Command line and BCF_PASSWORD fill the first login only, not those after a logout.
        m_prefilled = true;
        m_login->setUsername(m_options.username);
        m_login->setPassword(m_options.password);
    }
    // Logging in without "Remember me" would forget the remembered session.
    if (m_session.hasRememberedSession())
        m_login->setRemember(true);
    m_login->showError(message);
    m_login->setWindowModality(m_main && m_main->isVisible() ? Qt::ApplicationModal
                                                              : Qt::NonModal);
    m_login->show();
    m_login->raise();
    m_login->activateWindow();
}

void Workstation::showMainWindow()
{
    if (!m_main) {
        m_main = std::make_unique<MainWindow>(m_session, m_theme, m_language, m_preferences);
        connect(m_main.get(), &MainWindow::settingsRequested, this,
                [this] { openSettings(m_main.get(), false); });
        connect(m_main.get(), &MainWindow::windowClosed, qApp, &QApplication::quit);
        if (!m_options.screenshotDirectory.isEmpty()) {
            connect(m_main->chart(), &ChartPanel::settled, this,
                    &Workstation::captureMainWhenReady);
        }
    }
    if (m_login && m_login->isVisible())
        m_login->hide();
    m_main->show();
    m_main->raise();
    m_main->activateWindow();
    if (!m_session.canRemember() && !m_session.rememberUnavailableReason().isEmpty()
        && m_options.screenshotDirectory.isEmpty()) {
        m_main->showNote(tr("Sessions cannot be remembered on this computer: %1")
                             .arg(m_session.rememberUnavailableReason()));
    }
}

void Workstation::openSettings(QWidget* parent, bool connectionsFirst)
{
    SettingsDialog dialog(m_profiles, m_theme, m_language, parent);
    dialog.showSection(connectionsFirst ? SettingsDialog::Section::Connections
                                        : SettingsDialog::Section::Appearance);
    dialog.setConnectedNote(m_session.isLoggedIn());
    dialog.exec();
}

void Workstation::startScreenshots()
{
    // A hard limit, so a documentation run never hangs on an unreachable server.
    QTimer::singleShot(240000, this, [] {
        std::fputs("botcriptofy: screenshot mode timed out\n", stderr);
        QCoreApplication::exit(3);
    });
    connect(&m_session, &SessionController::loginFailed, this, [](const QString& message) {
        std::fprintf(stderr, "botcriptofy: login failed: %s\n", qPrintable(message));
        QCoreApplication::exit(2);
    });
    connect(&m_session, &SessionController::secondFactorRequired, this, [] {
        std::fputs("botcriptofy: the account asks for a two-factor code; screenshot mode "
                   "needs an account without it\n",
                   stderr);
        QCoreApplication::exit(2);
    });
    connect(&m_session, &SessionController::serverInfoReceived, this, [this] {
        m_serverAnswered = true;
        captureMainWhenReady();
    });

    showLogin({});
    QTimer::singleShot(500, this, [this] {
        if (!save(m_login.get(), u"login"_s))
            return QCoreApplication::exit(4);
        if (m_options.username.isEmpty() || m_options.password.isEmpty()) {
            std::fputs("botcriptofy: no --username or BCF_PASSWORD; only the login dialog "
                       "was captured\n",
                       stderr);
            return QCoreApplication::exit(0);
        }
        m_login->submit();
    });
}

void Workstation::captureMainWhenReady()
{
    // Both the first server answer and the chart's first candles (or its message) are shown.
    if (m_mainCaptured || !m_serverAnswered || !m_main || !m_main->chart()->isSettled())
        return;
    // Let the layout settle and the live docks (tickers each second, the book ten times a
    // second, trades as they print) fill before grabbing.
    QTimer::singleShot(3000, this, &Workstation::captureMain);
}

void Workstation::captureMain()
{
    if (m_mainCaptured || !m_main)
        return;
    m_mainCaptured = true;
    if (!save(m_main.get(), u"main"_s))
        return QCoreApplication::exit(4);
    captureStrategy();
}

void Workstation::captureStrategy()
{
    // The strategy dock with a template backtested on the last three days of 5-minute candles:
    // first the editor and the summary, then a trade picked on the chart with the equity curve.
    StrategyPanel* panel = m_main->strategy();
    m_main->strategyDock()->show();
    m_main->strategyDock()->raise();
    m_main->resizeDocks({m_main->strategyDock()}, {430}, Qt::Vertical);
    panel->editor()->setText(QString::fromUtf8(strategy::strategyTemplates().front().source.data(),
                                               qsizetype(strategy::strategyTemplates().front().source.size())));
    const QDate today = QDateTime::currentDateTimeUtc().date();
    panel->setBacktestRange(u"5m"_s, today.addDays(-3), today);
    connect(panel, &StrategyPanel::backtestCompleted, this,
            [this, panel](const QString& symbol, const QString&, const std::vector<TradeMarker>& markers) {
                if (symbol.isEmpty())
                    return; // markers cleared as the run starts
                QTimer::singleShot(1500, this, [this, panel, count = int(markers.size())] {
                    if (!save(m_main.get(), u"strategy"_s))
                        return QCoreApplication::exit(4);
                    panel->selectTrade(std::max(0, count - 2));
                    QTimer::singleShot(2500, this, [this, panel] {
                        panel->showResultsTab(StrategyPanel::ResultsTab::Equity);
                        QTimer::singleShot(500, this, [this] {
                            if (!save(m_main.get(), u"backtest"_s))
                                return QCoreApplication::exit(4);
                            captureTrading();
                        });
                    });
                });
            });
    connect(panel, &StrategyPanel::backtestFailed, this, [this](const QString& message) {
        // No candles to backtest (a fresh server): the editor is still worth a picture.
        std::fprintf(stderr, "botcriptofy: the backtest did not run: %s\n", qPrintable(message));
        if (!save(m_main.get(), u"strategy"_s))
            return QCoreApplication::exit(4);
        captureTrading();
    });
    QTimer::singleShot(800, panel, &StrategyPanel::runBacktest);
}

void Workstation::captureTrading()
{
    // The trading dock below the chart (where the strategy dock was) and the ticket with a
    // limit buy of a quarter of the free balance at the last price, as a trader would prepare
    // it; nothing is sent.
    m_main->strategyDock()->hide();
    m_main->chart()->clearBacktestTrades();
    m_main->chart()->chart()->showLatest(CandleChart::initialVisible);
    QDockWidget* dock = m_main->tradingDock();
    dock->show();
    dock->raise();
    m_main->resizeDocks({dock}, {300}, Qt::Vertical);
    TradingPanel* trading = m_main->trading();
    const auto capture = [this, trading] {
        OrderTicket* ticket = m_main->ticket();
        ticket->setSide(Side::Buy);
        ticket->setKind(OrderTicket::Kind::Limit);
        ticket->applyShare(25);
        const bool hasPositions = trading->portfolio() && !trading->portfolio()->positions.empty();
        trading->showTab(trading->openOrders()->rowCount() == 0 && hasPositions
                             ? TradingPanel::Tab::Positions
                             : TradingPanel::Tab::OpenOrders);
        QTimer::singleShot(800, this, [this] {
            if (!save(m_main->ticketDock(), u"ticket"_s) || !save(m_main.get(), u"trading"_s))
                return QCoreApplication::exit(4);
            captureBots();
        });
    };
    // The portfolio loads with the session; a server without trading still gets its picture.
    whenReady([trading] { return trading->portfolio().has_value(); }, capture);
}

void Workstation::captureBots()
{
    // The bots dock in the trading dock's place with a running bot selected and its log, then
    // the create wizard on a grid's settings with the preview of its levels (nothing is sent).
    QDockWidget* dock = m_main->botsDock();
    dock->show();
    dock->raise();
    m_main->resizeDocks({dock}, {320}, Qt::Vertical);
    BotsPanel* bots = m_main->bots();
    const auto capture = [this, bots] {
        // The running bot with the most working orders: the liveliest log.
        const BotsModel* model = bots->model();
        const Bot* chosen = nullptr;
        for (const Bot& bot : model->bots()) {
            if (bot.state == BotState::Running && (!chosen || bot.openOrders > chosen->openOrders))
                chosen = &bot;
        }
        if (chosen)
            bots->selectBot(chosen->id);
        bots->showDetails(BotsPanel::DetailsTab::Log);
        QTimer::singleShot(1500, this, [this, bots] {
            if (!save(m_main.get(), u"bots"_s))
                return QCoreApplication::exit(4);
            BotWizard* wizard = bots->openNewBotWizard();
            wizard->setKind(BotKind::Grid);
            wizard->nameEdit()->setText(tr("BTC grid"));
            wizard->next();
            wizard->next();
            if (wizard->gridQuantity()->text().isEmpty())
                wizard->gridQuantity()->setText(u"0"_s + QLocale().decimalPoint() + u"001"_s);
            wizard->gridLevels()->setValue(8);
            QTimer::singleShot(800, this, [this, wizard] {
                const bool saved = save(wizard, u"bot_wizard"_s);
                wizard->reject();
                if (!saved)
                    return QCoreApplication::exit(4);
                captureJobs();
            });
        });
    };
    // The list loads with the session; a server without bots still gets its picture.
    whenReady([bots] { return bots->isLoaded(); }, capture);
}

void Workstation::captureJobs()
{
    // The jobs dock in the bots dock's place after the strategy of the strategy picture was
    // queued on the compute nodes as a backtest and then as a grid search over the last two days
    // of 1-minute candles (jobs read stored candles, and the collector stores 1-minute ones):
    // the backtest selected with its result once it is in, the search running behind it (its
    // bar showing how far it got). Earlier jobs of the account are listed too.
    QDockWidget* dock = m_main->jobsDock();
    dock->show();
    dock->raise();
    m_main->resizeDocks({dock}, {360}, Qt::Vertical);
    JobsPanel* jobs = m_main->jobs();
    StrategyPanel* strategy = m_main->strategy();
    const QDate today = QDateTime::currentDateTimeUtc().date();
    strategy->setBacktestRange(u"1m"_s, today.addDays(-2), today);
    auto backtest = std::make_shared<qint64>(0);
    connect(strategy, &StrategyPanel::jobSubmitted, this, [backtest](const Job& job) {
        if (job.kind == JobKind::Backtest && *backtest == 0)
            *backtest = job.id;
    });
    const auto capture = [this] {
        QTimer::singleShot(1000, this, [this] {
            if (!save(m_main.get(), u"jobs"_s))
                return QCoreApplication::exit(4);
            captureExchangeKeys();
        });
    };
    const auto finished = [jobs, backtest] {
        const Job* job = jobs->model()->find(*backtest);
        return job && isJobFinished(job->state);
    };
    // The backtest's result (or error) is shown.
    const auto shown = [jobs, backtest] {
        const Job* job = jobs->model()->find(*backtest);
        return job && jobs->selectedJob() == job->id
               && (!jobs->resultView()->rows().empty()
                   || (job->state != JobState::Succeeded && !jobs->resultView()->note().isEmpty()));
    };
    strategy->submitServerBacktest();
    QTimer::singleShot(1500, this, [this, strategy, jobs, backtest, finished, shown, capture] {
        strategy->submitServerOptimization();
        whenReady(finished, [this, jobs, backtest, shown, capture] {
            jobs->selectJob(*backtest);
            whenReady(shown, capture);
        });
    });
}

void Workstation::captureExchangeKeys()
{
    // Account → Exchange keys… with the key of BCF_SCREENSHOT_API_KEY and
    // BCF_SCREENSHOT_SECRET_KEY (the simulator's demo key in the local stack) added through the
    // dialog's own form; a key the server has already (an earlier run) is shown as it is.
    const QString apiKey = qEnvironmentVariable("BCF_SCREENSHOT_API_KEY");
    const QString secretKey = qEnvironmentVariable("BCF_SCREENSHOT_SECRET_KEY");
    if (apiKey.isEmpty() || secretKey.isEmpty())
        return captureLive();
    ExchangeKeysDialog* dialog = m_main->openExchangeKeys();
    const auto capture = [this, dialog] {
        QTimer::singleShot(1000, this, [this, dialog] {
            dialog->table()->selectRow(0); // the key, with Delete… enabled
            const bool saved = save(dialog, u"exchange_keys"_s);
            dialog->reject(); // forgets what was typed
            if (!saved)
                return QCoreApplication::exit(4);
            captureLive();
        });
    };
    QTimer::singleShot(1500, this, [this, dialog, apiKey, secretKey, capture] {
        // The fields are enabled once the keys are listed and live trading is possible.
        if (!dialog->apiKeyEdit()->isEnabled() || dialog->table()->rowCount() > 0)
            return capture();
        dialog->labelEdit()->setText(u"Demo"_s);
        dialog->apiKeyEdit()->setText(apiKey);
        dialog->secretKeyEdit()->setText(secretKey);
        dialog->addKey();
        // Added (then listed again) or refused: either way the line under the form says so.
        whenReady([dialog] { return !dialog->message().isEmpty(); }, capture);
    });
}

void Workstation::captureLive()
{
    // With a working Binance key: the ticket with the same limit buy on "Binance (live)", the
    // trading dock on Binance's balances, and the ticket's live confirmation, shown and closed
    // (submit() is never called: nothing is sent).
    if (!m_session.venues().contains(u"binance"_s)) {
        std::fputs("botcriptofy: no Binance key; the live venue was not captured\n", stderr);
        return QCoreApplication::exit(0);
    }
    QDockWidget* dock = m_main->tradingDock();
    dock->show();
    dock->raise();
    m_main->resizeDocks({dock}, {300}, Qt::Vertical);
    TradingPanel* trading = m_main->trading();
    const auto capture = [this, trading] {
        OrderTicket* ticket = m_main->ticket();
        ticket->setVenue(u"binance"_s);
        ticket->setSide(Side::Buy);
        ticket->setKind(OrderTicket::Kind::Limit);
        ticket->applyShare(25);
        trading->setVenue(u"binance"_s);
        trading->showTab(TradingPanel::Tab::Balances);
        QTimer::singleShot(800, this, [this, ticket] {
            if (!save(m_main->ticketDock(), u"ticket_live"_s)
                || !save(m_main.get(), u"trading_live"_s))
                return QCoreApplication::exit(4);
            QMessageBox* confirm = ticket->confirmation().release(); // a live order: asked
            if (!confirm)
                return QCoreApplication::exit(0);
            confirm->setAttribute(Qt::WA_DeleteOnClose);
            confirm->show();
            QTimer::singleShot(800, this, [this, confirm] {
                const bool saved = save(confirm, u"ticket_live_confirm"_s);
                confirm->close();
                QCoreApplication::exit(saved ? 0 : 4);
            });
        });
    };
    whenReady([trading] { return trading->portfolios().contains(u"binance"_s); }, capture);
}

void Workstation::whenReady(const std::function<bool()>& ready, const std::function<void()>& then)
{
    // Asks every 200 ms; after 10 s it goes on anyway.
    auto* waiting = new QTimer(this);
    waiting->setInterval(200);
    auto tries = std::make_shared<int>(0);
    connect(waiting, &QTimer::timeout, this, [waiting, tries, ready, then] {
        if (!ready() && ++*tries < 50)
            return;
        waiting->deleteLater();
        waiting->stop();
        then();
    });
    waiting->start();
}

bool Workstation::save(QWidget* widget, const QString& name)
{
    QDir().mkpath(m_options.screenshotDirectory);
    const QString path = QDir(m_options.screenshotDirectory)
                             .filePath(name + u'_' + m_language.current() + u".png"_s);
    const bool saved = widget->grab().save(path, "PNG");
    std::fprintf(stderr, "botcriptofy: %s %s\n", saved ? "saved" : "could not write",
                 qPrintable(path));
    return saved;
}

} // namespace bcf::app
