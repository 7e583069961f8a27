#pragma once

#include "core/connection_profile.h"
#include "core/setting_value.h"

#include <QList>
#include <QObject>

#include <optional>

namespace bcf::app {

class Preferences;

// The user's connection profiles, kept in Preferences under "connections/". There is always at
// least one profile ("Local", 127.0.0.1:50051) and exactly one selected. GUI thread only.
class ConnectionProfileStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionProfileStore)

public:
    static constexpr int defaultPort = 50051;

    explicit ConnectionProfileStore(Preferences& preferences, QObject* parent = nullptr);

    QList<ConnectionProfile> profiles() const { return m_profiles; }
    std::optional<ConnectionProfile> find(const QString& name) const;
    ConnectionProfile selected() const;
    QString selectedName() const { return m_selectedName; }

    // Replaces every profile at once (the settings dialog's OK). Profiles without a name or with
    // a duplicate name are dropped; if `selectedName` is not among them the first one is
    // selected.
    void setProfiles(const QList<ConnectionProfile>& profiles, const QString& selectedName);
    // Adds the profile or replaces the one with the same name.
    void upsert(const ConnectionProfile& profile);
    // Returns false when no profile has that name.
    bool select(const QString& name);

signals:
    void profilesChanged();
    void selectedProfileChanged(const bcf::app::ConnectionProfile& profile);

private:
    void load();
    void save();
    static ConnectionProfile defaultProfile();

    Preferences& m_preferences;
    SettingValue<QString> m_selectedSetting;
    QList<ConnectionProfile> m_profiles;
    QString m_selectedName;
};

} // namespace bcf::app
