#include "oms/trading_settings.h"

#include <algorithm>

namespace bcf::core {
namespace {

Error invalid(std::string message) { return {ErrorCode::InvalidArgument, std::move(message)}; }

} // namespace

Result<std::map<std::string, Money>> parseBalances(const std::string &text)
{
    std::map<std::string, Money> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = text.find(',', start);
        const std::string entry =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        start = comma == std::string::npos ? text.size() + 1 : comma + 1;
        if (entry.empty())
            continue;
        const std::size_t equals = entry.find('=');
        if (equals == std::string::npos || equals == 0)
            return std::unexpected(invalid("\"" + entry + "\" is not ASSET=AMOUNT (for example USDT=10000)"));
        const std::string asset = entry.substr(0, equals);
        if (!std::all_of(asset.begin(), asset.end(),
                         [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }))
            return std::unexpected(invalid("asset \"" + asset + "\" must be upper-case letters and digits"));
        auto amount = Money::parse(entry.substr(equals + 1));
        if (!amount || *amount < Money())
            return std::unexpected(invalid("the amount of " + asset + " must be a decimal number ≥ 0"));
        out[asset] = *amount;
    }
    return out;
}

} // namespace bcf::core
