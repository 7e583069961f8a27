#pragma once

#include <QString>

#include <grpcpp/support/status.h>

namespace bcf::app {

// Turns a failed call's status into a sentence for the user, translated. `endpoint` is the
// server's "host:port". UNAVAILABLE and DEADLINE_EXCEEDED name the server the app could not
// reach and keep gRPC's details; UNAUTHENTICATED, RESOURCE_EXHAUSTED, INVALID_ARGUMENT and the
// rest show the server's own message, which is written for people. An OK status gives "".
QString describeStatus(const grpc::Status& status, const QString& endpoint);

} // namespace bcf::app
