#pragma once

#include "core/result.h"

#include <string_view>

namespace bcf::auth {

// The password policy (docs/security.md): 12 to 128 characters, at least three of the four
// classes lower case, upper case, digits and symbols, not containing the user name, and not one of
// the most common passwords. Errors say what to change.
Status checkPasswordPolicy(std::string_view password, std::string_view username,
                           int minimumLength = 12);

// User names: 3 to 32 characters of letters, digits, '.', '_' and '-', starting with a letter.
Status checkUsername(std::string_view username);

} // namespace bcf::auth
