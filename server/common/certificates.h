#pragma once

#include "core/result.h"

#include <string>
#include <vector>

namespace bcf::server {

// What a certificate issued by the local CA is for.
struct CertificateRequest {
    std::string commonName;
    std::vector<std::string> dnsNames;    // subjectAltName DNS entries
    std::vector<std::string> ipAddresses; // subjectAltName IP entries
    bool serverAuth = true;
    bool clientAuth = false;
    int validDays = 825;
};

// Creates `directory/ca.crt` and `directory/ca.key` (P-256, key mode 0600). Fails with
// AlreadyExists rather than overwrite an existing CA.
Status createCertificateAuthority(const std::string &directory, const std::string &commonName,
                                  int validDays);

// Issues `directory/<name>.crt` and `<name>.key` signed by the CA in `directory`. Existing files
// are never overwritten (AlreadyExists); "ca" is not a valid name.
Status issueCertificate(const std::string &directory, const std::string &name,
                        const CertificateRequest &request);

} // namespace bcf::server
