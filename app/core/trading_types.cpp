#include "core/trading_types.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <limits>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

// The user may type more than the protocol holds; the fixed point's own arithmetic would abort
// on an overflow, so products are computed in 128 bits and checked here.
std::optional<std::int64_t> fitsRaw(Int128 value)
{
    if (value > Int128(std::numeric_limits<std::int64_t>::max())
        || value < Int128(std::numeric_limits<std::int64_t>::min()))
        return std::nullopt;
    return std::int64_t(value);
}

QString rawText(std::int64_t raw)
{
    return QString::fromStdString(Price::fromRaw(raw).toString());
}

} // namespace

bool isOpenState(OrderState state)
{
    switch (state) {
    case OrderState::New:
    case OrderState::Submitted:
    case OrderState::Accepted:
    case OrderState::PartiallyFilled:
        return true;
    default:
        return false;
    }
}

QString orderTypeName(OrderType type)
{
    switch (type) {
    case OrderType::Market:
        return QCoreApplication::translate("bcf::app::Trading", "Market");
    case OrderType::Limit:
        return QCoreApplication::translate("bcf::app::Trading", "Limit");
    case OrderType::StopMarket:
        return QCoreApplication::translate("bcf::app::Trading", "Stop market");
    case OrderType::StopLimit:
        return QCoreApplication::translate("bcf::app::Trading", "Stop limit");
    case OrderType::TrailingStop:
        return QCoreApplication::translate("bcf::app::Trading", "Trailing stop");
    }
    return {};
}

QString timeInForceName(TimeInForce tif)
{
    switch (tif) {
    case TimeInForce::GoodTillCancel:
        return QCoreApplication::translate("bcf::app::Trading", "GTC");
    case TimeInForce::ImmediateOrCancel:
        return QCoreApplication::translate("bcf::app::Trading", "IOC");
    case TimeInForce::FillOrKill:
        return QCoreApplication::translate("bcf::app::Trading", "FOK");
    }
    return {};
}

QString orderStateName(OrderState state)
{
    switch (state) {
    case OrderState::Unspecified:
        return QCoreApplication::translate("bcf::app::Trading", "Unknown");
    case OrderState::New:
        return QCoreApplication::translate("bcf::app::Trading", "New");
    case OrderState::Submitted:
        return QCoreApplication::translate("bcf::app::Trading", "Submitted");
    case OrderState::Accepted:
        return QCoreApplication::translate("bcf::app::Trading", "Open");
    case OrderState::PartiallyFilled:
        return QCoreApplication::translate("bcf::app::Trading", "Partially filled");
    case OrderState::Filled:
        return QCoreApplication::translate("bcf::app::Trading", "Filled");
    case OrderState::Cancelled:
        return QCoreApplication::translate("bcf::app::Trading", "Cancelled");
    case OrderState::Rejected:
        return QCoreApplication::translate("bcf::app::Trading", "Rejected");
    case OrderState::Expired:
        return QCoreApplication::translate("bcf::app::Trading", "Expired");
    }
    return {};
}

QString sideName(Side side)
{
    switch (side) {
    case Side::Buy:
        return QCoreApplication::translate("bcf::app::Trading", "Buy");
    case Side::Sell:
        return QCoreApplication::translate("bcf::app::Trading", "Sell");
    case Side::Unknown:
        break;
    }
    return {};
}

QString accountStateName(const QString& state)
{
    if (state == u"ACTIVE")
        return QCoreApplication::translate("bcf::app::Trading", "Active");
    if (state == u"REDUCING")
        return QCoreApplication::translate("bcf::app::Trading", "Reduce only");
    if (state == u"HALTED")
        return QCoreApplication::translate("bcf::app::Trading", "Halted");
    return state;
}

bool hasLimitPrice(OrderType type)
{
    return type == OrderType::Limit || type == OrderType::StopLimit;
}

bool hasStopPrice(OrderType type)
{
    return type == OrderType::StopMarket || type == OrderType::StopLimit;
}

bool allowsTimeInForce(OrderType type, TimeInForce tif)
{
    return tif == TimeInForce::GoodTillCancel || type == OrderType::Limit;
}

QString normalizedVenue(const QString& venue)
{
    return venue.isEmpty() ? paperVenue.toString() : venue;
}

bool isLiveVenue(const QString& venue)
{
    return !venue.isEmpty() && venue != paperVenue;
}

QStringList tradableVenues(const QStringList& fromServer)
{
    QStringList venues{paperVenue.toString()};
    for (const QString& venue : fromServer) {
        const QString name = venue.trimmed();
        if (!name.isEmpty() && !venues.contains(name))
            venues.append(name);
    }
    return venues;
}

