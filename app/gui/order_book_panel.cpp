#include "gui/order_book_panel.h"

#include "core/instrument_catalog.h"
#include "core/session_controller.h"
#include "gui/order_book_model.h"
#include "gui/theme_manager.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QScrollBar>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

const int depthChoices[] = {10, 20, 50};

QColor withAlpha(QColor color, int alpha)
{
    color.setAlpha(alpha);
    return color;
}

// Paints each level's depth bar behind its row: a band from the right edge of the row whose
// width is the level's share of the deepest cumulative size, in the side's colour.
class DepthBarDelegate final : public QStyledItemDelegate
{
public:
    DepthBarDelegate(QTableView* view, ThemeManager& theme)
        : QStyledItemDelegate(view)
        , m_view(view)
        , m_theme(theme)
    {
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override
    {
        const auto kind = OrderBookModel::RowKind(index.data(OrderBookModel::SideRole).toInt());
        if (kind != OrderBookModel::RowKind::Spread) {
            const double fraction = index.data(OrderBookModel::DepthRole).toDouble();
            const int rowWidth = m_view->viewport()->width();
            const int barWidth = int(fraction * rowWidth + 0.5);
            const QRect bar(rowWidth - barWidth, option.rect.top(), barWidth,
                            option.rect.height());
            const QRect part = bar.intersected(option.rect);
            if (!part.isEmpty()) {
                const QColor color = m_theme.color(
                    kind == OrderBookModel::RowKind::Bid ? u"success"_s : u"danger"_s);
                painter->fillRect(part, withAlpha(color, 45));
            }
        } else {
            painter->fillRect(option.rect, m_theme.color(u"panel"_s));
        }
        QStyledItemDelegate::paint(painter, option, index);
    }

private:
    QTableView* m_view;
    ThemeManager& m_theme;
};

} // namespace

