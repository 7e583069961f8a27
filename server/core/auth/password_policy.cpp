#include "auth/password_policy.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace bcf::auth {
namespace {

std::string lower(std::string_view text)
{
    std::string out(text);
    std::ranges::transform(out, out.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace

Status checkPasswordPolicy(std::string_view password, std::string_view username,
                           int minimumLength)
{
    if (password.size() < static_cast<size_t>(minimumLength))
        return makeError(ErrorCode::InvalidArgument,
                         "The password must have at least " + std::to_string(minimumLength)
                             + " characters.");
    if (password.size() > 128)
        return makeError(ErrorCode::InvalidArgument,
                         "The password must have at most 128 characters.");
    bool hasLower = false, hasUpper = false, hasDigit = false, hasSymbol = false;
    for (unsigned char c : password) {
        if (std::islower(c))
            hasLower = true;
        else if (std::isupper(c))
            hasUpper = true;
        else if (std::isdigit(c))
            hasDigit = true;
        else
            hasSymbol = true;
    }
    if (int(hasLower) + int(hasUpper) + int(hasDigit) + int(hasSymbol) < 3)
        return makeError(ErrorCode::InvalidArgument,
                         "The password must mix at least three of: lower-case letters, "
                         "upper-case letters, digits and symbols.");
    const std::string lowered = lower(password);
    if (!username.empty() && lowered.find(lower(username)) != std::string::npos)
        return makeError(ErrorCode::InvalidArgument,
                         "The password must not contain the user name.");
    static constexpr std::array<std::string_view, 12> kCommon = {
        "password", "123456", "qwerty", "letmein", "welcome", "admin", "iloveyou",
        "monkey", "dragon", "bitcoin", "abc123", "trustno1"};
    for (std::string_view common : kCommon) {
        if (lowered.find(common) != std::string::npos)
            return makeError(ErrorCode::InvalidArgument,
                             "The password contains a commonly used word (\"" + std::string(common)
                                 + "\"); choose something less guessable.");
    }
    return {};
}

Status checkUsername(std::string_view username)
{
    const bool validLength = username.size() >= 3 && username.size() <= 32;
    const bool validChars = std::ranges::all_of(username, [](unsigned char c) {
        return std::isalnum(c) || c == '.' || c == '_' || c == '-';
    });
    if (!validLength || !validChars || !std::isalpha(static_cast<unsigned char>(username[0])))
        return makeError(ErrorCode::InvalidArgument,
                         "User names have 3 to 32 characters: letters, digits, '.', '_' or '-', "
                         "starting with a letter.");
    return {};
}

} // namespace bcf::auth
