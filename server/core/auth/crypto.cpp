#include "auth/crypto.h"

#include <sodium.h>

namespace bcf::auth {

Status initCrypto()
{
    if (sodium_init() < 0)
        return makeError(ErrorCode::Internal, "libsodium failed to initialise");
    return {};
}

Result<std::string> hashPassword(std::string_view password)
{
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE)
        != 0)
        return makeError(ErrorCode::ResourceExhausted, "out of memory while hashing a password");
    return std::string(hash);
}

bool verifyPassword(const std::string &hash, std::string_view password)
{
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Bytes randomBytes(std::size_t count)
{
    Bytes bytes(count);
    randombytes_buf(bytes.data(), bytes.size());
    return bytes;
}

std::string newToken()
{
    const Bytes bytes = randomBytes(32);
    const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string text(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
    sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), variant);
    text.resize(std::char_traits<char>::length(text.c_str()));
    return text;
}

Bytes hashToken(std::string_view token)
{
    Bytes digest(crypto_hash_sha256_BYTES);
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char *>(token.data()),
                       token.size());
    return digest;
}

Bytes seal(const SecretKey &key, const Bytes &plain)
{
    Bytes sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
    randombytes_buf(sealed.data(), crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(sealed.data() + crypto_secretbox_NONCEBYTES, plain.data(), plain.size(),
                          sealed.data(), key.data());
    return sealed;
}

Result<Bytes> unseal(const SecretKey &key, const Bytes &sealed)
{
    if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return makeError(ErrorCode::Internal, "sealed secret is truncated");
    Bytes plain(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES);
    if (crypto_secretbox_open_easy(plain.data(), sealed.data() + crypto_secretbox_NONCEBYTES,
                                   sealed.size() - crypto_secretbox_NONCEBYTES, sealed.data(),
                                   key.data())
        != 0)
        return makeError(ErrorCode::Internal,
                         "a sealed secret does not open with auth.secret_key_file's key");
    return plain;
}

Result<SecretKey> parseSecretKey(std::string_view hexText)
{
    SecretKey key{};
    size_t length = 0;
    if (hexText.size() != 64
        || sodium_hex2bin(key.data(), key.size(), hexText.data(), hexText.size(), nullptr, &length,
                          nullptr)
               != 0
        || length != key.size())
        return makeError(ErrorCode::InvalidArgument,
                         "the secret key must be 64 hexadecimal characters (32 bytes)");
    return key;
}

std::string toHex(const Bytes &bytes)
{
    std::string text(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(text.data(), text.size(), bytes.data(), bytes.size());
    text.pop_back();
    return text;
}

Bytes fromHex(std::string_view hex)
{
    Bytes bytes;
    bytes.reserve(hex.size() / 2);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        bytes.push_back(static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    return bytes;
}

} // namespace bcf::auth
