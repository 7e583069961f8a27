#pragma once

#include "core/setting_value.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QTranslator>

#include <memory>

namespace bcf::app {

class Preferences;

// The user interface language (setting "ui/language": "en" or "pt_BR"). apply() installs the
// application's translation (":/i18n/botcriptofy_<lang>.qm", compiled by lrelease at build
// time) and Qt's own (qtbase_<lang>.qm from QLibraryInfo::TranslationsPath, when installed).
// Installing or removing a translator sends QEvent::LanguageChange to every widget, so the
// switch is live. GUI thread only.
class LanguageManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LanguageManager)

public:
    struct Language {
        QString code;
        QString nativeName; // shown untranslated: people look for their own language's name
    };

    explicit LanguageManager(Preferences& preferences, QObject* parent = nullptr);
    ~LanguageManager() override;

    static QList<Language> available();
    static bool isSupported(const QString& code);

    QString current() const { return m_current; }
    // Stores the language and applies it; unknown codes are refused (returns false).
    bool setLanguage(const QString& code);
    // Applies the stored language (call once at start, after QApplication exists).
    void apply();

signals:
    void languageChanged(const QString& code);

private:
    void install(const QString& code);

    SettingValue<QString> m_setting;
    QString m_current;
    std::unique_ptr<QTranslator> m_appTranslator;
    std::unique_ptr<QTranslator> m_qtTranslator;
};

} // namespace bcf::app
