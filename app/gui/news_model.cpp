#include "gui/news_model.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

// Newest first: by fetch time, then by the feed's date, then by headline (a stable order for
// the items of one fetch).
bool newerFirst(const NewsItem& a, const NewsItem& b)
{
    if (a.fetchedMs != b.fetchedMs)
        return a.fetchedMs > b.fetchedMs;
    if (a.publishedMs != b.publishedMs)
        return a.publishedMs > b.publishedMs;
    return a.title < b.title;
}

// At most `limit` characters of a summary for a tooltip, cut at a word.
QString excerpt(const QString& text, int limit)
{
    if (text.size() <= limit)
        return text;
    int cut = int(text.lastIndexOf(u' ', limit));
    if (cut < limit / 2)
        cut = limit;
    return text.left(cut) + u"…"_s;
}

} // namespace

NewsModel::NewsModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_positive(0x26, 0xa6, 0x9a)
    , m_negative(0xef, 0x53, 0x50)
    , m_neutral(0x86, 0x89, 0x93)
{
}

void NewsModel::setItems(std::vector<NewsItem> items)
{
    std::stable_sort(items.begin(), items.end(), newerFirst);
    beginResetModel();
    m_items = std::move(items);
    filter();
    endResetModel();
}

void NewsModel::clear()
{
    setItems({});
}

void NewsModel::setAsset(const QString& asset)
{
    if (asset == m_asset)
        return;
    beginResetModel();
    m_asset = asset;
    filter();
    endResetModel();
}

void NewsModel::filter()
{
    m_rows.clear();
    for (int i = 0; i < int(m_items.size()); ++i) {
        if (m_asset.isEmpty() || m_items[std::size_t(i)].assets.contains(m_asset))
            m_rows.push_back(i);
    }
}

const NewsItem* NewsModel::item(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return nullptr;
    return &m_items[std::size_t(m_rows[std::size_t(row)])];
}

void NewsModel::setColors(const QColor& positive, const QColor& negative, const QColor& neutral)
{
    m_positive = positive;
    m_negative = negative;
    m_neutral = neutral;
    if (!m_rows.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QColor NewsModel::toneColor(double sentiment) const
{
    switch (sentimentTone(sentiment)) {
    case SentimentTone::Positive:
        return m_positive;
    case SentimentTone::Negative:
        return m_negative;
    case SentimentTone::Neutral:
        break;
    }
    return m_neutral;
}

QString NewsModel::timeText(qint64 unixMs)
{
    if (unixMs <= 0)
        return u"—"_s;
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(unixMs).toLocalTime(),
                              QLocale::ShortFormat);
}

int NewsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int NewsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NewsModel::data(const QModelIndex& index, int role) const
{
    const NewsItem* shown = index.isValid() ? item(index.row()) : nullptr;
    if (!shown)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case TimeColumn:
            return timeText(shown->fetchedMs);
        case SourceColumn:
            return shown->feedName;
        case SentimentColumn:
            return sentimentText(shown->sentiment);
        case HeadlineColumn:
            return shown->title;
        case AssetsColumn:
            return shown->assets.isEmpty() ? u"—"_s : shown->assets.join(u", "_s);
        case ColumnCount:
            break;
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == SentimentColumn)
            return toneColor(shown->sentiment);
        if (index.column() == TimeColumn
            || (index.column() == AssetsColumn && shown->assets.isEmpty()))
            return m_neutral;
        break;
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case TimeColumn:
            if (shown->publishedMs > 0)
                return tr("Fetched %1; the feed dates it %2.")
                    .arg(timeText(shown->fetchedMs), timeText(shown->publishedMs));
            return tr("Fetched %1; the feed gives no date.").arg(timeText(shown->fetchedMs));
        case SentimentColumn:
            return tr("Sentiment %1 (%2), scored by the product's lexicon from −1 to +1.")
                .arg(sentimentText(shown->sentiment),
                     sentimentToneName(sentimentTone(shown->sentiment)).toLower());
        case HeadlineColumn:
            if (shown->summary.isEmpty())
                return shown->title;
            return u"<p><b>%1</b></p><p>%2</p>"_s.arg(shown->title.toHtmlEscaped(),
                                                      excerpt(shown->summary, 400).toHtmlEscaped());
        case SourceColumn:
        case AssetsColumn:
        case ColumnCount:
            break;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == SentimentColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case SentimentRole:
        return shown->sentiment;
    case LinkRole:
        return shown->link;
    default:
        break;
    }
    return {};
}

QVariant NewsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        if (section == TimeColumn)
            return tr("When the servers first fetched the item (your local time): strategies "
                      "see it from then on");
        if (section == SentimentColumn)
            return tr("The item's score from −1 (negative) to +1 (positive)");
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn:
        return tr("Fetched");
    case SourceColumn:
        return tr("Source");
    case SentimentColumn:
        return tr("Sentiment");
    case HeadlineColumn:
        return tr("Headline");
    case AssetsColumn:
        return tr("Assets");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace bcf::app
