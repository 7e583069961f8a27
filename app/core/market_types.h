#pragma once

#include <QLocale>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <QtGlobal>

#include "core/decimal.h"

#include <optional>
#include <vector>

// Market data as the workstation shows it: instruments, trades, order-book snapshots and 24-hour
// tickers of MarketDataService. Prices and quantities keep the server's decimal strings, which
// stay authoritative; the double beside each one is for drawing and display only (sizes of
// depth bars, colours, sorting), never for money arithmetic. Pure values and functions, usable
// on any thread.
namespace bcf::app {

// A decimal string of the protocol ("27123.45", at most 8 places, surrounding spaces allowed)
// as the fixed-point value the servers use; nullopt for anything else (exponents, "nan", more
// than 8 places). Parsed as a Price whatever it measures: only its exact value is used, for
// display arithmetic that must not round through a double (the spread, rounding to an
// instrument's precision).
std::optional<Price> parseProtocolDecimal(QStringView text);

// The decimal text of the protocol as a double for display; nullopt when it is not a plain
// decimal number.
std::optional<double> decimalToDouble(QStringView text);

// `text` (a protocol decimal) rounded to `decimals` places and written with the locale's
// decimal point, without group separators; the text itself when it is not a decimal.
QString formatDecimal(QStringView text, int decimals, const QLocale& locale = QLocale());

// A large amount in a short form: 1.23K, 4.56M, 7.89B (the locale's decimal point).
QString formatCompact(double value, const QLocale& locale = QLocale());

// A tradable pair (MarketDataService.ListInstruments).
struct Instrument {
    QString exchange;
    QString symbol;
    QString base;
    QString quote;
    QString tickSize;
    QString lotSize;
    QString minNotional;
    int pricePrecision = 2;
    int quantityPrecision = 8;

    friend bool operator==(const Instrument&, const Instrument&) = default;
};

// The symbols of `instruments` of one exchange, in their order.
QStringList symbolsOf(const std::vector<Instrument>& instruments, const QString& exchange);

// The taker's side of a trade.
enum class Side { Unknown, Buy, Sell };

struct Trade {
    qint64 id = 0;
    qint64 timeMs = 0;
    QString price;
    QString quantity;
    Side aggressor = Side::Unknown;
    double priceValue = 0;    // display only
    double quantityValue = 0; // display only

    friend bool operator==(const Trade&, const Trade&) = default;
};

// Builds a trade from the protocol's strings; nullopt when the price or quantity is not a
// decimal number or is negative.
std::optional<Trade> tradeFromDecimals(qint64 id, qint64 timeMs, QStringView price,
                                       QStringView quantity, Side aggressor);

struct BookLevel {
    QString price;
    QString quantity;
    double priceValue = 0;    // display only
    double quantityValue = 0; // display only

    friend bool operator==(const BookLevel&, const BookLevel&) = default;
};

// The best levels of an L2 book, best first on each side.
struct BookSnapshot {
    qint64 updateId = 0;
    qint64 timeMs = 0;
    std::vector<BookLevel> bids;
    std::vector<BookLevel> asks;

    friend bool operator==(const BookSnapshot&, const BookSnapshot&) = default;
};

// Builds a level from the protocol's strings; nullopt when a number is unreadable or negative.
std::optional<BookLevel> bookLevelFromDecimals(QStringView price, QStringView quantity);

// Running totals of the levels' quantities, best level first (display only).
std::vector<double> cumulativeQuantities(const std::vector<BookLevel>& levels);

// Best ask − best bid, exact, with the larger of the two scales; nullopt when a side is empty
// or the prices are unreadable.
std::optional<Price> bookSpread(const BookSnapshot& book);

// (best bid + best ask) / 2 for drawing; nullopt when a side is empty.
std::optional<double> bookMidPrice(const BookSnapshot& book);

// Rolling 24-hour statistics of a symbol (MarketDataService.StreamTickers).
struct Ticker {
    QString exchange;
    QString symbol;
    QString lastPrice;
    QString openPrice; // the price 24 hours ago
    QString highPrice;
    QString lowPrice;
    QString volume;      // base asset
    QString quoteVolume; // quote asset
    qint64 timeMs = 0;

    friend bool operator==(const Ticker&, const Ticker&) = default;
};

// The change of the last price against the open price 24 hours ago, in percent; nullopt when
// the open price is zero or a price is unreadable.
std::optional<double> changePercent(const Ticker& ticker);

} // namespace bcf::app

Q_DECLARE_METATYPE(bcf::app::Trade)
Q_DECLARE_METATYPE(bcf::app::BookSnapshot)
Q_DECLARE_METATYPE(bcf::app::Ticker)
