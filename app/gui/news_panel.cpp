#include "gui/news_panel.h"

#include "core/instrument_catalog.h"
#include "core/session_controller.h"
#include "gui/news_feeds_dialog.h"
#include "gui/news_model.h"
#include "gui/theme_manager.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

// The asset of an entry of the filter ("" = all assets) and whether it is the chart's.
constexpr int AssetRole = Qt::UserRole;
constexpr int FollowRole = Qt::UserRole + 1;

// The sentiment column: the score in its tone's colour, then a bar from the centre (0) towards
// the right (+1) or the left (−1) of a track.
class SentimentDelegate final : public QStyledItemDelegate
{
public:
    SentimentDelegate(const NewsModel& model, QObject* parent)
        : QStyledItemDelegate(parent)
        , m_model(model)
    {
    }

    void setColors(const QColor& track, const QColor& centre)
    {
        m_track = track;
        m_centre = centre;
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override
    {
        QStyleOptionViewItem background = option;
        initStyleOption(&background, index);
        background.text.clear();
        const QWidget* widget = option.widget;
        if (QStyle* style = widget ? widget->style() : nullptr)
            style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

        const double value = std::clamp(index.data(NewsModel::SentimentRole).toDouble(), -1.0, 1.0);
        const QColor tone = m_model.toneColor(value);
        const QRect cell = option.rect.adjusted(8, 0, -8, 0);
        const int textWidth = option.fontMetrics.horizontalAdvance(u"+0.00"_s) + 4;
        painter->save();
        // On the selection's colour the tone's colour is hard to read: the bar keeps it.
        const bool selected = option.state.testFlag(QStyle::State_Selected);
        painter->setPen(selected ? option.palette.color(QPalette::HighlightedText) : tone);
        painter->drawText(QRect(cell.left(), cell.top(), textWidth, cell.height()),
                          Qt::AlignRight | Qt::AlignVCenter, index.data().toString());
        const QRectF track(cell.left() + textWidth + 8, cell.center().y() - 3.0,
                           std::max(cell.width() - textWidth - 8, 10), 6.0);
        painter->setRenderHint(QPainter::Antialiasing);
        QPainterPath path;
        path.addRoundedRect(track, 3, 3);
        painter->fillPath(path, m_track);
        const double centre = track.center().x();
        const double end = centre + value * track.width() / 2;
        QRectF bar(QPointF(std::min(centre, end), track.top()),
                   QPointF(std::max(centre, end), track.bottom()));
        painter->setClipPath(path);
        painter->fillRect(bar, tone);
        painter->setClipping(false);
        painter->fillRect(QRectF(centre - 0.5, track.top() - 2, 1, track.height() + 4), m_centre);
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        size.setWidth(std::max(size.width(), option.fontMetrics.horizontalAdvance(u"+0.00"_s) + 100));
        return size;
    }

private:
    const NewsModel& m_model;
    QColor m_track{0x2a, 0x2e, 0x39};
    QColor m_centre{0x86, 0x89, 0x93};
};

} // namespace

