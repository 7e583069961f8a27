// Raises too-small thread stack requests of the libraries in bcf-compute to 1 MiB.
//
// Why: glibc places the static TLS block of every loaded library inside each thread's stack.
// LibTorch's dependencies (OpenBLAS 60 KiB, glog 30 KiB, torch_cpu 10 KiB, …) make that block
// ~114 KiB, while Debian's civetweb — prometheus-cpp's /metrics server — creates its threads with
// a fixed 100 KiB stack (USE_STACK_SIZE=102400). pthread_create then fails with EINVAL and the
// Exposer throws "null context when constructing CivetServer". Interposing
// pthread_attr_setstacksize here only ever raises a request, never lowers one.
//
// It must live in the executable itself (a static library member would be dropped by the linker,
// as nothing references it), and the symbol is exported explicitly in CMakeLists.txt.
#include <dlfcn.h>
#include <pthread.h>

#include <cerrno>
#include <cstddef>

namespace {
constexpr std::size_t kMinimumThreadStack = 1024 * 1024;
}

extern "C" int pthread_attr_setstacksize(pthread_attr_t *attributes, std::size_t size)
{
    using Function = int (*)(pthread_attr_t *, std::size_t);
    static const Function real = reinterpret_cast<Function>(
        dlsym(RTLD_NEXT, "pthread_attr_setstacksize"));
    if (real == nullptr)
        return EINVAL;
    return real(attributes, size < kMinimumThreadStack ? kMinimumThreadStack : size);
}
