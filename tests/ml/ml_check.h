#pragma once

// The checks of the plain-C++ ML tests (test_ml_models, test_ml_rl): no Qt Test, since the ML-only
// build runs on GPU hosts without Debian packages. A test's exit status is its failure count > 0.
#include <cstdio>
#include <string>

namespace bcf::ml::testing {

inline int failures = 0;

inline void check(bool condition, const std::string &what)
{
    std::printf("%s: %s\n", condition ? "PASS" : "FAIL", what.c_str());
    std::fflush(stdout);
    if (!condition)
        ++failures;
}

inline std::string text(double value)
{
    char out[32];
    std::snprintf(out, sizeof out, "%.4g", value);
    return out;
}

inline int finish()
{
    std::printf("%s (%d failed)\n", failures ? "FAILED" : "ALL PASSED", failures);
    return failures ? 1 : 0;
}

} // namespace bcf::ml::testing
