#include "core/connection_profile_store.h"

#include "core/preferences.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {
const QString arrayKey = u"connections/profiles"_s;
} // namespace

ConnectionProfileStore::ConnectionProfileStore(Preferences& preferences, QObject* parent)
    : QObject(parent)
    , m_preferences(preferences)
    , m_selectedSetting(preferences, u"connections/selected"_s, QString())
{
    load();
}

std::optional<ConnectionProfile> ConnectionProfileStore::find(const QString& name) const
{
    for (const auto& profile : m_profiles) {
        if (profile.name == name)
            return profile;
    }
    return std::nullopt;
}

ConnectionProfile ConnectionProfileStore::selected() const
{
    return find(m_selectedName).value_or(m_profiles.front());
}

void ConnectionProfileStore::setProfiles(const QList<ConnectionProfile>& profiles,
                                         const QString& selectedName)
{
    const ConnectionProfile before = selected();
    QList<ConnectionProfile> cleaned;
    QSet<QString> names;
    for (auto profile : profiles) {
        profile.name = profile.name.trimmed();
        profile.host = profile.host.trimmed();
        if (profile.name.isEmpty() || names.contains(profile.name))
            continue;
        names.insert(profile.name);
        cleaned.append(profile);
    }
    if (cleaned.isEmpty())
        cleaned.append(defaultProfile());
    m_profiles = cleaned;
    m_selectedName = names.contains(selectedName) ? selectedName : m_profiles.front().name;
    save();
    emit profilesChanged();
    if (!(selected() == before))
        emit selectedProfileChanged(selected());
}

void ConnectionProfileStore::upsert(const ConnectionProfile& profile)
{
    QList<ConnectionProfile> next = m_profiles;
    bool replaced = false;
    for (auto& existing : next) {
        if (existing.name == profile.name) {
            existing = profile;
            replaced = true;
        }
    }
    if (!replaced)
        next.append(profile);
    setProfiles(next, m_selectedName);
}

bool ConnectionProfileStore::select(const QString& name)
{
    if (!find(name))
        return false;
    if (name != m_selectedName)
        setProfiles(m_profiles, name);
    return true;
}

void ConnectionProfileStore::load()
{
    QSettings& settings = m_preferences.storage();
    const int count = settings.beginReadArray(arrayKey);
    QList<ConnectionProfile> loaded;
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        loaded.append(ConnectionProfile{
            .name = settings.value(u"name"_s).toString(),
            .host = settings.value(u"host"_s).toString(),
            .port = settings.value(u"port"_s, defaultPort).toInt(),
            .caCertificatePath = settings.value(u"caCertificate"_s).toString(),
        });
    }
    settings.endArray();

    QSet<QString> names;
    for (const auto& profile : loaded) {
        if (profile.name.trimmed().isEmpty() || names.contains(profile.name))
            continue;
        names.insert(profile.name);
        m_profiles.append(profile);
    }
    if (m_profiles.isEmpty())
        m_profiles.append(defaultProfile());
    const QString wanted = m_selectedSetting.get();
    m_selectedName = find(wanted) ? wanted : m_profiles.front().name;
}

void ConnectionProfileStore::save()
{
    QSettings& settings = m_preferences.storage();
    settings.remove(arrayKey);
    settings.beginWriteArray(arrayKey, int(m_profiles.size()));
    for (int i = 0; i < m_profiles.size(); ++i) {
        const auto& profile = m_profiles.at(i);
        settings.setArrayIndex(i);
        settings.setValue(u"name"_s, profile.name);
        settings.setValue(u"host"_s, profile.host);
        settings.setValue(u"port"_s, profile.port);
        settings.setValue(u"caCertificate"_s, profile.caCertificatePath);
    }
    settings.endArray();
    m_preferences.notifyChanged(arrayKey);
    m_selectedSetting.set(m_selectedName);
}

ConnectionProfile ConnectionProfileStore::defaultProfile()
{
    return ConnectionProfile{
        .name = u"Local"_s, .host = u"127.0.0.1"_s, .port = defaultPort, .caCertificatePath = {}};
}

} // namespace bcf::app
