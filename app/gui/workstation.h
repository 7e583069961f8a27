#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

namespace bcf::app {

class ConnectionProfileStore;
class LanguageManager;
class LoginDialog;
class MainWindow;
class Preferences;
class SessionController;
class ThemeManager;
struct ServerInfo;

// The workstation's flow between its windows: login dialog (or a silent resume of a remembered
// session), main window after login, back to the login dialog on logout or when the server
// ends the session, settings from either. Rejecting the login dialog quits.
//
// Screenshot mode (options.screenshotDirectory set) saves login_<lang>.png once the dialog is
// shown; with a username and password it then logs in for real, waits for the first server
// answer and for the chart's first candles (or its message), saves main_<lang>.png, then
// strategy_<lang>.png and backtest_<lang>.png (the strategy dock), ticket_<lang>.png (the order
// ticket dock), trading_<lang>.png (the trading dock), bots_<lang>.png (the bots dock, a running
// bot selected) and bot_wizard_<lang>.png (the create wizard on a grid's settings). With
// BCF_SCREENSHOT_API_KEY and BCF_SCREENSHOT_SECRET_KEY set (read in this mode only) it adds that
// key in the Exchange keys dialog and saves exchange_keys_<lang>.png (a key already there is
// shown as it is); when the user has a Binance key it then saves ticket_live_<lang>.png (the
// ticket on "Binance (live)"), trading_live_<lang>.png (the trading dock on Binance's balances)
// and ticket_live_confirm_<lang>.png (the live order's confirmation, shown and closed: no
// order is ever sent), and quits. Exit codes: 0 done, 2 login failed, 3 timed out, 4 an image
// could not be written.
class Workstation final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Workstation)

public:
    struct Options {
        QString username;
        QString password; // pre-filled (BCF_PASSWORD), never stored
        QString screenshotDirectory;
    };

    Workstation(SessionController& session, ConnectionProfileStore& profiles,
                Preferences& preferences, LanguageManager& language, ThemeManager& theme,
                Options options, QObject* parent = nullptr);
    ~Workstation() override;

    void start();

private:
    void showLogin(const QString& message);
    void showMainWindow();
    void openSettings(QWidget* parent, bool connectionsFirst);
    void followProfile();
    void startScreenshots();
    void captureMainWhenReady();
    void captureMain();
    void captureStrategy();
    void captureTrading();
    void captureBots();
    void captureJobs();
    void captureExchangeKeys();
    void captureLive();
    // Calls `then` once `ready` says so, or after 10 s.
    void whenReady(const std::function<bool()>& ready, const std::function<void()>& then);
    bool save(QWidget* widget, const QString& name);

    SessionController& m_session;
    ConnectionProfileStore& m_profiles;
    Preferences& m_preferences;
    LanguageManager& m_language;
    ThemeManager& m_theme;
    Options m_options;
    std::unique_ptr<LoginDialog> m_login;
    std::unique_ptr<MainWindow> m_main;
    bool m_prefilled = false;
    bool m_mainCaptured = false;
    bool m_serverAnswered = false;
};

} // namespace bcf::app
