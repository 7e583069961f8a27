// LibTorch matrix-multiply throughput per device and thread count: a table on standard output.
// Plain C++ so it builds in the ML-only configuration on GPU hosts (no Google Benchmark there).
#include "device.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <chrono>
#include <cstdio>
#include <vector>

namespace {

double gflops(const bcf::ml::DeviceInfo &device, int n, int repeats)
{
    const auto options = at::TensorOptions().dtype(at::kFloat).device(at::Device(device.device));
    const at::Tensor a = at::rand({n, n}, options);
    const at::Tensor b = at::rand({n, n}, options);
    // .item() waits for queued GPU work, so the clock brackets the computation itself.
    at::matmul(a, b).sum().item<float>(); // warm-up
    at::Tensor last;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < repeats; ++i)
        last = at::matmul(a, b);
    last.sum().item<float>();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                               .count();
    return 2.0 * n * n * double(n) * repeats / seconds / 1e9;
}

} // namespace

int main()
{
    std::printf("| device | threads | n | GFLOP/s |\n| --- | --- | --- | --- |\n");
    std::vector<std::pair<std::string, int>> setups = {{"cpu", 1}, {"cpu", 2}};
    if (torch::cuda::is_available())
        setups.push_back({"cuda", 0});
    for (const auto &[name, threads] : setups) {
        const auto device = bcf::ml::configureDevice({name, threads});
        if (!device.ok)
            continue;
        for (int n : {256, 1024}) {
            const int repeats = device.device == "cpu" ? (n == 256 ? 50 : 5) : 200;
            std::printf("| %s | %d | %d | %.1f |\n", device.device.c_str(), device.threads, n,
                        gflops(device, n, repeats));
        }
    }
    return 0;
}
