#include "core/language_manager.h"

#include "core/preferences.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {
Q_LOGGING_CATEGORY(logLanguage, "bcf.app.language")
} // namespace

LanguageManager::LanguageManager(Preferences& preferences, QObject* parent)
    : QObject(parent)
    , m_setting(preferences, u"ui/language"_s, u"en"_s)
{
}

LanguageManager::~LanguageManager()
{
    if (m_appTranslator)
        QCoreApplication::removeTranslator(m_appTranslator.get());
    if (m_qtTranslator)
        QCoreApplication::removeTranslator(m_qtTranslator.get());
}

QList<LanguageManager::Language> LanguageManager::available()
{
    return {{u"en"_s, u"English"_s}, {u"pt_BR"_s, u"Português (Brasil)"_s}};
}

bool LanguageManager::isSupported(const QString& code)
{
    for (const auto& language : available()) {
        if (language.code == code)
            return true;
    }
    return false;
}

bool LanguageManager::setLanguage(const QString& code)
{
    if (!isSupported(code))
        return false;
    m_setting.set(code);
    if (code != m_current)
        install(code);
    return true;
}

void LanguageManager::apply()
{
    const QString stored = m_setting.get();
    install(isSupported(stored) ? stored : m_setting.defaultValue());
}

void LanguageManager::install(const QString& code)
{
    if (m_appTranslator)
        QCoreApplication::removeTranslator(m_appTranslator.get());
    if (m_qtTranslator)
        QCoreApplication::removeTranslator(m_qtTranslator.get());
    m_appTranslator.reset();
    m_qtTranslator.reset();

    if (code != u"en"_s) {
        auto app = std::make_unique<QTranslator>();
        if (app->load(u":/i18n/botcriptofy_"_s + code + u".qm"_s)) {
            QCoreApplication::installTranslator(app.get());
            m_appTranslator = std::move(app);
        } else {
            qCWarning(logLanguage) << "no application translation for" << code;
        }
        auto qt = std::make_unique<QTranslator>();
        if (qt->load(u"qtbase_"_s + code,
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qt.get());
            m_qtTranslator = std::move(qt);
        }
    }
    m_current = code;
    QLocale::setDefault(QLocale(code));
    emit languageChanged(code);
}

} // namespace bcf::app
