#include "core/bot_types.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

constexpr std::int64_t scale = Price::kScale;

QString rawText(std::int64_t raw)
{
    return QString::fromStdString(Price::fromRaw(raw).toString());
}

std::optional<std::int64_t> rawOf(QStringView text)
{
    const auto parsed = parseProtocolDecimal(text);
    if (!parsed)
        return std::nullopt;
    return parsed->raw();
}

// numerator / denominator rounded half away from zero (denominator > 0).
Int128 roundedQuotient(Int128 numerator, Int128 denominator)
{
    const bool negative = numerator < 0;
    const Int128 magnitude = negative ? -numerator : numerator;
    const Int128 quotient = (magnitude + denominator / 2) / denominator;
    return negative ? -quotient : quotient;
}

bool fits(Int128 value)
{
    return value <= Int128(std::numeric_limits<std::int64_t>::max())
           && value >= Int128(std::numeric_limits<std::int64_t>::min());
}

} // namespace

QString botKindName(BotKind kind)
{
    switch (kind) {
    case BotKind::Strategy:
        return QCoreApplication::translate("bcf::app::Bots", "Strategy");
    case BotKind::Grid:
        return QCoreApplication::translate("bcf::app::Bots", "Grid");
    case BotKind::Dca:
        return QCoreApplication::translate("bcf::app::Bots", "DCA");
    case BotKind::Unspecified:
        break;
    }
    return QCoreApplication::translate("bcf::app::Bots", "Unknown");
}

QString botStateName(BotState state)
{
    switch (state) {
    case BotState::Stopped:
        return QCoreApplication::translate("bcf::app::Bots", "Stopped");
    case BotState::Running:
        return QCoreApplication::translate("bcf::app::Bots", "Running");
    case BotState::Paused:
        return QCoreApplication::translate("bcf::app::Bots", "Paused");
    case BotState::Failed:
        return QCoreApplication::translate("bcf::app::Bots", "Failed");
    case BotState::Unspecified:
        break;
    }
    return QCoreApplication::translate("bcf::app::Bots", "Unknown");
}

bool canStartBot(BotState state)
{
    return state == BotState::Stopped || state == BotState::Failed || state == BotState::Paused;
}

bool canPauseBot(BotState state)
{
    return state == BotState::Running;
}

bool canStopBot(BotState state)
{
    return state == BotState::Running || state == BotState::Paused;
}

bool canDeleteBot(BotState state)
{
    return state == BotState::Stopped || state == BotState::Failed;
}

QString BotDefinition::parameter(const QString& parameterName) const
{
    for (const BotParameter& parameter : parameters) {
        if (parameter.name == parameterName)
            return parameter.value;
    }
    return {};
}

BotFormSection botFieldSection(const QString& field)
{
    const QString name = field.trimmed().toLower();
    if (name == u"name" || name == u"kind")
        return BotFormSection::General;
    if (name == u"symbol" || name == u"timeframe" || name == u"exchange" || name == u"venue")
        return BotFormSection::Market;
    if (name == u"budget" || name == u"limits" || name == u"max position"
        || name == u"max daily loss")
        return BotFormSection::Budget;
    // "strategy", "parameters" and every field of the grid's and DCA's own validation.
    return BotFormSection::Settings;
}

std::optional<std::pair<QString, QString>> splitBotFieldError(const QString& message)
{
    static const QRegularExpression pattern(
        u"^\\s*([A-Za-z][A-Za-z]*(?: [a-z]+){0,3}): (.+)$"_s,
        QRegularExpression::DotMatchesEverythingOption);
    const auto match = pattern.match(message);
    if (!match.hasMatch())
        return std::nullopt;
    return std::pair{match.captured(1), match.captured(2).trimmed()};
}

