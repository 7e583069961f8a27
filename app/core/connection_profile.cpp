#include "core/connection_profile.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

bool isHostName(const QString& host)
{
    static const QRegularExpression label(
        u"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"_s);
    // A trailing dot (fully qualified name) is allowed.
    const QString name = host.endsWith(u'.') ? host.chopped(1) : host;
    if (name.isEmpty() || name.size() > 253)
        return false;
    const QStringList labels = name.split(u'.');
    return std::all_of(labels.cbegin(), labels.cend(),
                       [](const QString& part) { return label.match(part).hasMatch(); });
}

bool isIpv6Literal(const QString& host)
{
    QHostAddress address;
    return address.setAddress(host) && address.protocol() == QAbstractSocket::IPv6Protocol;
}

} // namespace

QString ConnectionProfile::endpoint() const
{
    const QString shownHost = isIpv6Literal(host) ? u'[' + host + u']' : host;
    return shownHost + u':' + QString::number(port);
}

QString ConnectionProfile::hostProblem(const QString& host, const QString& profileName)
{
    if (host.isEmpty()) {
        return QCoreApplication::translate("bcf::app::ConnectionProfile",
                                           "The connection profile \"%1\" has no host.")
            .arg(profileName);
    }
    if (host.contains(u"://"_s)) {
        return QCoreApplication::translate(
                   "bcf::app::ConnectionProfile",
                   "The host of \"%1\" must not include a scheme such as https://. Enter only "
                   "the host name or IP address.")
            .arg(profileName);
    }
    if (std::any_of(host.cbegin(), host.cend(), [](QChar c) { return c.isSpace(); })) {
        return QCoreApplication::translate("bcf::app::ConnectionProfile",
                                           "The host of \"%1\" must not contain spaces.")
            .arg(profileName);
    }
    if (QHostAddress().setAddress(host))
        return {};
    // "name:443", "10.0.0.1:443", "[::1]:443"
    static const QRegularExpression withPort(u"^(\\[[^\\]]*\\]|[^:]*):\\d*$"_s);
    if (withPort.match(host).hasMatch()) {
        return QCoreApplication::translate(
                   "bcf::app::ConnectionProfile",
                   "The host of \"%1\" must not include a port. Enter the port in its own field.")
            .arg(profileName);
    }
    if (!isHostName(host)) {
        return QCoreApplication::translate(
                   "bcf::app::ConnectionProfile",
                   "The host \"%1\" of \"%2\" is neither a valid host name nor an IP address.")
            .arg(host, profileName);
    }
    return {};
}

QString ConnectionProfile::problem() const
{
    if (name.trimmed().isEmpty())
        return QCoreApplication::translate(
            "bcf::app::ConnectionProfile", "The connection profile has no name.");
    if (const QString hostError = hostProblem(host, name); !hostError.isEmpty())
        return hostError;
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
