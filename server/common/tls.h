#pragma once

#include "common/settings.h"
#include "core/result.h"

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

namespace bcf::server {

Result<std::string> readTextFile(const std::string &path);

// TLS credentials of a gRPC server from the [tls] settings. A missing or unreadable file is an
// error naming the setting. There is no plain-text variant: every port the servers open is TLS.
Result<std::shared_ptr<grpc::ServerCredentials>> makeServerCredentials(const TlsSettings &tls);

// Channel credentials trusting caFile; with certFile/keyFile the client presents a certificate
// (mutual TLS between servers, bcfctl).
Result<std::shared_ptr<grpc::ChannelCredentials>>
makeChannelCredentials(const std::string &caFile, const std::string &certFile = {},
                       const std::string &keyFile = {});

} // namespace bcf::server