std::optional<QStringList> gridLevelPrices(QStringView lower, QStringView upper, int levels,
                                           bool geometric, QStringView tickSize)
{
    const auto low = rawOf(lower);
    const auto high = rawOf(upper);
    auto tick = tickSize.trimmed().isEmpty() ? std::optional<std::int64_t>(scale / 100)
                                             : rawOf(tickSize);
    if (tick && *tick == 0)
        tick = scale / 100;
    if (!low || !high || !tick || *tick < 0 || *low <= 0 || *high <= *low || levels < 2
        || levels > 200)
        return std::nullopt;
    std::vector<std::int64_t> prices;
    prices.reserve(std::size_t(levels));
    const int steps = levels - 1;
    if (!geometric) {
        for (int i = 0; i < levels; ++i) {
            const Int128 k = roundedQuotient(Int128(*high - *low) * i, Int128(*tick) * steps);
            const Int128 price = Int128(*low) + Int128(*tick) * k;
            if (!fits(price))
                return std::nullopt;
            prices.push_back(std::int64_t(price));
        }
    } else {
        // For display: the bot's ratio is an exact binary fraction, this one a double.
        const double ratio = std::pow(double(*high) / double(*low), 1.0 / steps);
        for (int i = 0; i < levels; ++i) {
            if (i == 0) {
                prices.push_back(*low);
            } else if (i == steps) {
                prices.push_back(*high);
            } else {
                const double exact = double(*low) * std::pow(ratio, i) / double(*tick);
                prices.push_back(std::int64_t(std::llround(exact)) * *tick);
            }
        }
    }
    QStringList result;
    for (std::size_t i = 0; i < prices.size(); ++i) {
        if (i > 0 && prices[i] <= prices[i - 1])
            return std::nullopt; // collapsed after rounding to the tick
        result << rawText(prices[i]);
    }
    return result;
}

std::optional<QString> gridCapitalNeeded(const QStringList& levels, QStringView quantity,
                                         QStringView price)
{
    const auto qty = rawOf(quantity);
    if (!qty || *qty <= 0 || levels.size() < 2)
        return std::nullopt;
    std::vector<std::int64_t> raws;
    for (const QString& level : levels) {
        const auto raw = rawOf(level);
        if (!raw)
            return std::nullopt;
        raws.push_back(*raw);
    }
    std::int64_t at = 0;
    if (price.trimmed().isEmpty()) {
        at = raws.front() + (raws.back() - raws.front()) / 2;
    } else {
        const auto raw = rawOf(price);
        if (!raw || *raw <= 0)
            return std::nullopt;
        at = *raw;
    }
    // The level nearest to the price stays empty (a tie goes to the lower level).
    std::size_t empty = 0;
    for (std::size_t i = 1; i < raws.size(); ++i) {
        const auto distance = [at](std::int64_t level) { return level > at ? level - at : at - level; };
        if (distance(raws[i]) < distance(raws[empty]))
            empty = i;
    }
    Int128 total = 0;
    for (std::size_t i = 0; i < empty; ++i)
        total += Int128(*qty) * raws[i] / scale;
    total += Int128(*qty) * Int128(raws.size() - 1 - empty) * at / scale;
    if (!fits(total))
        return std::nullopt;
    return rawText(std::int64_t(total));
}

std::vector<DcaStep> dcaPlan(QStringView baseOrder, QStringView safetyOrder, int maxSafetyOrders,
                             int deviationBasisPoints, int stepScalePercent,
                             int volumeScalePercent)
{
    const auto base = rawOf(baseOrder);
    const auto safety = rawOf(safetyOrder);
    if (!base || !safety || *base < 0 || *safety < 0 || maxSafetyOrders < 0
        || maxSafetyOrders > 50 || stepScalePercent <= 0 || volumeScalePercent <= 0)
        return {};
    std::vector<DcaStep> plan;
    double step = deviationBasisPoints / 100.0; // percent
    double deviation = 0;
    Int128 volume = *safety;
    Int128 total = *base;
    for (int k = 1; k <= maxSafetyOrders; ++k) {
        if (k > 1) {
            step *= stepScalePercent / 100.0;
            volume = roundedQuotient(volume * volumeScalePercent, 100);
        }
        deviation += step;
        total += volume;
        if (!fits(volume) || !fits(total))
            return {};
        plan.push_back({.index = k,
                        .deviationPercent = deviation,
                        .quote = rawText(std::int64_t(volume)),
                        .totalQuote = rawText(std::int64_t(total))});
    }
    return plan;
}

} // namespace bcf::app
