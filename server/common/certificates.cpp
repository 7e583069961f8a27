#include "common/certificates.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <filesystem>
#include <memory>

#include <sys/stat.h>

namespace bcf::server {
namespace {

template <auto Free>
struct Deleter {
    template <typename T>
    void operator()(T *pointer) const { Free(pointer); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509_free>>;
using FilePtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;

std::string opensslError(const std::string &what)
{
    const unsigned long code = ERR_get_error();
    char buffer[256] = {};
    if (code != 0)
        ERR_error_string_n(code, buffer, sizeof buffer);
    return what + (code != 0 ? std::string(": ") + buffer : std::string());
}

KeyPtr generateKey()
{
    return KeyPtr(EVP_EC_gen("P-256"));
}

Status writeKey(const std::string &path, EVP_PKEY *key)
{
    FilePtr file(BIO_new_file(path.c_str(), "w"));
    if (!file)
        return makeError(ErrorCode::InvalidArgument, path + ": cannot write");
    ::chmod(path.c_str(), 0600);
    if (PEM_write_bio_PrivateKey(file.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return makeError(ErrorCode::Internal, opensslError(path + ": cannot write the key"));
    return {};
}

Status writeCertificate(const std::string &path, X509 *certificate)
{
    FilePtr file(BIO_new_file(path.c_str(), "w"));
    if (!file)
        return makeError(ErrorCode::InvalidArgument, path + ": cannot write");
    if (PEM_write_bio_X509(file.get(), certificate) != 1)
        return makeError(ErrorCode::Internal, opensslError(path + ": cannot write"));
    return {};
}

Status addExtension(X509 *certificate, X509 *issuer, int nid, const std::string &value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
    if (!extension)
        return makeError(ErrorCode::InvalidArgument,
                         opensslError("invalid certificate extension \"" + value + "\""));
    X509_add_ext(certificate, extension, -1);
    X509_EXTENSION_free(extension);
    return {};
}

CertPtr newCertificate(EVP_PKEY *key, const std::string &commonName, int validDays)
{
    CertPtr certificate(X509_new());
    X509_set_version(certificate.get(), 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f; // positive
    BIGNUM *number = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate.get()));
    BN_free(number);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -300);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 60L * 60 * 24 * validDays);
    X509_set_pubkey(certificate.get(), key);
    X509_NAME *name = X509_get_subject_name(certificate.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>("BotCriptoFy2"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>(commonName.c_str()), -1, -1,
                               0);
    return certificate;
}

Result<KeyPtr> readKey(const std::string &path)
{
    FilePtr file(BIO_new_file(path.c_str(), "r"));
    if (!file)
        return makeError(ErrorCode::NotFound, path + ": cannot read (run `bcfctl certs init`)");
    KeyPtr key(PEM_read_bio_PrivateKey(file.get(), nullptr, nullptr, nullptr));
    if (!key)
        return makeError(ErrorCode::InvalidArgument, opensslError(path + ": not a PEM key"));
    return key;
}

Result<CertPtr> readCertificate(const std::string &path)
{
    FilePtr file(BIO_new_file(path.c_str(), "r"));
    if (!file)
        return makeError(ErrorCode::NotFound, path + ": cannot read (run `bcfctl certs init`)");
    CertPtr certificate(PEM_read_bio_X509(file.get(), nullptr, nullptr, nullptr));
    if (!certificate)
        return makeError(ErrorCode::InvalidArgument,
                         opensslError(path + ": not a PEM certificate"));
    return certificate;
}

} // namespace

Status createCertificateAuthority(const std::string &directory, const std::string &commonName,
                                  int validDays)
{
    namespace fs = std::filesystem;
    std::error_code error;
    fs::create_directories(directory, error);
    const std::string keyPath = (fs::path(directory) / "ca.key").string();
    const std::string certificatePath = (fs::path(directory) / "ca.crt").string();
    if (fs::exists(keyPath) || fs::exists(certificatePath))
        return makeError(ErrorCode::AlreadyExists,
                         directory + " already holds a CA; it is never overwritten");
    KeyPtr key = generateKey();
    if (!key)
        return makeError(ErrorCode::Internal, opensslError("cannot generate a key"));
    CertPtr certificate = newCertificate(key.get(), commonName, validDays);
    X509_set_issuer_name(certificate.get(), X509_get_subject_name(certificate.get()));
    for (const auto &[nid, value] :
         {std::pair{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
          std::pair{NID_key_usage, "critical,keyCertSign,cRLSign"},
          std::pair{NID_subject_key_identifier, "hash"}}) {
        if (auto status = addExtension(certificate.get(), certificate.get(), nid, value); !status)
            return status;
    }
    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0)
        return makeError(ErrorCode::Internal, opensslError("cannot sign the CA certificate"));
    if (auto status = writeKey(keyPath, key.get()); !status)
        return status;
    return writeCertificate(certificatePath, certificate.get());
}

Status issueCertificate(const std::string &directory, const std::string &name,
                        const CertificateRequest &request)
{
    namespace fs = std::filesystem;
    auto caKey = readKey((fs::path(directory) / "ca.key").string());
    if (!caKey)
        return std::unexpected(caKey.error());
    auto caCertificate = readCertificate((fs::path(directory) / "ca.crt").string());
    if (!caCertificate)
        return std::unexpected(caCertificate.error());
    if (request.commonName.empty())
        return makeError(ErrorCode::InvalidArgument, "the certificate needs a common name");
    if (name == "ca" || name.empty() || name.find('/') != std::string::npos)
        return makeError(ErrorCode::InvalidArgument,
                         "\"" + name + "\" cannot name a certificate (reserved or not a file name)");
    for (const char *extension : {".crt", ".key"}) {
        const auto path = fs::path(directory) / (name + extension);
        if (fs::exists(path))
            return makeError(ErrorCode::AlreadyExists,
                             path.string() + " exists; remove it first to issue a new one");
    }

    KeyPtr key = generateKey();
    if (!key)
        return makeError(ErrorCode::Internal, opensslError("cannot generate a key"));
    CertPtr certificate = newCertificate(key.get(), request.commonName, request.validDays);
    X509_set_issuer_name(certificate.get(), X509_get_subject_name(caCertificate->get()));

    std::string altNames;
    for (const auto &dns : request.dnsNames)
        altNames += (altNames.empty() ? "" : ",") + std::string("DNS:") + dns;
    for (const auto &ip : request.ipAddresses)
        altNames += (altNames.empty() ? "" : ",") + std::string("IP:") + ip;
    std::string usages;
    if (request.serverAuth)
        usages = "serverAuth";
    if (request.clientAuth)
        usages += std::string(usages.empty() ? "" : ",") + "clientAuth";
    std::vector<std::pair<int, std::string>> extensions = {
        {NID_basic_constraints, "critical,CA:FALSE"},
        {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
        {NID_ext_key_usage, usages},
        {NID_subject_key_identifier, "hash"},
        {NID_authority_key_identifier, "keyid:always"}};
    if (!altNames.empty())
        extensions.emplace_back(NID_subject_alt_name, altNames);
    for (const auto &[nid, value] : extensions) {
        if (auto status = addExtension(certificate.get(), caCertificate->get(), nid, value);
            !status)
            return status;
    }
    if (X509_sign(certificate.get(), caKey->get(), EVP_sha256()) == 0)
        return makeError(ErrorCode::Internal, opensslError("cannot sign the certificate"));
    if (auto status = writeKey((fs::path(directory) / (name + ".key")).string(), key.get());
        !status)
        return status;
    return writeCertificate((fs::path(directory) / (name + ".crt")).string(), certificate.get());
}

} // namespace bcf::server
