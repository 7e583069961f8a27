#pragma once

// The arithmetic of a hand-written LSTM forward pass for CPU inference at small batches (see
// FusedLstm in model.cpp). No LibTorch: compiled with -O3 and AVX2/FMA clones of its loops.
#include <cstddef>

namespace bcf::ml::kernels {

// gates[0, n) += Σ_j x[j] · wT[j][0, n) for j < inputs (wT is the transposed weight, [inputs][n]).
void addProduct(const float *wT, const float *x, std::size_t inputs, float *gates, std::size_t n);

// One LSTM cell update from pre-activation gates [i | f | g | o] (PyTorch's order, 4·hidden):
// c = σ(f)·c + σ(i)·tanh(g); h = σ(o)·tanh(c).
void lstmCell(const float *gates, float *c, float *h, std::size_t hidden);

} // namespace bcf::ml::kernels
