#pragma once

#include <QString>

namespace bcf::app {

// Where a bcf-core node listens and which CA certificate signs its TLS certificate.
struct ConnectionProfile {
    QString name;
    QString host;
    int port = 0;
    // PEM file of the CA that issued the server's certificate.
    QString caCertificatePath;

    // "host:port", with brackets around an IPv6 literal: the gRPC target and the text the user
    // sees in error messages.
    QString endpoint() const;
    // Why the profile cannot be used, translated; empty when it can.
    QString problem() const;
    // Why `host` is not an IP address (IPv4, or IPv6 without brackets) or a host name (labels
    // of 1-63 letters, digits and '-', separated by '.'), translated, naming the profile
    // `profileName`; empty when it is one. Schemes, ports and spaces get their own message.
    static QString hostProblem(const QString& host, const QString& profileName);

    friend bool operator==(const ConnectionProfile&, const ConnectionProfile&) = default;
};

} // namespace bcf::app
