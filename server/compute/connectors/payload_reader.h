#pragma once

#include "core/result.h"
#include "model/order_book.h"

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

namespace bcf::connectors {

// Reading one exchange's JSON payloads (simdjson's DOM API: the whole document is validated
// before anything reads it, so corrupt input fails at parse, never half-way through a decoder).
// Every failure is InvalidArgument, "malformed <exchange> payload: <what>", naming the field.
// Used by the exchanges' decoders; one parser per thread.
class PayloadReader final {
public:
    using array = simdjson::dom::array;
    using element = simdjson::dom::element;
    using object = simdjson::dom::object;

    explicit constexpr PayloadReader(const char *exchange) : m_exchange(exchange) {}

    Error malformed(const std::string &what) const
    {
        return {ErrorCode::InvalidArgument,
                std::string("malformed ") + m_exchange + " payload: " + what};
    }

    // The document stays valid until this thread parses the next one.
    Result<element> parse(std::string_view json) const
    {
        thread_local simdjson::dom::parser parser;
        element document;
        if (parser.parse(json.data(), json.size()).get(document))
            return std::unexpected(malformed("not valid JSON"));
        return document;
    }

    Result<std::string_view> stringField(const object &source, const char *name) const
    {
        std::string_view value;
        if (source[name].get_string().get(value))
            return std::unexpected(malformed(fieldError(name, "a string")));
        return value;
    }

    Result<std::int64_t> integerField(const object &source, const char *name) const
    {
        std::int64_t value = 0;
        if (source[name].get_int64().get(value))
            return std::unexpected(malformed(fieldError(name, "an integer")));
        return value;
    }

    Result<bool> boolField(const object &source, const char *name) const
    {
        bool value = false;
        if (source[name].get_bool().get(value))
            return std::unexpected(malformed(fieldError(name, "a boolean")));
        return value;
    }

    Result<object> objectField(const object &source, const char *name) const
    {
        object value;
        if (source[name].get_object().get(value))
            return std::unexpected(malformed(fieldError(name, "an object")));
        return value;
    }

    Result<array> arrayField(const object &source, const char *name) const
    {
        array value;
        if (source[name].get_array().get(value))
            return std::unexpected(malformed(fieldError(name, "an array")));
        return value;
    }

    // A price, quantity or amount; exchanges never send a negative one in market data.
    template <typename T>
    Result<T> decimal(std::string_view text, const std::string &field) const
    {
        auto parsed = T::parse(text);
        if (!parsed)
            return std::unexpected(malformed(field + ": " + parsed.error().message));
        if (parsed->isNegative())
            return std::unexpected(malformed(field + ": negative"));
        return parsed;
    }

    template <typename T>
    Result<T> decimalField(const object &source, const char *name) const
    {
        auto text = stringField(source, name);
        if (!text)
            return std::unexpected(text.error());
        return decimal<T>(*text, name);
    }

    // Book levels as string pairs, the way Binance and Bybit both send them:
    // [["0.0024", "10"], …].
    Result<std::vector<model::BookLevel>> levels(const object &source, const char *name) const
    {
        auto side = arrayField(source, name);
        if (!side)
            return std::unexpected(side.error());
        std::vector<model::BookLevel> out;
        out.reserve(side->size());
        for (element entry : *side) {
            array pair;
            std::string_view price, quantity;
            if (entry.get_array().get(pair) || pair.size() != 2
                || pair.at(0).get_string().get(price) || pair.at(1).get_string().get(quantity))
                return std::unexpected(
                    malformed(std::string(name) + ": a level is not [price, quantity]"));
            auto parsedPrice = decimal<Price>(price, name);
            if (!parsedPrice)
                return std::unexpected(parsedPrice.error());
            auto parsedQuantity = decimal<Quantity>(quantity, name);
            if (!parsedQuantity)
                return std::unexpected(parsedQuantity.error());
            out.push_back({*parsedPrice, *parsedQuantity});
        }
        return out;
    }

private:
    static std::string fieldError(const char *name, const char *what)
    {
        return std::string("field \"") + name + "\" missing or not " + what;
    }

    const char *m_exchange;
};

// Early return of a failed Result in the decoders: BCF_TRY(name, expression) declares `name`.
#define BCF_TRY(variable, expression)                                                             \
    auto variable##Result = (expression);                                                         \
    if (!variable##Result)                                                                        \
        return std::unexpected(variable##Result.error());                                         \
    auto variable = *variable##Result

} // namespace bcf::connectors
