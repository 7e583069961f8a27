// Fuzz target for the strategy language front end (lexer, parser, compiler, one evaluation).
// Built two ways:
// - with clang -fsanitize=fuzzer (cmake -DBCF_LIBFUZZER=ON): a libFuzzer target for long runs;
// - otherwise with a small built-in driver that mutates the templates for a bounded number of
//   iterations, so a brief fuzz run is part of every CTest run.
// Invariants: never crash or hang; every error has a position inside the source.
#include "strategy/compiler.h"
#include "strategy/templates.h"

#include <algorithm>
#include <cstdint>
#include <vector>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>

namespace {

void check(std::string_view source)
{
    auto program = bcf::strategy::compileStrategy(source);
    if (!program) {
        const auto &error = program.error();
        const auto lines = 1 + std::count(source.begin(), source.end(), '\n');
        if (error.position.line < 1 || error.position.line > lines || error.position.column < 1 ||
            error.length < 1 || error.message.empty()) {
            std::fprintf(stderr, "bad error position %d:%d for input:\n%.*s\n", error.position.line,
                         error.position.column, static_cast<int>(source.size()), source.data());
            std::abort();
        }
        return;
    }
    // Compiled programs must evaluate without trouble, warm-up included.
    bcf::strategy::StrategyState state(*program);
    bcf::strategy::BarInput bar;
    for (int i = 0; i < 64; ++i) {
        bar.open = 100 + (i % 7);
        bar.high = bar.open + 2;
        bar.low = bar.open - 2;
        bar.close = bar.open + ((i % 3) - 1);
        bar.volume = 5 + i;
        bar.openTimeMs = i * 60'000LL;
        bar.closeTimeMs = bar.openTimeMs + 60'000;
        state.onBar(bar);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    check(std::string_view(reinterpret_cast<const char *>(data), size));
    return 0;
}

#ifndef BCF_LIBFUZZER
int main(int argc, char **argv)
{
    const long iterations = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 20000;
    std::mt19937_64 random(20261125); // fixed seed: a failure reproduces
    const std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz_0123456789 .,()[]+-*/^<>=!%\"#\n\t";
    std::vector<std::string> corpus;
    for (const auto &strategyTemplate : bcf::strategy::strategyTemplates())
        corpus.emplace_back(strategyTemplate.source);
    for (long i = 0; i < iterations; ++i) {
        std::string input = corpus[random() % corpus.size()];
        const int mutations = 1 + static_cast<int>(random() % 8);
        for (int m = 0; m < mutations && !input.empty(); ++m) {
            const std::size_t at = random() % input.size();
            switch (random() % 5) {
            case 0: input[at] = alphabet[random() % alphabet.size()]; break;
            case 1: input.insert(at, 1, alphabet[random() % alphabet.size()]); break;
            case 2: input.erase(at, 1 + random() % 8); break;
            case 3: { // splice a piece of another template in
                const std::string &other = corpus[random() % corpus.size()];
                const std::size_t from = random() % other.size();
                input.insert(at, other.substr(from, 1 + random() % 40));
                break;
            }
            default: input.insert(at, std::string(1 + random() % 80, "(["[random() % 2])); break;
            }
        }
        check(input);
        if (i % 97 == 0)
            corpus.push_back(std::move(input)); // grow the corpus with mutants
        if (corpus.size() > 200)
            corpus.erase(corpus.begin() + 5);
    }
    std::printf("fuzzed %ld inputs\n", iterations);
    return 0;
}
#endif
