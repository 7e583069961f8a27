#include "common/tls.h"

#include <fstream>
#include <sstream>

namespace bcf::server {

Result<std::string> readTextFile(const std::string &path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return makeError(ErrorCode::InvalidArgument, path + ": cannot read file");
    std::stringstream buffer;
    buffer << file.rdbuf();
    return buffer.str();
}

namespace {

Result<std::string> readSetting(const std::string &key, const std::string &path)
{
    auto text = readTextFile(path);
    if (!text)
        return makeError(ErrorCode::InvalidArgument, key + ": " + text.error().message);
    if (text->find("-----BEGIN") == std::string::npos)
        return makeError(ErrorCode::InvalidArgument, key + ": " + path + " is not a PEM file");
    return text;
}

} // namespace

Result<std::shared_ptr<grpc::ServerCredentials>> makeServerCredentials(const TlsSettings &tls)
{
    auto certificate = readSetting("tls.certificate", tls.certificate);
    if (!certificate)
        return std::unexpected(certificate.error());
    auto key = readSetting("tls.private_key", tls.privateKey);
    if (!key)
        return std::unexpected(key.error());

    grpc::SslServerCredentialsOptions options(
        tls.requireClientCertificate ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                                     : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
    if (!tls.clientCa.empty()) {
        auto ca = readSetting("tls.client_ca", tls.clientCa);
        if (!ca)
            return std::unexpected(ca.error());
        options.pem_root_certs = *ca;
        if (!tls.requireClientCertificate)
            options.client_certificate_request =
                GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY;
    } else if (tls.requireClientCertificate) {
        return makeError(ErrorCode::InvalidArgument,
                         "tls.client_ca: must be set when tls.require_client_certificate is true");
    }
    options.pem_key_cert_pairs.push_back({*key, *certificate});
    return grpc::SslServerCredentials(options);
}

Result<std::shared_ptr<grpc::ChannelCredentials>>
makeChannelCredentials(const std::string &caFile, const std::string &certFile,
                       const std::string &keyFile)
{
    grpc::SslCredentialsOptions options;
    auto ca = readTextFile(caFile);
    if (!ca)
        return std::unexpected(ca.error());
    options.pem_root_certs = *ca;
    if (!certFile.empty()) {
        auto certificate = readTextFile(certFile);
        if (!certificate)
            return std::unexpected(certificate.error());
        auto key = readTextFile(keyFile);
        if (!key)
            return std::unexpected(key.error());
        options.pem_cert_chain = *certificate;
        options.pem_private_key = *key;
    }
    return grpc::SslCredentials(options);
}

} // namespace bcf::server
