#pragma once

#include <QDateTime>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

// Plain values that app/core hands to the GUI. They mirror the bcf.v1 protocol messages so that
// no widget code ever includes generated protobuf headers.
namespace bcf::app {

enum class UserRole {
    Unspecified,
    Trader,
    Admin,
    Support,
    Finance,
    Marketing,
    Sales,
    Auditor,
};

// The role as a person reads it ("Admin"), translated.
QString roleDisplayName(UserRole role);

// The signed-in user, as WhoAmI reports it.
struct UserInfo {
    qint64 id = 0;
    QString username;
    UserRole role = UserRole::Unspecified;
    bool totpEnabled = false;
    QDateTime sessionExpiresAt;
    QStringList permissions;
};

// One answer of SystemService.GetServerInfo plus what the client measured around it.
struct ServerInfo {
    QString component;
    QString version;
    QString nodeName;
    QDateTime startedAt;
    QDateTime serverTime;
    // Server clock minus the local clock at the middle of the call, in milliseconds.
    qint64 clockOffsetMs = 0;
    int latencyMs = 0;
    QMap<QString, QString> details;
};

// The connection as the status bar shows it.
enum class ConnectionState {
    Disconnected, // no session: before login or after logout
    Connecting,   // login, resume or the first probe is in flight
    Connected,    // the last probe succeeded
    Reconnecting, // the last probe failed with a transport error; a retry is scheduled
};

QString connectionStateName(ConnectionState state);

// What BeginTotpEnrollment returns: the secret to type into an authenticator app and the
// otpauth:// URI that apps can import.
struct TotpEnrollment {
    QString secretBase32;
    QString otpauthUri;
};

} // namespace bcf::app

Q_DECLARE_METATYPE(bcf::app::UserInfo)
Q_DECLARE_METATYPE(bcf::app::ServerInfo)
Q_DECLARE_METATYPE(bcf::app::ConnectionState)