NewsPanel::NewsPanel(SessionController& session, InstrumentCatalog& instruments,
                     ThemeManager& theme, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_instruments(instruments)
    , m_theme(theme)
    , m_opener([](const QUrl& url) { return QDesktopServices::openUrl(url); })
{
    setObjectName(u"newsPanel"_s);
    m_model = new NewsModel(this);
    buildUi();
    m_timer.setInterval(refreshIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &NewsPanel::refresh);

    connect(&m_theme, &ThemeManager::themeChanged, this, &NewsPanel::applyTheme);
    connect(&m_session, &SessionController::loggedIn, this, &NewsPanel::onLoggedIn);
    connect(&m_session, &SessionController::loggedOut, this, &NewsPanel::stop);
    connect(&m_session, &SessionController::sessionExpired, this, &NewsPanel::stop);
    connect(&m_session, &SessionController::userInfoChanged, this, &NewsPanel::updateActions);
    connect(&m_instruments, &InstrumentCatalog::instrumentsChanged, this, [this] {
        // The instrument's base asset replaces the guess from the symbol.
        if (!m_chartSymbol.isEmpty())
            setChartSymbol(m_chartSymbol);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        showSelected();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateEmpty();
        updateActions();
        showSelected();
    });

    applyTheme();
    retranslateUi();
    updateActions();
}

NewsPanel::~NewsPanel() = default;

void NewsPanel::buildUi()
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(8, 4, 8, 4);
    bar->setSpacing(6);
    m_assets = new QComboBox(this);
    m_assets->setObjectName(u"newsAsset"_s);
    m_assets->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_assets->addItem(QString());
    m_assets->setItemData(0, m_chartAsset, AssetRole);
    m_assets->setItemData(0, true, FollowRole);
    m_assets->addItem(QString());
    m_assets->setItemData(1, QString(), AssetRole);
    m_assets->setItemData(1, false, FollowRole);
    for (const QString& asset : newsAssets()) {
        m_assets->addItem(asset);
        m_assets->setItemData(m_assets->count() - 1, asset, AssetRole);
        m_assets->setItemData(m_assets->count() - 1, false, FollowRole);
    }
    connect(m_assets, &QComboBox::currentIndexChanged, this, &NewsPanel::assetPicked);
    bar->addWidget(m_assets);
    m_refresh = new QPushButton(this);
    m_refresh->setObjectName(u"newsRefresh"_s);
    connect(m_refresh, &QPushButton::clicked, this, &NewsPanel::refresh);
    bar->addWidget(m_refresh);
    m_open = new QPushButton(this);
    m_open->setObjectName(u"newsOpen"_s);
    connect(m_open, &QPushButton::clicked, this, &NewsPanel::openSelected);
    bar->addWidget(m_open);
    m_feeds = new QPushButton(this);
    m_feeds->setObjectName(u"newsFeeds"_s);
    m_feeds->hide();
    connect(m_feeds, &QPushButton::clicked, this, [this] { openFeeds(); });
    bar->addWidget(m_feeds);
    bar->addSpacing(10);
    m_status = new QLabel(this);
    m_status->setObjectName(u"newsStatus"_s);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    bar->addWidget(m_status, 1);
    layout->addLayout(bar);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"newsSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    auto* left = new QWidget(m_splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(0);
    m_table = new QTableView(left);
    m_table->setObjectName(u"newsTable"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setMouseTracking(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    QHeaderView* header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setMinimumSectionSize(50);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The spare width goes to the headlines.
    header->setSectionResizeMode(NewsModel::HeadlineColumn, QHeaderView::Stretch);
    m_table->setItemDelegateForColumn(NewsModel::SentimentColumn,
                                      new SentimentDelegate(*m_model, m_table));
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        m_table->selectRow(index.row());
        openSelected();
    });
    leftLayout->addWidget(m_table, 1);
    m_empty = new QLabel(left);
    m_empty->setObjectName(u"newsEmpty"_s);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setProperty("role", u"muted"_s);
    m_empty->setContentsMargins(16, 16, 16, 16);
    m_empty->hide();
    leftLayout->addWidget(m_empty, 1);

    m_summary = new QTextBrowser(m_splitter);
    m_summary->setObjectName(u"newsSummary"_s);
    m_summary->setOpenLinks(false);
    m_summary->setFrameShape(QFrame::NoFrame);
    m_summary->setMinimumWidth(300);
    connect(m_summary, &QTextBrowser::anchorClicked, this, &NewsPanel::openLink);
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_summary);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    layout->addWidget(m_splitter, 1);
}

bool NewsPanel::mayManageFeeds(const QStringList& permissions)
{
    return permissions.contains(u"news.admin"_s);
}

QString NewsPanel::emptyTextFor(const QString& asset)
{
    if (asset.isEmpty())
        return tr("No news in the last 7 days.");
    return tr("No news for %1 in the last 7 days.").arg(asset);
}

QString NewsPanel::emptyText() const
{
    return m_empty->isHidden() ? QString() : m_empty->text();
}

QString NewsPanel::status() const
{
    return m_status->text();
}

void NewsPanel::setChartSymbol(const QString& symbol)
{
    m_chartSymbol = symbol;
    const Instrument* instrument = m_instruments.find(symbol);
    const QString base = instrument && !instrument->base.isEmpty() ? instrument->base
                                                                   : newsBaseAsset(symbol);
    if (base.isEmpty() || base == m_chartAsset)
        return;
    m_chartAsset = base;
    updateAssetBox();
    if (followsChart()) {
        m_model->setAsset(m_chartAsset);
        refresh();
    }
}

QString NewsPanel::asset() const
{
    return followsChart() ? m_chartAsset : m_assets->currentData(AssetRole).toString();
}

bool NewsPanel::followsChart() const
{
    return m_assets->currentData(FollowRole).toBool();
}

void NewsPanel::selectAsset(const QString& asset)
{
    for (int i = 1; i < m_assets->count(); ++i) {
        if (m_assets->itemData(i, AssetRole).toString() == asset) {
            m_assets->setCurrentIndex(i); // assetPicked()
            return;
        }
    }
}

