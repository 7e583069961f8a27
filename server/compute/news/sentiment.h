#pragma once

#include <string>
#include <string_view>
#include <vector>

// Sentiment of a headline by the product's own lexicon (docs/news.md, "Sentiment"): words and
// phrases of crypto and market news with a valence from -4 to +4, negations ("not", "no",
// "never", "without" within the three words before) flip and damp a valence, intensifiers
// ("very", "sharply", …) scale it; the sum s is normalised to s / sqrt(s² + 15) in (-1, 1), as
// VADER does (Hutto & Gilbert 2014). The lexicon (server/compute/news/lexicon.tsv) was written
// for this product and ships under the product's license.
namespace bcf::compute::news {

// -1 … 1; 0 for a text without lexicon words.
double sentimentOf(std::string_view text);

// The lower-case words of a text (letters, digits, '-' and '\''), for scoring and tagging.
std::vector<std::string> wordsOf(std::string_view text);

// The assets a text names, by ticker and common name (BTC: "btc", "bitcoin"; ETH: "eth",
// "ether", "ethereum"; …), sorted, each once.
std::vector<std::string> assetsNamedIn(std::string_view text);

// Every lexicon entry, for the documentation and tests.
struct LexiconEntry {
    std::string phrase;
    double valence = 0;
};
const std::vector<LexiconEntry> &lexicon();

} // namespace bcf::compute::news
