#include "auth/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

namespace bcf::auth {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string percentEncode(std::string_view text)
{
    static const char *hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

} // namespace

std::string base32Encode(const Bytes &bytes)
{
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (std::uint8_t byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 5) {
            out += kAlphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out += kAlphabet[(buffer << (5 - bits)) & 31];
    return out;
}

std::optional<Bytes> base32Decode(std::string_view text)
{
    Bytes out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        if (c == '=' || c == ' ' || c == '-')
            continue;
        const auto index = kAlphabet.find(static_cast<char>(std::toupper(c)));
        if (index == std::string_view::npos)
            return std::nullopt;
        buffer = (buffer << 5) | static_cast<std::uint32_t>(index);
        bits += 5;
        if (bits >= 8) {
            out.push_back(static_cast<std::uint8_t>((buffer >> (bits - 8)) & 0xff));
            bits -= 8;
        }
    }
    return out;
}

std::string hotp(const Bytes &secret, std::uint64_t counter)
{
    unsigned char message[8];
    for (int i = 7; i >= 0; --i) {
        message[i] = static_cast<unsigned char>(counter & 0xff);
        counter >>= 8;
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), message, sizeof message,
         digest, &length);
    const int offset = digest[length - 1] & 0x0f;
    const std::uint32_t binary = ((digest[offset] & 0x7fU) << 24) | (digest[offset + 1] << 16)
                                 | (digest[offset + 2] << 8) | digest[offset + 3];
    std::string code = std::to_string(binary % 1000000);
    return std::string(6 - code.size(), '0') + code;
}

std::optional<std::int64_t> matchTotp(const Bytes &secret, std::string_view code,
                                      std::int64_t step, int window)
{
    if (code.size() != 6)
        return std::nullopt;
    std::optional<std::int64_t> matched;
    for (std::int64_t candidate = step - window; candidate <= step + window; ++candidate) {
        const std::string expected = hotp(secret, static_cast<std::uint64_t>(candidate));
        if (sodium_memcmp(expected.data(), code.data(), 6) == 0 && !matched)
            matched = candidate;
    }
    return matched;
}

std::string otpauthUri(const std::string &issuer, const std::string &account, const Bytes &secret)
{
    return "otpauth://totp/" + percentEncode(issuer) + ":" + percentEncode(account)
           + "?secret=" + base32Encode(secret) + "&issuer=" + percentEncode(issuer)
           + "&algorithm=SHA1&digits=6&period=30";
}

} // namespace bcf::auth
