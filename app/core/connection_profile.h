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

    friend bool operator==(const ConnectionProfile&, const ConnectionProfile&) = default;
};

} // namespace bcf::app
