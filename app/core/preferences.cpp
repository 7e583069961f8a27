#include "core/preferences.h"

namespace bcf::app {

Preferences::Preferences(QObject* parent)
    : Preferences(std::make_unique<QSettings>(QString::fromLatin1(organisationName),
                                              QString::fromLatin1(applicationName)),
                  parent)
{
}

Preferences::Preferences(std::unique_ptr<QSettings> storage, QObject* parent)
    : QObject(parent)
    , m_storage(std::move(storage))
{
    Q_ASSERT(m_storage);
}

Preferences::~Preferences()
{
    m_storage->sync();
}

QVariant Preferences::value(const QString& key, const QVariant& fallback) const
{
    return m_storage->value(key, fallback);
}

void Preferences::setValue(const QString& key, const QVariant& value)
{
    if (m_storage->contains(key) && m_storage->value(key) == value)
        return;
    m_storage->setValue(key, value);
    emit changed(key);
}

void Preferences::remove(const QString& key)
{
    if (!m_storage->contains(key))
        return;
    m_storage->remove(key);
    emit changed(key);
}

QSettings& Preferences::storage()
{
    return *m_storage;
}

void Preferences::notifyChanged(const QString& key)
{
    emit changed(key);
}

void Preferences::sync()
{
    m_storage->sync();
}

} // namespace bcf::app
