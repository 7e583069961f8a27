#include "fused_lstm.h"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace bcf::ml::kernels {

namespace {

// exp(x) in single precision, vectorisable (no library call): x = n·ln2 + r, exp(r) by Cephes'
// expf polynomial, 2^n through the exponent bits. Relative error below 2e-7 on [-87, 88].
inline float expApprox(float x)
{
    x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
    const float n = std::floor(x * 1.44269504088896341f + 0.5f);
    const float r = x - n * 0.693359375f + n * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    const float e = p * r * r + r + 1.0f;
    const std::int32_t bits = (static_cast<std::int32_t>(n) + 127) << 23;
    float scale;
    std::memcpy(&scale, &bits, sizeof scale);
    return e * scale;
}

inline float sigmoid(float x) { return 1.0f / (1.0f + expApprox(-x)); }

// tanh(x) = 1 - 2 / (exp(2x) + 1), exact enough away from 0; near 0 its cancellation costs up to
// ~1e-7 absolute, which is what the tests' 1e-6 tolerance against LibTorch allows for.
inline float tanhApprox(float x) { return 1.0f - 2.0f / (expApprox(2.0f * x) + 1.0f); }

} // namespace

__attribute__((target_clones("avx512f", "avx2", "default"))) void
addProduct(const float *__restrict wT, const float *__restrict x, std::size_t inputs,
           float *__restrict gates, std::size_t n)
{
    for (std::size_t j = 0; j < inputs; ++j) {
        const float a = x[j];
        const float *__restrict row = wT + j * n;
        for (std::size_t i = 0; i < n; ++i)
            gates[i] += a * row[i];
    }
}

__attribute__((target_clones("avx512f", "avx2", "default"))) void
lstmCell(const float *__restrict gates, float *__restrict c, float *__restrict h,
         std::size_t hidden)
{
    const float *__restrict gi = gates;
    const float *__restrict gf = gates + hidden;
    const float *__restrict gg = gates + 2 * hidden;
    const float *__restrict go = gates + 3 * hidden;
    for (std::size_t j = 0; j < hidden; ++j) {
        const float cell = sigmoid(gf[j]) * c[j] + sigmoid(gi[j]) * tanhApprox(gg[j]);
        c[j] = cell;
        h[j] = sigmoid(go[j]) * tanhApprox(cell);
    }
}

} // namespace bcf::ml::kernels
