#pragma once

#include "core/result.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bcf::auth {

using Bytes = std::vector<std::uint8_t>;

// libsodium must be initialised once per process before any function here; safe to call again.
Status initCrypto();

// Argon2id (libsodium crypto_pwhash_str, interactive limits: 2 passes, 64 MiB). The result is the
// self-describing "$argon2id$…" string.
Result<std::string> hashPassword(std::string_view password);
bool verifyPassword(const std::string &hash, std::string_view password);

Bytes randomBytes(std::size_t count);
// 32 random bytes, URL-safe base64 without padding: the opaque session token.
std::string newToken();
// SHA-256 of a token: the only form in which tokens are stored.
Bytes hashToken(std::string_view token);

// Authenticated encryption (XSalsa20-Poly1305, libsodium secretbox) of small secrets such as TOTP
// seeds, with the server's 32-byte key. Output is nonce ‖ ciphertext.
using SecretKey = std::array<std::uint8_t, 32>;
Bytes seal(const SecretKey &key, const Bytes &plain);
Result<Bytes> unseal(const SecretKey &key, const Bytes &sealed);

// The key file holds 64 hexadecimal characters (bcfctl secret init writes one).
Result<SecretKey> parseSecretKey(std::string_view hexText);
std::string toHex(const Bytes &bytes);
// The bytes of lower- or upper-case hex text (as PostgreSQL's encode(…, 'hex') gives them).
Bytes fromHex(std::string_view hex);

} // namespace bcf::auth