QString venueDisplayName(const QString& venue)
{
    const QString name = normalizedVenue(venue);
    if (name == paperVenue)
        return QCoreApplication::translate("bcf::app::Trading", "Paper");
    if (name == u"binance")
        return QCoreApplication::translate("bcf::app::Trading", "Binance (live)");
    return name;
}

QString exchangeDisplayName(const QString& exchange)
{
    if (exchange == u"binance")
        return QCoreApplication::translate("bcf::app::Trading", "Binance");
    return exchange;
}

QString apiKeyHintText(const QString& hint)
{
    return hint.isEmpty() ? QString() : u"…"_s + hint;
}

const Balance* Portfolio::balance(const QString& asset) const
{
    for (const Balance& line : balances) {
        if (line.asset == asset)
            return &line;
    }
    return nullptr;
}

std::optional<std::pair<QString, QString>> splitFieldError(const QString& message)
{
    static const QRegularExpression pattern(u"^([a-z][a-z-]*(?: [a-z][a-z-]*){0,3}): (.+)$"_s,
                                            QRegularExpression::DotMatchesEverythingOption);
    const auto match = pattern.match(message.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    return std::pair{match.captured(1), match.captured(2)};
}

std::optional<QString> multiplyDecimals(QStringView price, QStringView quantity)
{
    const auto p = parseProtocolDecimal(price);
    const auto q = parseProtocolDecimal(quantity);
    if (!p || !q || p->isNegative() || q->isNegative())
        return std::nullopt;
    const Int128 product = Int128(p->raw()) * q->raw();
    // Checked before rounding: roundedDivide() aborts on an overflow.
    if (!fitsRaw(product / Price::kScale + 1))
        return std::nullopt;
    return rawText(roundedDivide(product, Price::kScale));
}

std::optional<QString> quantityForShare(QStringView funds, int percent, Side side,
                                        QStringView price, QStringView lotSize)
{
    const auto available = parseProtocolDecimal(funds);
    if (!available || available->isNegative() || percent <= 0 || percent > 100)
        return std::nullopt;
    // The share of the funds, rounded down: never more than the balance holds.
    const Int128 share = Int128(available->raw()) * percent / 100;
    Int128 quantity = share;
    if (side == Side::Buy) {
        const auto unitPrice = parseProtocolDecimal(price);
        if (!unitPrice || unitPrice->raw() <= 0)
            return std::nullopt;
        quantity = share * Price::kScale / unitPrice->raw();
    }
    auto raw = fitsRaw(quantity);
    if (!raw)
        return std::nullopt;
    if (const auto lot = parseProtocolDecimal(lotSize); lot && lot->raw() > 0)
        *raw -= *raw % lot->raw();
    if (*raw <= 0)
        return std::nullopt;
    return rawText(*raw);
}

std::optional<int> percentToBasisPoints(QStringView percent)
{
    const auto value = parseProtocolDecimal(percent);
    if (!value || value->raw() % (Price::kScale / 100) != 0)
        return std::nullopt;
    const std::int64_t basisPoints = value->raw() / (Price::kScale / 100);
    if (basisPoints < 1 || basisPoints > 2000)
        return std::nullopt;
    return int(basisPoints);
}

bool isPositiveDecimal(QStringView text)
{
    const auto value = parseProtocolDecimal(text);
    return value && value->raw() > 0;
}

int decimalSign(QStringView text)
{
    const auto value = parseProtocolDecimal(text);
    if (!value || value->isZero())
        return 0;
    return value->isNegative() ? -1 : 1;
}

QString formatAmount(QStringView text, int decimals, int minimumDecimals, const QLocale& locale)
{
    if (text.trimmed().isEmpty())
        return {};
    if (decimals >= 0)
        return formatDecimal(text, decimals, locale);
    const auto value = parseProtocolDecimal(text);
    if (!value)
        return text.toString();
    // The shortest exact text, padded to the minimum number of places.
    QString exact = QString::fromStdString(value->toString());
    const qsizetype point = exact.indexOf(u'.');
    const int places = point < 0 ? 0 : int(exact.size() - point - 1);
    if (places < minimumDecimals)
        return formatDecimal(text, minimumDecimals, locale);
    return formatDecimal(text, places, locale);
}

QString formatSignedAmount(QStringView text, int decimals, const QLocale& locale)
{
    const QString shown = formatAmount(text, decimals, 2, locale);
    if (decimalSign(text) > 0)
        return locale.positiveSign() + shown;
    return shown;
}

} // namespace bcf::app
