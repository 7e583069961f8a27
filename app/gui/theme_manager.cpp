#include "gui/theme_manager.h"

#include "core/preferences.h"

#include <QApplication>
#include <QFile>
#include <QPalette>
#include <QRegularExpression>
#include <QStyleFactory>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

QString readResource(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        qFatal("missing theme resource %s", qPrintable(path));
    return QString::fromUtf8(file.readAll());
}

QHash<QString, QColor> readColors(const QString& theme)
{
    QHash<QString, QColor> colors;
    const QStringList lines = readResource(u":/themes/"_s + theme + u".colors"_s).split(u'\n');
    for (const QString& raw : lines) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const qsizetype equals = line.indexOf(u'=');
        if (equals < 0)
            continue;
        colors.insert(line.left(equals).trimmed(), QColor(line.mid(equals + 1).trimmed()));
    }
    return colors;
}

} // namespace

ThemeManager::ThemeManager(Preferences& preferences, QObject* parent)
    : QObject(parent)
    , m_setting(preferences, u"ui/theme"_s, u"dark"_s)
{
}

QStringList ThemeManager::available()
{
    return {u"dark"_s, u"light"_s};
}

bool ThemeManager::isSupported(const QString& theme)
{
    return available().contains(theme);
}

QString ThemeManager::displayName(const QString& theme)
{
    if (theme == u"light"_s)
        return tr("Light");
    return tr("Dark");
}

bool ThemeManager::setTheme(const QString& theme)
{
    if (!isSupported(theme))
        return false;
    m_setting.set(theme);
    if (theme != m_current)
        install(theme);
    return true;
}

void ThemeManager::apply()
{
    const QString stored = m_setting.get();
    install(isSupported(stored) ? stored : m_setting.defaultValue());
}

QColor ThemeManager::color(const QString& name) const
{
    return m_colors.value(name, QColor(Qt::gray));
}

void ThemeManager::install(const QString& theme)
{
    m_colors = readColors(theme);
    m_current = theme;

    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));

    const auto c = [this](const char* name) { return color(QString::fromLatin1(name)); };
    QPalette palette;
    palette.setColor(QPalette::Window, c("window"));
    palette.setColor(QPalette::WindowText, c("text"));
    palette.setColor(QPalette::Base, c("input"));
    palette.setColor(QPalette::AlternateBase, c("panel"));
    palette.setColor(QPalette::Text, c("text"));
    palette.setColor(QPalette::PlaceholderText, c("muted"));
    palette.setColor(QPalette::Button, c("button"));
    palette.setColor(QPalette::ButtonText, c("text"));
    palette.setColor(QPalette::BrightText, c("danger"));
    palette.setColor(QPalette::Highlight, c("accent"));
    palette.setColor(QPalette::HighlightedText, c("accentText"));
    palette.setColor(QPalette::ToolTipBase, c("panel"));
    palette.setColor(QPalette::ToolTipText, c("text"));
    palette.setColor(QPalette::Link, c("accent"));
    palette.setColor(QPalette::LinkVisited, c("accent"));
    palette.setColor(QPalette::Light, c("hover"));
    palette.setColor(QPalette::Midlight, c("hover"));
    palette.setColor(QPalette::Mid, c("border"));
    palette.setColor(QPalette::Dark, c("window"));
    palette.setColor(QPalette::Shadow, c("window"));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        palette.setColor(QPalette::Disabled, role, c("muted"));
    }
    QApplication::setPalette(palette);

    QString sheet = readResource(u":/themes/base.qss"_s);
    // Longest names first, so "@accentHover" is not taken for "@accent" followed by "Hover".
    QStringList names = m_colors.keys();
    std::sort(names.begin(), names.end(),
              [](const QString& a, const QString& b) { return a.size() > b.size(); });
    for (const QString& name : names)
        sheet.replace(u'@' + name, m_colors.value(name).name());
    qApp->setStyleSheet(sheet);

    emit themeChanged(theme);
}

} // namespace bcf::app
