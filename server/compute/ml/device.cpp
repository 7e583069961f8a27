#include "device.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <sstream>
#include <thread>

namespace bcf::ml {

DeviceInfo configureDevice(const DeviceRequest &request)
{
    DeviceInfo info;
    info.torchVersion = TORCH_VERSION;
    const int threads = request.threads > 0
                            ? request.threads
                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(threads);
    info.threads = at::get_num_threads();
    const std::string parallel = at::get_parallel_info();
    info.parallelInfo = parallel.substr(0, parallel.find('\n'));
    info.cudaDeviceCount = static_cast<int>(torch::cuda::device_count());
    const bool cuda = torch::cuda::is_available();

    if (request.device == "cuda" && !cuda) {
        info.error = "compute.device is cuda, but this LibTorch build sees no CUDA device";
        return info;
    }
    if (request.device != "auto" && request.device != "cpu" && request.device != "cuda") {
        info.error = "compute.device must be auto, cpu or cuda, got \"" + request.device + "\"";
        return info;
    }
    const bool useCuda = request.device == "cuda" || (request.device == "auto" && cuda);
    info.device = useCuda ? "cuda:0" : "cpu";
    info.ok = true;
    return info;
}

double matmulSelfCheck(const DeviceInfo &device, int n)
{
    const auto options = at::TensorOptions().dtype(at::kFloat).device(at::Device(device.device));
    const at::Tensor a = at::ones({n, n}, options);
    const at::Tensor product = at::matmul(a, a).to(at::kCPU);
    const at::Tensor minimum = product.min();
    const at::Tensor maximum = product.max();
    const double low = minimum.item<double>();
    return low == maximum.item<double>() ? low : -1.0;
}

} // namespace bcf::ml
