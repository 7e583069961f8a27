#pragma once

#include "core/news_types.h"

#include <QAbstractTableModel>
#include <QColor>

#include <vector>

namespace bcf::app {

// The news dock's table: the items of a ListNews answer, newest first by the time they were
// fetched (what strategies see), with the fetch time in local time, the source (the feed's
// name), the sentiment (SentimentRole holds the score for the delegate's bar; the text is
// "+0.42", coloured green when positive, red when negative, grey when neutral), the headline
// (the summary as its tooltip) and the assets it names.
//
// setAsset() shows only the items naming one asset ("" = every item) without asking the server
// again; the panel asks ListNews for that asset too. GUI thread only.
class NewsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewsModel)

public:
    enum Column {
        TimeColumn,
        SourceColumn,
        SentimentColumn,
        HeadlineColumn,
        AssetsColumn,
        ColumnCount
    };
    // The item's score, -1 … 1 (double), of any cell.
    static constexpr int SentimentRole = Qt::UserRole;
    // The item's link (QString) of any cell.
    static constexpr int LinkRole = Qt::UserRole + 1;

    explicit NewsModel(QObject* parent = nullptr);

    // Replaces the items (any order; shown newest first).
    void setItems(std::vector<NewsItem> items);
    void clear();
    // Every item held, newest first, whatever the filter.
    const std::vector<NewsItem>& items() const { return m_items; }
    // The item of a shown row, or null.
    const NewsItem* item(int row) const;

    // Shows the items naming `asset` only ("" = every item).
    void setAsset(const QString& asset);
    const QString& asset() const { return m_asset; }

    void setColors(const QColor& positive, const QColor& negative, const QColor& neutral);
    // The colour of a score's tone (positive, negative or neutral).
    QColor toneColor(double sentiment) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "15 Jan 2026 14:32" in local time, in the default locale's short format; "—" for 0.
    static QString timeText(qint64 unixMs);

private:
    void filter();

    std::vector<NewsItem> m_items;
    // Indexes into m_items of the shown rows.
    std::vector<int> m_rows;
    QString m_asset;
    QColor m_positive;
    QColor m_negative;
    QColor m_neutral;
};

} // namespace bcf::app
