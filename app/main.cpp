// botcriptofy: the BotCriptoFy2 trading workstation. This file only wires the concrete pieces
// together: settings, keychain, session, theme, language and the window flow.
#include "core/connection_profile_store.h"
#include "core/keychain_token_vault.h"
#include "core/language_manager.h"
#include "core/preferences.h"
#include "core/session_controller.h"
#include "bcf/app/build_info.h"
#include "gui/app_icon.h"
#include "gui/theme_manager.h"
#include "gui/workstation.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QProcessEnvironment>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace bcf::app;

namespace {

int fail(const QString& message)
{
    std::fprintf(stderr, "botcriptofy: %s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication application(argc, argv);
    QApplication::setOrganizationName(QString::fromLatin1(Preferences::organisationName));
    QApplication::setApplicationName(QString::fromLatin1(Preferences::applicationName));
    QApplication::setApplicationDisplayName(u"BotCriptoFy2"_s);
    QApplication::setApplicationVersion(QString::fromLatin1(bcf::app::build::version));
    QApplication::setWindowIcon(appIcon());
    // Windows come and go (login dialog, main window); the Workstation decides when to quit.
    QApplication::setQuitOnLastWindowClosed(false);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"BotCriptoFy2 trading workstation"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profileOption(u"profile"_s, u"Use the connection profile NAME."_s,
                                           u"NAME"_s);
    const QCommandLineOption hostOption(u"host"_s,
                                        u"Server host; with --port and --ca it creates or "
                                        "updates the profile \"Local\"."_s,
                                        u"HOST"_s);
    const QCommandLineOption portOption(u"port"_s, u"Server port."_s, u"PORT"_s);
    const QCommandLineOption caOption(u"ca"_s, u"CA certificate (PEM) of the server."_s,
                                      u"FILE"_s);
    const QCommandLineOption usernameOption(u"username"_s,
                                            u"Pre-fill the username. The password is "
                                            "pre-filled from the BCF_PASSWORD environment "
                                            "variable when it is set."_s,
                                            u"USER"_s);
    const QCommandLineOption languageOption(u"language"_s, u"Interface language: en or pt_BR."_s,
                                            u"LANG"_s);
    const QCommandLineOption themeOption(u"theme"_s, u"Colour theme: dark or light."_s,
                                         u"THEME"_s);
    const QCommandLineOption screenshotOption(
        u"screenshot-dir"_s,
        u"Save login_<lang>.png and, after a real login with --username and BCF_PASSWORD, "
        "main_<lang>.png into DIR, then quit."_s,
        u"DIR"_s);
    parser.addOptions({profileOption, hostOption, portOption, caOption, usernameOption,
                       languageOption, themeOption, screenshotOption});
    parser.process(application);

    Preferences preferences;
    ConnectionProfileStore profiles(preferences);
    LanguageManager language(preferences);
    ThemeManager theme(preferences);

    if (parser.isSet(languageOption) && !language.setLanguage(parser.value(languageOption)))
        return fail(
            u"unknown language \"%1\" (use en or pt_BR)"_s.arg(parser.value(languageOption)));
    if (parser.isSet(themeOption) && !theme.setTheme(parser.value(themeOption)))
        return fail(u"unknown theme \"%1\" (use dark or light)"_s.arg(parser.value(themeOption)));
    language.apply();
    theme.apply();

    const bool anyEndpoint =
        parser.isSet(hostOption) || parser.isSet(portOption) || parser.isSet(caOption);
    if (anyEndpoint) {
        ConnectionProfile local = profiles.find(u"Local"_s).value_or(ConnectionProfile{
            .name = u"Local"_s,
            .host = u"127.0.0.1"_s,
            .port = ConnectionProfileStore::defaultPort,
            .caCertificatePath = {}});
        if (parser.isSet(hostOption))
            local.host = parser.value(hostOption);
        if (parser.isSet(portOption)) {
            bool ok = false;
            local.port = parser.value(portOption).toInt(&ok);
            if (!ok || local.port < 1 || local.port > 65535)
                return fail(u"--port must be a number from 1 to 65535"_s);
        }
        if (parser.isSet(caOption))
            local.caCertificatePath = QFileInfo(parser.value(caOption)).absoluteFilePath();
        profiles.upsert(local);
        profiles.select(local.name);
    }
    if (parser.isSet(profileOption) && !profiles.select(parser.value(profileOption)))
        return fail(u"no connection profile named \"%1\""_s.arg(parser.value(profileOption)));

    KeychainTokenVault vault;
    SessionController session(profiles.selected(), &vault);

    Workstation::Options options;
    options.username = parser.value(usernameOption);
    options.password = QProcessEnvironment::systemEnvironment().value(u"BCF_PASSWORD"_s);
    options.screenshotDirectory = parser.value(screenshotOption);
    Workstation workstation(session, profiles, preferences, language, theme, options);
    workstation.start();
    return QApplication::exec();
}
