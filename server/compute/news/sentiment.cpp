#include "news/sentiment.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

namespace bcf::compute::news {

namespace {

// The product's lexicon of crypto and market news (valence -4 … +4), written for BotCriptoFy2
// and licensed with it. Multi-word phrases are matched before single words.
const std::vector<LexiconEntry> kLexicon = {
    // Price moves
    {"surge", 3}, {"surges", 3}, {"surged", 3}, {"soar", 3}, {"soars", 3}, {"soared", 3},
    {"rally", 2.5}, {"rallies", 2.5}, {"rallied", 2.5}, {"jump", 2}, {"jumps", 2}, {"jumped", 2},
    {"gain", 1.5}, {"gains", 1.5}, {"gained", 1.5}, {"rise", 1.5}, {"rises", 1.5}, {"rose", 1.5},
    {"climb", 1.5}, {"climbs", 1.5}, {"climbed", 1.5}, {"rebound", 2}, {"rebounds", 2},
    {"recover", 1.5}, {"recovers", 1.5}, {"recovery", 1.5}, {"breakout", 2}, {"all-time high", 3},
    {"record high", 3}, {"new high", 2.5}, {"bull run", 3}, {"bullish", 2.5}, {"uptrend", 2},
    {"plunge", -3}, {"plunges", -3}, {"plunged", -3}, {"crash", -3.5}, {"crashes", -3.5},
    {"crashed", -3.5}, {"tumble", -2.5}, {"tumbles", -2.5}, {"tumbled", -2.5}, {"slump", -2.5},
    {"slumps", -2.5}, {"drop", -1.5}, {"drops", -1.5}, {"dropped", -1.5}, {"fall", -1.5},
    {"falls", -1.5}, {"fell", -1.5}, {"decline", -1.5}, {"declines", -1.5}, {"declined", -1.5},
    {"sell-off", -2.5}, {"selloff", -2.5}, {"dump", -2.5}, {"dumps", -2.5}, {"bearish", -2.5},
    {"downtrend", -2}, {"correction", -1.5}, {"capitulation", -3}, {"liquidations", -2},
    {"liquidated", -2}, {"new low", -2.5}, {"bear market", -2.5},
    // Adoption, business, regulation
    {"adoption", 2}, {"adopts", 2}, {"approval", 2.5}, {"approved", 2.5}, {"approves", 2.5},
    {"etf approval", 3}, {"partnership", 1.5}, {"partners", 1}, {"launch", 1}, {"launches", 1},
    {"upgrade", 1.5}, {"upgraded", 1.5}, {"integration", 1}, {"inflows", 2}, {"inflow", 2},
    {"accumulation", 1.5}, {"institutional", 1}, {"milestone", 1.5}, {"growth", 1.5},
    {"profit", 1.5}, {"profits", 1.5}, {"profitable", 1.5}, {"optimism", 2}, {"optimistic", 2},
    {"confidence", 1.5}, {"strong", 1.5}, {"strength", 1.5}, {"win", 1.5}, {"wins", 1.5},
    {"outflows", -2}, {"outflow", -2}, {"ban", -3}, {"bans", -3}, {"banned", -3},
    {"crackdown", -3}, {"lawsuit", -2}, {"sues", -2}, {"sued", -2}, {"charges", -1.5},
    {"charged", -2}, {"fine", -1}, {"fined", -2}, {"investigation", -2}, {"probe", -1.5},
    {"rejects", -2.5}, {"rejected", -2.5}, {"rejection", -2.5}, {"delay", -1}, {"delays", -1},
    {"delayed", -1}, {"delist", -2.5}, {"delisted", -2.5}, {"delisting", -2.5},
    // Security and failures
    {"hack", -3.5}, {"hacked", -3.5}, {"hacks", -3.5}, {"exploit", -3}, {"exploited", -3},
    {"breach", -3}, {"stolen", -3}, {"theft", -3}, {"scam", -3.5}, {"fraud", -3.5},
    {"rug pull", -3.5}, {"insolvent", -3.5}, {"insolvency", -3.5}, {"bankrupt", -3.5},
    {"bankruptcy", -3.5}, {"collapse", -3.5}, {"collapses", -3.5}, {"collapsed", -3.5},
    {"outage", -2}, {"halted", -2}, {"halts", -2}, {"depeg", -3}, {"depegged", -3},
    {"contagion", -3}, {"panic", -3}, {"fear", -2}, {"fears", -2}, {"uncertainty", -1.5},
    {"volatile", -0.5}, {"risk", -1}, {"risks", -1}, {"warning", -1.5}, {"warns", -1.5},
    {"weak", -1.5}, {"weakness", -1.5}, {"loss", -1.5}, {"losses", -2}, {"concern", -1.5},
    {"concerns", -1.5}, {"pessimism", -2}, {"pessimistic", -2},
};

const std::set<std::string> kNegations = {"not", "no", "never", "without", "isn't", "aren't",
                                          "wasn't", "won't", "doesn't", "didn't", "don't", "cannot"};
const std::map<std::string, double> kIntensifiers = {
    {"very", 1.3}, {"sharply", 1.4}, {"massive", 1.4}, {"massively", 1.4}, {"huge", 1.3},
    {"record", 1.2}, {"extremely", 1.5}, {"slightly", 0.6}, {"modest", 0.7}, {"modestly", 0.7},
    {"mild", 0.7}, {"briefly", 0.7}};

// Common names of assets (tickers match themselves).
const std::map<std::string, std::string> kAssetNames = {
    {"bitcoin", "BTC"}, {"btc", "BTC"}, {"xbt", "BTC"}, {"ethereum", "ETH"}, {"ether", "ETH"},
    {"eth", "ETH"}, {"bnb", "BNB"}, {"binance coin", "BNB"}, {"solana", "SOL"}, {"sol", "SOL"},
    {"xrp", "XRP"}, {"ripple", "XRP"}, {"cardano", "ADA"}, {"ada", "ADA"}, {"dogecoin", "DOGE"},
    {"doge", "DOGE"}, {"tether", "USDT"}, {"usdt", "USDT"}, {"usdc", "USDC"}, {"litecoin", "LTC"},
    {"ltc", "LTC"}, {"polkadot", "DOT"}, {"avalanche", "AVAX"}, {"avax", "AVAX"}, {"chainlink", "LINK"},
    {"tron", "TRX"}, {"trx", "TRX"}, {"polygon", "POL"}};

} // namespace

const std::vector<LexiconEntry> &lexicon() { return kLexicon; }

std::vector<std::string> wordsOf(std::string_view text)
{
    std::vector<std::string> words;
    std::string word;
    for (const char raw : text) {
        const auto c = static_cast<unsigned char>(raw);
        if (std::isalnum(c) || c == '-' || c == '\'' || c >= 0x80) {
            word.push_back(static_cast<char>(std::tolower(c)));
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty())
        words.push_back(std::move(word));
    for (std::string &w : words)
        while (!w.empty() && (w.back() == '\'' || w.back() == '-'))
            w.pop_back();
    std::erase_if(words, [](const std::string &w) { return w.empty(); });
    return words;
}

double sentimentOf(std::string_view text)
{
    static const std::map<std::string, double> entries = [] {
        std::map<std::string, double> out;
        for (const LexiconEntry &entry : kLexicon)
            out[entry.phrase] = entry.valence;
        return out;
    }();
    const std::vector<std::string> words = wordsOf(text);
    double sum = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
        // Two-word phrases first ("record high", "rug pull").
        double valence = 0;
        std::size_t length = 1;
        if (i + 1 < words.size())
            if (const auto two = entries.find(words[i] + " " + words[i + 1]); two != entries.end()) {
                valence = two->second;
                length = 2;
            }
        if (length == 1) {
            const auto one = entries.find(words[i]);
            if (one == entries.end())
                continue;
            valence = one->second;
        }
        // An intensifier right after the word ("rallies sharply") scales it too.
        if (i + length < words.size())
            if (const auto scale = kIntensifiers.find(words[i + length]); scale != kIntensifiers.end())
                valence *= scale->second;
        for (std::size_t back = 1; back <= 3 && back <= i; ++back) {
            const std::string &before = words[i - back];
            if (kNegations.contains(before))
                valence *= -0.74; // VADER's negation factor
            else if (const auto scale = kIntensifiers.find(before); scale != kIntensifiers.end() && back == 1)
                valence *= scale->second;
        }
        sum += valence;
        i += length - 1;
    }
    return sum == 0 ? 0.0 : sum / std::sqrt(sum * sum + 15.0);
}

std::vector<std::string> assetsNamedIn(std::string_view text)
{
    const std::vector<std::string> words = wordsOf(text);
    std::set<std::string> assets;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (const auto one = kAssetNames.find(words[i]); one != kAssetNames.end())
            assets.insert(one->second);
        if (i + 1 < words.size())
            if (const auto two = kAssetNames.find(words[i] + " " + words[i + 1]); two != kAssetNames.end())
                assets.insert(two->second);
    }
    return {assets.begin(), assets.end()};
}

} // namespace bcf::compute::news
