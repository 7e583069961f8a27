#include "core/keychain_token_vault.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPointer>
#include <QProcessEnvironment>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

Q_LOGGING_CATEGORY(logKeychain, "bcf.app.keychain")

QString describe(const QKeychain::Job& job)
{
    switch (job.error()) {
    case QKeychain::NoBackendAvailable:
        return QCoreApplication::translate(
            "bcf::app::KeychainTokenVault", "No keychain service is available on this system (%1).")
            .arg(job.errorString());
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return QCoreApplication::translate(
            "bcf::app::KeychainTokenVault", "Access to the keychain was denied (%1).")
            .arg(job.errorString());
    default:
        return QCoreApplication::translate(
            "bcf::app::KeychainTokenVault", "The keychain reported an error: %1")
            .arg(job.errorString());
    }
}

bool isBackendMissing(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented;
}

} // namespace

KeychainTokenVault::KeychainTokenVault(QObject* parent)
    : TokenVault(parent)
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    // Secret Service and KWallet are both reached over the D-Bus session bus; without one the
    // backends cannot work, and saying so at once is kinder than a late failure.
    if (QProcessEnvironment::systemEnvironment().value(u"DBUS_SESSION_BUS_ADDRESS"_s).isEmpty()) {
        markUnavailable(tr("No keychain service is available: this session has no D-Bus "
                           "session bus, so Secret Service and KWallet cannot be reached."));
        return;
    }
#endif
    probe();
}

KeychainTokenVault::~KeychainTokenVault() = default;

void KeychainTokenVault::probe()
{
    auto* job = new QKeychain::ReadPasswordJob(QString::fromLatin1(serviceName), this);
    job->setKey(u"probe/never-written"_s);
    connect(job, &QKeychain::Job::finished, this, [this](QKeychain::Job* finished) {
        if (isBackendMissing(finished->error()))
            markUnavailable(describe(*finished));
    });
    job->start();
}

void KeychainTokenVault::markUnavailable(const QString& reason)
{
    if (!m_available)
        return;
    qCWarning(logKeychain).noquote() << "keychain unavailable:" << reason;
    m_available = false;
    m_unavailableReason = reason;
    emit availabilityChanged(false, reason);
}

void KeychainTokenVault::store(
    const QString& key, const QString& token, QObject* context, Done done)
{
    if (!m_available) {
        QMetaObject::invokeMethod(
            context, [done, reason = m_unavailableReason] { done(std::unexpected(reason)); },
            Qt::QueuedConnection);
        return;
    }
    auto* job = new QKeychain::WritePasswordJob(QString::fromLatin1(serviceName), this);
    job->setKey(key);
    job->setTextData(token);
    connect(job, &QKeychain::Job::finished, context,
        [this, done = std::move(done)](QKeychain::Job* finished) {
            if (finished->error() == QKeychain::NoError)
                return done({});
            qCWarning(logKeychain).noquote()
                << "storing a token failed:" << finished->errorString();
            const QString reason = describe(*finished);
            if (isBackendMissing(finished->error()))
                markUnavailable(reason);
            done(std::unexpected(reason));
        });
    job->start();
}

void KeychainTokenVault::load(const QString& key, QObject* context, Loaded loaded)
{
    if (!m_available) {
        QMetaObject::invokeMethod(
            context, [loaded] { loaded(std::optional<QString>()); },
            Qt::QueuedConnection);
        return;
    }
    auto* job = new QKeychain::ReadPasswordJob(QString::fromLatin1(serviceName), this);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, context,
        [this, loaded = std::move(loaded)](QKeychain::Job* finished) {
            auto* read = static_cast<QKeychain::ReadPasswordJob*>(finished);
            if (read->error() == QKeychain::NoError)
                return loaded(std::optional<QString>(read->textData()));
            if (read->error() == QKeychain::EntryNotFound)
                return loaded(std::optional<QString>());
            if (isBackendMissing(read->error())) {
                // Without a keychain nothing can have been remembered.
                markUnavailable(describe(*read));
                return loaded(std::optional<QString>());
            }
            qCWarning(logKeychain).noquote() << "reading a token failed:" << read->errorString();
            loaded(std::unexpected(describe(*read)));
        });
    job->start();
}

void KeychainTokenVault::remove(const QString& key, QObject* context, Done done)
{
    if (!m_available) {
        // Nothing can have been stored without a backend, so there is nothing to remove.
        QMetaObject::invokeMethod(
            context, [done] { done({}); }, Qt::QueuedConnection);
        return;
    }
    auto* job = new QKeychain::DeletePasswordJob(QString::fromLatin1(serviceName), this);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, context,
        [done = std::move(done)](QKeychain::Job* finished) {
            if (finished->error() == QKeychain::NoError
                || finished->error() == QKeychain::EntryNotFound) {
                return done({});
            }
            qCWarning(logKeychain).noquote()
                << "removing a token failed:" << finished->errorString();
            done(std::unexpected(describe(*finished)));
        });
    job->start();
}

} // namespace bcf::app
