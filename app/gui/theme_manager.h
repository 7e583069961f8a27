#pragma once

#include "core/setting_value.h"

#include <QColor>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

namespace bcf::app {

class Preferences;

// The colour theme (setting "ui/theme": "dark", the default, or "light"). apply() sets the
// Fusion style, a QPalette and the style sheet built from resources/themes/base.qss with the
// theme's colours (resources/themes/<theme>.colors), on the whole application, so a switch is
// live. GUI thread only.
class ThemeManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThemeManager)

public:
    explicit ThemeManager(Preferences& preferences, QObject* parent = nullptr);

    static QStringList available();
    static bool isSupported(const QString& theme);
    // "Dark" / "Light", translated.
    static QString displayName(const QString& theme);

    QString current() const { return m_current; }
    // Stores the theme and applies it; unknown names are refused (returns false).
    bool setTheme(const QString& theme);
    // Applies the stored theme (call once at start, after QApplication exists).
    void apply();

    // A named colour of the active theme ("success", "danger", "muted", …).
    QColor color(const QString& name) const;

signals:
    void themeChanged(const QString& theme);

private:
    void install(const QString& theme);

    SettingValue<QString> m_setting;
    QString m_current;
    QHash<QString, QColor> m_colors;
};

} // namespace bcf::app