OrderBookPanel::OrderBookPanel(SessionController& session, InstrumentCatalog& instruments,
                               ThemeManager& theme, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_instruments(instruments)
    , m_theme(theme)
    , m_stream(session, [this] { start(); })
{
    setObjectName(u"orderBookPanel"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto* header = new QHBoxLayout;
    header->setContentsMargins(8, 4, 8, 4);
    m_title = new QLabel(this);
    m_title->setObjectName(u"orderBookTitle"_s);
    header->addWidget(m_title, 1);
    m_depthBox = new QComboBox(this);
    m_depthBox->setObjectName(u"orderBookDepth"_s);
    for (const int choice : depthChoices)
        m_depthBox->addItem(QString::number(choice), choice);
    m_depthBox->setCurrentIndex(m_depthBox->findData(m_depth));
    header->addWidget(m_depthBox);
    layout->addLayout(header);
    m_status = new QLabel(this);
    m_status->setObjectName(u"orderBookStatus"_s);
    m_status->setWordWrap(true);
    m_status->setContentsMargins(8, 2, 8, 4);
    m_status->hide();
    layout->addWidget(m_status);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(u"orderBookSplitter"_s);
    splitter->setChildrenCollapsible(false);
    m_model = new OrderBookModel(this);
    m_ladder = new QTableView(splitter);
    m_ladder->setObjectName(u"orderBookLadder"_s);
    m_ladder->setModel(m_model);
    m_ladder->setItemDelegate(new DepthBarDelegate(m_ladder, theme));
    m_ladder->setSelectionMode(QAbstractItemView::NoSelection);
    // A scroll by the trader (wheel, bar, keys) stops following the spread; a new symbol or
    // depth follows it again.
    connect(m_ladder->verticalScrollBar(), &QAbstractSlider::actionTriggered, this,
            [this] { m_followSpread = false; });
    m_ladder->setFocusPolicy(Qt::NoFocus);
    m_ladder->setShowGrid(false);
    m_ladder->setWordWrap(false);
    m_ladder->verticalHeader()->hide();
    m_ladder->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_ladder->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    m_ladder->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_ladder->horizontalHeader()->setHighlightSections(false);
    splitter->addWidget(m_ladder);

    m_depthPlot = new QCustomPlot(splitter);
    m_depthPlot->setObjectName(u"orderBookDepthChart"_s);
    m_depthPlot->setMinimumHeight(120);
    m_bidCurve = m_depthPlot->addGraph();
    m_askCurve = m_depthPlot->addGraph();
    // A bid level's size counts for every price up to it, an ask level's from it on.
    m_bidCurve->setLineStyle(QCPGraph::lsStepRight);
    m_askCurve->setLineStyle(QCPGraph::lsStepLeft);
    m_depthPlot->xAxis->ticker()->setTickCount(4);
    m_depthPlot->yAxis->ticker()->setTickCount(3);
    m_depthPlot->yAxis->setNumberFormat(u"gb"_s);
    m_depthPlot->yAxis->setNumberPrecision(3);
    m_depthPlot->xAxis->setNumberFormat(u"f"_s);
    m_midLine = new QCPItemStraightLine(m_depthPlot);
    m_midLine->setVisible(false);
    splitter->addWidget(m_depthPlot);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    connect(m_depthBox, &QComboBox::currentIndexChanged, this,
            [this] { setDepth(m_depthBox->currentData().toInt()); });
    connect(&m_theme, &ThemeManager::themeChanged, this, &OrderBookPanel::applyTheme);
    connect(&m_instruments, &InstrumentCatalog::instrumentsChanged, this,
            &OrderBookPanel::applyPrecision);
    connect(&m_session, &SessionController::loggedIn, this, &OrderBookPanel::start);
    connect(&m_session, &SessionController::loggedOut, this, &OrderBookPanel::stop);
    connect(&m_session, &SessionController::sessionExpired, this, &OrderBookPanel::stop);

    applyTheme();
    retranslateUi();
    updateDepthChart();
}

OrderBookPanel::~OrderBookPanel()
{
    stop();
}

void OrderBookPanel::setSymbol(const QString& symbol)
{
    if (symbol == m_symbol)
        return;
    m_symbol = symbol;
    m_model->clear();
    m_followSpread = true;
    updateDepthChart();
    applyPrecision();
    retranslateUi();
    start();
}

void OrderBookPanel::setDepth(int depth)
{
    if (depth == m_depth || depth <= 0)
        return;
    m_depth = depth;
    if (const int index = m_depthBox->findData(depth); index >= 0)
        m_depthBox->setCurrentIndex(index);
    m_followSpread = true;
    start();
}

void OrderBookPanel::stop()
{
    m_stream.stop();
}

void OrderBookPanel::start()
{
    stop();
    if (m_symbol.isEmpty() || !m_session.isLoggedIn())
        return;
    const quint64 serial = m_stream.generation();
    const quint64 id = m_session.streamOrderBook(
        m_instruments.exchange(), m_symbol, m_depth, this,
        [this, serial](const BookSnapshot& book) {
            if (!m_stream.current(serial))
                return;
            showStatus({});
            showBook(book);
        },
        m_stream.endHandler([this](bool transient, const QString& message) {
            if (transient) {
                showStatus(tr("The order book stream was interrupted: %1 Reconnecting in %2 s.")
                               .arg(message)
                               .arg(retryIntervalMs / 1000));
            } else {
                showStatus(tr("The order book is unavailable: %1").arg(message));
            }
        }));
    m_stream.opened(id);
}

void OrderBookPanel::showBook(const BookSnapshot& book)
{
    m_model->setBook(book);
    // The spread stays in the middle of the ladder until the trader scrolls it.
    if (m_followSpread && m_model->rowCount() > 1)
        m_ladder->scrollTo(m_model->index(m_model->spreadRow(), 0),
                           QAbstractItemView::PositionAtCenter);
    // The spread row spans the ladder; it moves when the number of asks changes.
    if (m_ladder->columnSpan(m_model->spreadRow(), 0) != OrderBookModel::ColumnCount) {
        m_ladder->clearSpans();
        m_ladder->setSpan(m_model->spreadRow(), 0, 1, OrderBookModel::ColumnCount);
    }
    updateDepthChart();
}

void OrderBookPanel::updateDepthChart()
{
    const BookSnapshot& book = m_model->book();
    QVector<double> bidPrices, bidTotals, askPrices, askTotals;
    const auto bidCumulative = cumulativeQuantities(book.bids);
    // Ascending prices for the plot: the bids from the deepest level to the best.
    for (std::size_t i = book.bids.size(); i-- > 0;) {
        bidPrices.append(book.bids[i].priceValue);
        bidTotals.append(bidCumulative[i]);
    }
    const auto askCumulative = cumulativeQuantities(book.asks);
    for (std::size_t i = 0; i < book.asks.size(); ++i) {
        askPrices.append(book.asks[i].priceValue);
        askTotals.append(askCumulative[i]);
    }
    m_bidCurve->setData(bidPrices, bidTotals, true);
    m_askCurve->setData(askPrices, askTotals, true);
    const auto mid = bookMidPrice(book);
    m_midLine->setVisible(mid.has_value());
    // An empty book has no scale to read: no made-up 1, 2, 3, 4 under it.
    m_depthPlot->xAxis->setTickLabels(mid.has_value());
    m_depthPlot->yAxis->setTickLabels(mid.has_value());
    if (mid) {
        m_midLine->point1->setCoords(*mid, 0);
        m_midLine->point2->setCoords(*mid, 1);
        const double lowest = book.bids.back().priceValue;
        const double highest = book.asks.back().priceValue;
        const double half = std::max({*mid - lowest, highest - *mid, *mid * 1e-6});
        m_depthPlot->xAxis->setRange(*mid - half, *mid + half);
        const double deepest = std::max(bidCumulative.back(), askCumulative.back());
        m_depthPlot->yAxis->setRange(0, deepest > 0 ? deepest * 1.05 : 1);
        m_depthPlot->xAxis->setNumberPrecision(
            std::clamp(m_instruments.pricePrecision(m_symbol), 0, 8));
    }
    m_depthPlot->replot(QCustomPlot::rpQueuedReplot);
}

void OrderBookPanel::showStatus(const QString& text)
{
    if (m_status->text() == text && m_status->isVisible() == !text.isEmpty())
        return;
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void OrderBookPanel::applyTheme()
{
    const QColor up = m_theme.color(u"success"_s);
    const QColor down = m_theme.color(u"danger"_s);
    const QColor muted = m_theme.color(u"muted"_s);
    const QColor border = m_theme.color(u"border"_s);
    m_model->setColors(up, down, m_theme.color(u"text"_s));
    m_title->setStyleSheet(u"QLabel { color: %1; font-weight: 600; }"_s.arg(
        m_theme.color(u"text"_s).name()));
    m_status->setStyleSheet(u"QLabel { color: %1; }"_s.arg(muted.name()));

    m_depthPlot->setBackground(m_theme.color(u"window"_s));
    for (QCPAxis* axis : {m_depthPlot->xAxis, m_depthPlot->yAxis}) {
        axis->setBasePen(QPen(border));
        axis->setTickPen(QPen(border));
        axis->setSubTickPen(Qt::NoPen);
        axis->setTickLabelColor(muted);
        axis->grid()->setPen(QPen(withAlpha(border, 150)));
        axis->grid()->setZeroLinePen(Qt::NoPen);
    }
    m_bidCurve->setPen(QPen(up, 1.5));
    m_bidCurve->setBrush(withAlpha(up, 70));
    m_askCurve->setPen(QPen(down, 1.5));
    m_askCurve->setBrush(withAlpha(down, 70));
    m_midLine->setPen(QPen(muted, 1, Qt::DashLine));
    m_ladder->viewport()->update();
    m_depthPlot->replot(QCustomPlot::rpQueuedReplot);
}

void OrderBookPanel::applyPrecision()
{
    m_model->setPrecision(m_instruments.pricePrecision(m_symbol),
                          m_instruments.quantityPrecision(m_symbol));
    updateDepthChart();
}

void OrderBookPanel::retranslateUi()
{
    m_title->setText(m_symbol.isEmpty() ? tr("Order book")
                                        : tr("Order book · %1").arg(m_symbol));
    m_depthBox->setToolTip(tr("Levels shown on each side"));
    m_depthPlot->setToolTip(
        tr("Depth: cumulative size of the bids (left) and asks (right) around the mid price"));
}

void OrderBookPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        emit m_model->headerDataChanged(Qt::Horizontal, 0, OrderBookModel::ColumnCount - 1);
    }
    QWidget::changeEvent(event);
}

} // namespace bcf::app
