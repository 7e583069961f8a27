#include "core/connection_profile.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace bcf::app {

QString ConnectionProfile::endpoint() const
{
    const QString shownHost = host.contains(u':') ? u'[' + host + u']' : host;
    return shownHost + u':' + QString::number(port);
}

QString ConnectionProfile::problem() const
{
    if (name.trimmed().isEmpty())
        return QCoreApplication::translate(
            "bcf::app::ConnectionProfile", "The connection profile has no name.");
    if (host.trimmed().isEmpty())
        return QCoreApplication::translate(
            "bcf::app::ConnectionProfile", "The connection profile \"%1\" has no host.")
            .arg(name);
    if (port < 1 || port > 65535)
        return QCoreApplication::translate(
            "bcf::app::ConnectionProfile", "The port of \"%1\" must be between 1 and 65535.")
            .arg(name);
    if (caCertificatePath.trimmed().isEmpty())
        return QCoreApplication::translate("bcf::app::ConnectionProfile",
            "The connection profile \"%1\" has no CA certificate. Choose one in "
            "Settings → Connections.")
            .arg(name);
    const QFileInfo ca(caCertificatePath);
    if (!ca.isFile() || !ca.isReadable())
        return QCoreApplication::translate(
            "bcf::app::ConnectionProfile", "The CA certificate \"%1\" cannot be read.")
            .arg(caCertificatePath);
    return {};
}

} // namespace bcf::app
