#include "model/timeframe.h"

namespace bcf::model {
namespace {

using namespace std::chrono;

struct Entry {
    Timeframe timeframe;
    std::string_view name;
    long long minutes; // fixed length; 0 for the calendar month
};

constexpr std::array<Entry, 15> kEntries = {{
    {Timeframe::M1, "1m", 1},          {Timeframe::M3, "3m", 3},
    {Timeframe::M5, "5m", 5},          {Timeframe::M15, "15m", 15},
    {Timeframe::M30, "30m", 30},       {Timeframe::H1, "1h", 60},
    {Timeframe::H2, "2h", 120},        {Timeframe::H4, "4h", 240},
    {Timeframe::H6, "6h", 360},        {Timeframe::H8, "8h", 480},
    {Timeframe::H12, "12h", 720},      {Timeframe::D1, "1d", 1440},
    {Timeframe::D3, "3d", 4320},       {Timeframe::W1, "1w", 10080},
    {Timeframe::Mo1, "1M", 0},
}};

const Entry &entryOf(Timeframe timeframe)
{
    return kEntries[static_cast<std::size_t>(timeframe)];
}

long long floorDivide(long long value, long long divisor)
{
    long long quotient = value / divisor;
    if ((value % divisor != 0) && ((value < 0) != (divisor < 0)))
        --quotient;
    return quotient;
}

} // namespace

std::string_view timeframeName(Timeframe timeframe)
{
    return entryOf(timeframe).name;
}

std::optional<Timeframe> parseTimeframe(std::string_view name)
{
    for (const auto &entry : kEntries) {
        if (entry.name == name)
            return entry.timeframe;
    }
    return std::nullopt;
}

TimePoint bucketStart(Timeframe timeframe, TimePoint time)
{
    const long long millis = toUnixMillis(time);
    if (timeframe == Timeframe::Mo1) {
        const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(millis)));
        const year_month_day date(day);
        const sys_days first = sys_days(date.year() / date.month() / 1);
        return fromUnixMillis(duration_cast<milliseconds>(first.time_since_epoch()).count());
    }
    long long length = entryOf(timeframe).minutes * 60'000;
    long long offset = 0;
    if (timeframe == Timeframe::W1)
        offset = 4LL * 86'400'000; // 1970-01-01 was a Thursday; weeks start on Monday (+4 days)
    const long long start = floorDivide(millis - offset, length) * length + offset;
    return fromUnixMillis(start);
}

TimePoint nextBucketStart(Timeframe timeframe, TimePoint start)
{
    if (timeframe == Timeframe::Mo1) {
        const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(toUnixMillis(start))));
        const year_month_day date(day);
        const sys_days next = sys_days((date.year() / date.month() / 1) + months(1));
        return fromUnixMillis(duration_cast<milliseconds>(next.time_since_epoch()).count());
    }
    return start + minutes(entryOf(timeframe).minutes);
}

bool divides(Timeframe smaller, Timeframe larger)
{
    const long long small = entryOf(smaller).minutes;
    const long long large = entryOf(larger).minutes;
    if (larger == Timeframe::Mo1)
        return small != 0 && 1440 % small == 0; // up to a day divides every month
    if (small == 0)
        return false;
    if (larger == Timeframe::W1)
        return small <= 1440 && 1440 % small == 0;
    return large % small == 0 && large >= small;
}

} // namespace bcf::model
