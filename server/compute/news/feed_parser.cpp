#include "news/feed_parser.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QXmlStreamReader>

#include <cstring>

namespace bcf::compute::news {

namespace {

std::string plainText(const QString &html)
{
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    QString text = html;
    text.remove(tags);
    text.replace(QStringLiteral("&nbsp;"), QStringLiteral(" "));
    text.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
    text.replace(QStringLiteral("&lt;"), QStringLiteral("<"));
    text.replace(QStringLiteral("&gt;"), QStringLiteral(">"));
    text.replace(QStringLiteral("&quot;"), QStringLiteral("\""));
    text.replace(QStringLiteral("&#39;"), QStringLiteral("'"));
    return text.replace(spaces, QStringLiteral(" ")).trimmed().toStdString();
}

std::optional<TimePoint> dateOf(const QString &raw)
{
    // RFC 822 allows zone names that Qt's RFC 2822 parser does not take: use their offsets.
    static const std::pair<const char *, const char *> kZones[] = {
        {" GMT", " +0000"}, {" UTC", " +0000"}, {" UT", " +0000"}, {" Z", " +0000"},   {" EST", " -0500"},
        {" EDT", " -0400"}, {" CST", " -0600"}, {" CDT", " -0500"}, {" MST", " -0700"}, {" MDT", " -0600"},
        {" PST", " -0800"}, {" PDT", " -0700"}};
    QString text = raw.trimmed();
    for (const auto &[name, offset] : kZones)
        if (text.endsWith(QLatin1String(name))) {
            text.chop(int(std::strlen(name)));
            text += QLatin1String(offset);
            break;
        }
    QDateTime time = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!time.isValid())
        time = QDateTime::fromString(text.trimmed(), Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(text.trimmed(), Qt::ISODate);
    if (!time.isValid())
        return std::nullopt;
    return fromUnixMillis(time.toMSecsSinceEpoch());
}

} // namespace

Result<ParsedFeed> parseFeed(const QByteArray &document)
{
    QXmlStreamReader xml(document);
    ParsedFeed feed;
    bool isFeed = false;
    FeedItem item;
    bool inItem = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const QStringView name = xml.name();
            if (!isFeed) {
                isFeed = name == u"rss" || name == u"feed" || name == u"RDF";
                if (!isFeed)
                    return makeError(ErrorCode::InvalidArgument, "not an RSS or Atom feed (its root is <" +
                                                                     name.toString().toStdString() + ">)");
                continue;
            }
            if (name == u"item" || name == u"entry") {
                inItem = true;
                item = {};
                continue;
            }
            if (!inItem) {
                if (name == u"title" && feed.title.empty())
                    feed.title = plainText(xml.readElementText(QXmlStreamReader::IncludeChildElements));
                continue;
            }
            if (name == u"link") {
                // Atom: <link href="…" rel="alternate"/>; RSS: <link>…</link>.
                const QString href = xml.attributes().value(QStringLiteral("href")).toString();
                const QString rel = xml.attributes().value(QStringLiteral("rel")).toString();
                const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
                if (!href.isEmpty() && (rel.isEmpty() || rel == u"alternate"))
                    item.link = href.toStdString();
                else if (!text.isEmpty() && item.link.empty())
                    item.link = text.toStdString();
                continue;
            }
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (name == u"title")
                item.title = plainText(text);
            else if (name == u"guid" || name == u"id")
                item.guid = text.trimmed().toStdString();
            else if ((name == u"description" || name == u"summary" || name == u"content" || name == u"encoded") &&
                     item.summary.empty())
                item.summary = plainText(text);
            else if (name == u"pubDate" || name == u"published" || name == u"date" ||
                     (name == u"updated" && !item.published))
                item.published = dateOf(text);
        } else if (xml.isEndElement() && inItem && (xml.name() == u"item" || xml.name() == u"entry")) {
            inItem = false;
            if (item.guid.empty())
                item.guid = !item.link.empty() ? item.link : item.title;
            if (!item.guid.empty() && !item.title.empty())
                feed.items.push_back(std::move(item));
        }
    }
    if (xml.hasError())
        return makeError(ErrorCode::InvalidArgument, "line " + std::to_string(xml.lineNumber()) + ", column " +
                                                         std::to_string(xml.columnNumber()) + ": " +
                                                         xml.errorString().toStdString());
    if (!isFeed)
        return makeError(ErrorCode::InvalidArgument, "not an RSS or Atom feed (empty document)");
    return feed;
}

} // namespace bcf::compute::news