void NewsPanel::followChart()
{
    m_assets->setCurrentIndex(0);
}

void NewsPanel::assetPicked()
{
    m_model->setAsset(asset());
    refresh();
}

void NewsPanel::updateAssetBox()
{
    m_assets->setItemText(0, tr("%1 (chart)").arg(m_chartAsset));
    m_assets->setItemData(0, m_chartAsset, AssetRole);
    m_assets->setItemData(0, tr("The base asset of the chart's symbol"), Qt::ToolTipRole);
    m_assets->setItemText(1, tr("All assets"));
}

void NewsPanel::onLoggedIn()
{
    stop();
    m_model->clear();
    m_loaded = false;
    updateEmpty();
    updateActions();
    if (isVisible()) {
        refresh();
        m_timer.start();
    }
}

void NewsPanel::stop()
{
    ++m_serial;
    m_timer.stop();
    m_refresh->setEnabled(true);
    showStatus({});
    updateActions();
}

void NewsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refresh();
    m_timer.start();
}

void NewsPanel::hideEvent(QHideEvent* event)
{
    m_timer.stop();
    QWidget::hideEvent(event);
}

void NewsPanel::refresh()
{
    if (!m_session.isLoggedIn())
        return;
    if (!m_session.user().permissions.contains(u"news.read"_s)) {
        showStatus(tr("Your role does not include news."));
        return;
    }
    const QString wanted = asset();
    const quint64 serial = ++m_serial;
    m_refresh->setEnabled(false);
    m_session.listNews(
        {.asset = wanted, .fromUnixMs = 0, .toUnixMs = 0, .limit = listLimit}, this,
        [this, serial](SessionController::Outcome<std::vector<NewsItem>> result) {
            if (serial != m_serial)
                return;
            m_refresh->setEnabled(true);
            if (!result) {
                showStatus(tr("The news could not be loaded: %1").arg(result.error()));
                return;
            }
            showStatus({});
            setItems(std::move(*result));
        });
}

void NewsPanel::setItems(std::vector<NewsItem> items)
{
    QString selectedLink;
    if (const auto rows = m_table->selectionModel()->selectedRows(); !rows.isEmpty()) {
        if (const NewsItem* item = m_model->item(rows.front().row()))
            selectedLink = item->link;
    }
    m_model->setItems(std::move(items));
    const bool first = !m_loaded;
    m_loaded = true;
    int row = -1;
    for (int i = 0; i < m_model->rowCount() && !selectedLink.isEmpty(); ++i) {
        if (m_model->item(i)->link == selectedLink) {
            row = i;
            break;
        }
    }
    if (row < 0 && m_model->rowCount() > 0)
        row = 0;
    if (row >= 0)
        m_table->selectRow(row);
    updateEmpty();
    updateActions();
    showSelected();
    if (first)
        emit loaded();
}

void NewsPanel::updateEmpty()
{
    const bool empty = m_loaded && m_model->rowCount() == 0;
    m_empty->setText(emptyTextFor(m_model->asset()));
    m_empty->setVisible(empty);
    m_table->setVisible(!empty);
}

void NewsPanel::updateActions()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const NewsItem* item = rows.isEmpty() ? nullptr : m_model->item(rows.front().row());
    m_open->setEnabled(item && isOpenableNewsLink(item->link));
    m_open->setToolTip(item && !isOpenableNewsLink(item->link)
                           ? tr("This item has no web address to open.")
                           : tr("Open the selected article in your browser (or double-click "
                                "it)."));
    m_feeds->setVisible(m_session.isLoggedIn()
                        && mayManageFeeds(m_session.user().permissions));
    if (m_feeds->isHidden() && m_feedsDialog)
        m_feedsDialog->reject();
}

