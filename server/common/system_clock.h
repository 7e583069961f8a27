#pragma once

#include "core/clock.h"

namespace bcf::server {

// The wall clock, for production wiring in main.cpp.
class SystemClock final : public Clock {
public:
    TimePoint now() const override
    {
        return std::chrono::time_point_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now());
    }
};

} // namespace bcf::server
