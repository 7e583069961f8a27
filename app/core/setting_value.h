#pragma once

#include "core/preferences.h"

#include <QString>
#include <QVariant>

#include <utility>

namespace bcf::app {

// One typed setting, owned by the component that uses it (qBittorrent's SettingValue<T>).
// Reads fall back to the default when the key is missing or does not convert to T.
template <typename T>
class SettingValue final
{
public:
    SettingValue(Preferences& preferences, QString key, T defaultValue)
        : m_preferences(&preferences)
        , m_key(std::move(key))
        , m_default(std::move(defaultValue))
    {
    }

    T get() const
    {
        const QVariant stored = m_preferences->value(m_key);
        if (!stored.isValid() || !stored.canConvert<T>())
            return m_default;
        return stored.value<T>();
    }

    void set(const T& value) { m_preferences->setValue(m_key, QVariant::fromValue(value)); }

    const QString& key() const { return m_key; }
    const T& defaultValue() const { return m_default; }

private:
    Preferences* m_preferences;
    QString m_key;
    T m_default;
};

} // namespace bcf::app
