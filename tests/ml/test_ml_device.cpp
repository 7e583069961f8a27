// Tests of bcf::ml device handling. Plain C++ (no Qt Test): the ML-only build runs on GPU hosts
// that have LibTorch and CMake but no Debian packages. Exit status 0 means every check passed.
#include "device.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

int failures = 0;
int passes = 0;

void check(bool condition, const std::string &what)
{
    std::printf("%s: %s\n", condition ? "PASS" : "FAIL", what.c_str());
    if (condition)
        ++passes;
    else
        ++failures;
}

} // namespace

int main()
{
    using namespace bcf::ml;

    const DeviceInfo cpu = configureDevice({"cpu", 2});
    check(cpu.ok, "cpu device is accepted");
    check(cpu.device == "cpu", "cpu request selects the cpu device");
    check(cpu.threads == 2, "thread setting is applied (got " + std::to_string(cpu.threads) + ")");
    check(!cpu.torchVersion.empty(), "LibTorch version is reported");
    check(matmulSelfCheck(cpu, 64) == 64.0, "64x64 ones matmul on cpu gives 64 everywhere");

    const DeviceInfo bad = configureDevice({"tpu", 1});
    check(!bad.ok && bad.error.find("auto, cpu or cuda") != std::string::npos,
          "an unknown device is refused with a message naming the choices");

    const DeviceInfo automatic = configureDevice({"auto", 0});
    check(automatic.ok, "auto always resolves to a device");
    if (automatic.cudaDeviceCount > 0) {
        check(automatic.device == "cuda:0", "auto picks CUDA when a GPU is present");
        check(matmulSelfCheck(automatic, 256) == 256.0, "256x256 matmul on CUDA is exact");
    } else {
        check(automatic.device == "cpu", "auto falls back to cpu without CUDA");
        const DeviceInfo cuda = configureDevice({"cuda", 1});
        check(!cuda.ok && !cuda.error.empty(), "cuda without a GPU is refused with a reason");
    }
    std::printf("%d passed, %d failed\n", passes, failures);
    return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