void NewsPanel::showSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const NewsItem* item = rows.isEmpty() ? nullptr : m_model->item(rows.front().row());
    const QString muted = m_theme.color(u"muted"_s).name();
    if (!item) {
        m_summary->setHtml(u"<p style=\"color:%1\">%2</p>"_s.arg(
            muted, tr("Select a headline to read its summary.").toHtmlEscaped()));
        return;
    }
    QString times = tr("Fetched %1").arg(NewsModel::timeText(item->fetchedMs));
    if (item->publishedMs > 0)
        times += u" · "_s + tr("dated %1 by the feed").arg(NewsModel::timeText(item->publishedMs));
    const QString tone = sentimentToneName(sentimentTone(item->sentiment));
    QString html = u"<p style=\"font-size:large; font-weight:600; margin-bottom:4px\">%1</p>"_s.arg(
        item->title.toHtmlEscaped());
    html += u"<p style=\"color:%1; margin-top:0\">%2 · %3</p>"_s.arg(
        muted, item->feedName.toHtmlEscaped(), times.toHtmlEscaped());
    html += u"<p><span style=\"color:%1; font-weight:600\">%2</span>"_s.arg(
        m_model->toneColor(item->sentiment).name(),
        tr("Sentiment %1 · %2").arg(sentimentText(item->sentiment), tone).toHtmlEscaped());
    if (!item->assets.isEmpty())
        html += u" &nbsp;·&nbsp; "_s
                + tr("Assets: %1").arg(item->assets.join(u", "_s)).toHtmlEscaped();
    html += u"</p>"_s;
    if (!item->summary.isEmpty())
        html += u"<p>%1</p>"_s.arg(item->summary.toHtmlEscaped());
    else
        html += u"<p style=\"color:%1\">%2</p>"_s.arg(
            muted, tr("The feed gives no summary.").toHtmlEscaped());
    if (isOpenableNewsLink(item->link)) {
        html += u"<p><a href=\"%1\" style=\"color:%2\">%3</a></p>"_s.arg(
            item->link.toHtmlEscaped(), m_theme.color(u"accent"_s).name(),
            tr("Open the article ↗").toHtmlEscaped());
    }
    m_summary->setHtml(html);
}

void NewsPanel::openSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const NewsItem* item = rows.isEmpty() ? nullptr : m_model->item(rows.front().row());
    if (!item)
        return;
    if (!isOpenableNewsLink(item->link)) {
        emit noteRequested(tr("This item has no web address to open."));
        return;
    }
    openLink(QUrl(item->link.trimmed()));
}

void NewsPanel::openLink(const QUrl& url)
{
    // Only what isOpenableNewsLink() allows, also from the summary's link.
    if (!isOpenableNewsLink(url.toString()))
        return;
    if (!m_opener(url))
        emit noteRequested(tr("The browser could not be opened for %1.").arg(url.toString()));
}

void NewsPanel::setLinkOpener(LinkOpener opener)
{
    m_opener = std::move(opener);
}

NewsFeedsDialog* NewsPanel::openFeeds()
{
    if (!m_session.isLoggedIn() || !mayManageFeeds(m_session.user().permissions))
        return nullptr;
    if (m_feedsDialog) {
        m_feedsDialog->raise();
        m_feedsDialog->activateWindow();
        return m_feedsDialog;
    }
    auto* dialog = new NewsFeedsDialog(m_session, m_theme, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // A removed feed takes its items: list again.
    connect(dialog, &NewsFeedsDialog::feedsChanged, this, &NewsPanel::refresh);
    m_feedsDialog = dialog;
    dialog->open();
    return dialog;
}

void NewsPanel::showStatus(const QString& text)
{
    if (text == m_error)
        return;
    m_error = text;
    m_status->setText(text);
    m_status->setToolTip(text);
}

void NewsPanel::applyTheme()
{
    m_model->setColors(m_theme.color(u"success"_s), m_theme.color(u"danger"_s),
                       m_theme.color(u"muted"_s));
    if (auto* delegate = dynamic_cast<SentimentDelegate*>(
            m_table->itemDelegateForColumn(NewsModel::SentimentColumn))) {
        delegate->setColors(m_theme.color(u"border"_s), m_theme.color(u"muted"_s));
    }
    m_status->setStyleSheet(u"QLabel { color: %1; }"_s.arg(m_theme.color(u"warning"_s).name()));
    m_summary->setStyleSheet(u"QTextBrowser { background: %1; padding: 6px 10px; }"_s.arg(
        m_theme.color(u"panel"_s).name()));
    m_table->viewport()->update();
    showSelected();
}

void NewsPanel::retranslateUi()
{
    updateAssetBox();
    m_assets->setToolTip(tr("The asset whose news is listed: the chart's by default"));
    m_refresh->setText(tr("Refresh"));
    m_open->setText(tr("Open article"));
    m_feeds->setText(tr("Feeds…"));
    m_feeds->setToolTip(tr("The RSS and Atom feeds the servers fetch (admins)"));
    updateEmpty();
    updateActions();
    showSelected();
}

void NewsPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        emit m_model->headerDataChanged(Qt::Horizontal, 0, m_model->columnCount() - 1);
        if (m_model->rowCount() > 0)
            emit m_model->dataChanged(
                m_model->index(0, 0),
                m_model->index(m_model->rowCount() - 1, m_model->columnCount() - 1));
    }
    QWidget::changeEvent(event);
}

} // namespace bcf::app
