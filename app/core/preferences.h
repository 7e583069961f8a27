#pragma once

#include <QObject>
#include <QSettings>
#include <QString>
#include <QVariant>

#include <memory>

namespace bcf::app {

// The workstation's settings store: one QSettings (organisation "BotCriptoFy2", application
// "botcriptofy") behind typed SettingValue<T> wrappers that each component owns. Every write
// that changes a value emits changed(key). GUI thread only. Secrets never go here; they go to
// the OS keychain (see KeychainTokenVault).
class Preferences final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Preferences)

public:
    static constexpr auto organisationName = "BotCriptoFy2";
    static constexpr auto applicationName = "botcriptofy";

    // Uses the user's native settings location.
    explicit Preferences(QObject* parent = nullptr);
    // Uses the given storage (tests pass an INI file in a temporary directory).
    explicit Preferences(std::unique_ptr<QSettings> storage, QObject* parent = nullptr);
    ~Preferences() override;

    QVariant value(const QString& key, const QVariant& fallback = {}) const;
    // Stores the value; emits changed(key) only when it differs from the stored one.
    void setValue(const QString& key, const QVariant& value);
    void remove(const QString& key);

    // For structured data (arrays); call notifyChanged(key) after writing through it.
    QSettings& storage();
    void notifyChanged(const QString& key);
    // Writes pending changes to disk.
    void sync();

signals:
    void changed(const QString& key);

private:
    std::unique_ptr<QSettings> m_storage;
};

} // namespace bcf::app
