#pragma once

// LibTorch device selection and settings. This header is free of LibTorch includes so the rest of
// bcf-compute compiles without them; only device.cpp includes ATen.
#include <string>

namespace bcf::ml {

struct DeviceRequest {
    std::string device = "auto"; // auto, cpu or cuda
    int threads = 0;             // intra-op CPU threads; 0 = one per core
};

struct DeviceInfo {
    bool ok = false;
    std::string error;           // set when !ok, e.g. "cuda requested but not available"
    std::string device;          // "cpu" or "cuda:0"
    int cudaDeviceCount = 0;
    int threads = 0;             // intra-op threads in effect
    std::string torchVersion;
    std::string parallelInfo;    // at::get_parallel_info() first line (OpenMP / BLAS backend)
};

// Applies the request (thread count, device choice) to LibTorch and reports what is in effect.
DeviceInfo configureDevice(const DeviceRequest &request);

// Multiplies two n×n matrices of ones on the device and returns every element's value (n when
// LibTorch works); used as a start-up self-check and in the tests.
double matmulSelfCheck(const DeviceInfo &device, int n);

} // namespace bcf::ml
