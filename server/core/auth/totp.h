#pragma once

#include "auth/crypto.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bcf::auth {

// RFC 4648 base32 (upper case, no padding), the form authenticator apps take secrets in.
std::string base32Encode(const Bytes &bytes);
std::optional<Bytes> base32Decode(std::string_view text);

// RFC 4226 HOTP with HMAC-SHA1 and 6 digits.
std::string hotp(const Bytes &secret, std::uint64_t counter);

// RFC 6238 time step (30 s) of a Unix time in seconds.
inline std::int64_t totpStep(std::int64_t unixSeconds) { return unixSeconds / 30; }

// Finds the step in [step - window, step + window] whose code matches, constant-time per code.
std::optional<std::int64_t> matchTotp(const Bytes &secret, std::string_view code,
                                      std::int64_t step, int window = 1);

// otpauth://totp/Issuer:account?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30
std::string otpauthUri(const std::string &issuer, const std::string &account,
                       const Bytes &secret);

} // namespace bcf::auth
