#include "kline_import.h"

#include <zip.h>

#include <fstream>
#include <memory>
#include <sstream>

namespace bcf::ctl {
namespace {

struct Source {
    std::string name;   // path, or path:entry for zip members
    std::string text;
};

bool endsWith(const std::string &text, std::string_view suffix)
{
    return text.size() >= suffix.size()
           && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Result<std::vector<Source>> readSources(const std::string &path)
{
    if (!endsWith(path, ".zip")) {
        std::ifstream file(path, std::ios::binary);
        if (!file)
            return makeError(ErrorCode::InvalidArgument, path + ": cannot open the file");
        std::stringstream buffer;
        buffer << file.rdbuf();
        return std::vector<Source>{{path, buffer.str()}};
    }
    int errorCode = 0;
    std::unique_ptr<zip_t, decltype(&zip_close)> archive(zip_open(path.c_str(), ZIP_RDONLY,
                                                                  &errorCode),
                                                         &zip_close);
    if (!archive) {
        zip_error_t error;
        zip_error_init_with_code(&error, errorCode);
        std::string message = path + ": cannot open the zip file: " + zip_error_strerror(&error);
        zip_error_fini(&error);
        return makeError(ErrorCode::InvalidArgument, message);
    }
    std::vector<Source> sources;
    const zip_int64_t entries = zip_get_num_entries(archive.get(), 0);
    for (zip_int64_t index = 0; index < entries; ++index) {
        zip_stat_t stat;
        if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0)
            continue;
        const std::string entryName = stat.name;
        if (!endsWith(entryName, ".csv"))
            continue;
        std::unique_ptr<zip_file_t, decltype(&zip_fclose)> entry(
            zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(index), 0), &zip_fclose);
        if (!entry)
            return makeError(ErrorCode::InvalidArgument,
                             path + ":" + entryName + ": cannot read the entry");
        std::string text(static_cast<std::size_t>(stat.size), '\0');
        if (zip_fread(entry.get(), text.data(), stat.size) != static_cast<zip_int64_t>(stat.size))
            return makeError(ErrorCode::InvalidArgument,
                             path + ":" + entryName + ": the entry is truncated");
        sources.push_back({path + ":" + entryName, std::move(text)});
    }
    if (sources.empty())
        return makeError(ErrorCode::InvalidArgument, path + ": the zip file holds no .csv entry");
    return sources;
}

} // namespace

Result<ImportReport> importKlines(server::CandleStore &store, const ImportRequest &request,
                                  const std::function<void(std::size_t, std::size_t)> &progress)
{
    ImportReport report;
    std::vector<model::Candle> candles;
    for (const std::string &path : request.files) {
        auto sources = readSources(path);
        if (!sources)
            return std::unexpected(sources.error());
        for (const Source &source : *sources) {
            std::int64_t lineNumber = 0;
            std::size_t start = 0;
            while (start < source.text.size()) {
                std::size_t end = source.text.find('\n', start);
                if (end == std::string::npos)
                    end = source.text.size();
                const std::string_view line(source.text.data() + start, end - start);
                start = end + 1;
                ++lineNumber;
                if (line.empty() || line == "\r")
                    continue;
                model::CsvError error;
                auto candle = model::parseKlineLine(line, request.format, request.timeframe,
                                                    lineNumber == 1, error);
                if (!candle)
                    return makeError(ErrorCode::InvalidArgument,
                                     source.name + ":" + std::to_string(lineNumber) + ":"
                                         + std::to_string(error.column) + ": " + error.message);
                if (*candle)
                    candles.push_back(**candle);
            }
        }
        ++report.files;
    }
    report.rows = candles.size();

    constexpr std::size_t kBatch = 250'000;
    for (std::size_t offset = 0; offset < candles.size(); offset += kBatch) {
        const auto last = std::min(candles.size(), offset + kBatch);
        const std::vector<model::Candle> batch(candles.begin() + static_cast<long>(offset),
                                               candles.begin() + static_cast<long>(last));
        auto written = store.ingest(request.exchange, request.symbol, batch);
        if (!written)
            return std::unexpected(written.error());
        report.written += *written;
        if (progress)
            progress(last, candles.size());
    }
    return report;
}

} // namespace bcf::ctl
