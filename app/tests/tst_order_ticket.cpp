// The order ticket, the kill switch dialog and the trading dock without a server: which fields
// each order type shows, what the submit button says, the share of the balance, local checks,
// a refusal when nothing can be sent, and StreamTrading events applied to the dock.
#include "core/instrument_catalog.h"
#include "core/preferences.h"
#include "core/session_controller.h"
#include "gui/fills_model.h"
#include "gui/kill_switch_dialog.h"
#include "gui/order_ticket.h"
#include "gui/orders_model.h"
#include "gui/positions_model.h"
#include "gui/theme_manager.h"
#include "gui/trading_panel.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace bcf::app;
using namespace Qt::StringLiterals;

namespace {

using Field = OrderTicket::Field;
using Kind = OrderTicket::Kind;

Portfolio portfolio(const QString& state = u"ACTIVE"_s)
{
    Portfolio result;
    result.venue = u"paper"_s;
    result.currency = u"USDT"_s;
    result.balances = {{.asset = u"USDT"_s, .free = u"10000"_s, .locked = u"0"_s,
                        .value = u"10000"_s},
                       {.asset = u"BTC"_s, .free = u"1.4985"_s, .locked = u"0"_s,
                        .value = u"151.35"_s}};
    result.positions = {{.symbol = u"BTCUSDT"_s, .quantity = u"1.5"_s,
                         .averageEntry = u"100.01333333"_s, .lastPrice = u"101"_s,
                         .realizedPnl = u"0"_s, .unrealizedPnl = u"1.48"_s, .fees = u"0.15"_s}};
    result.equity = u"10151.35"_s;
    result.realizedPnl = u"0"_s;
    result.unrealizedPnl = u"1.48"_s;
    result.fees = u"0.15"_s;
    result.accountState = state;
    result.timeMs = 1000;
    return result;
}

struct Fixture {
    QTemporaryDir dir;
    Preferences preferences{std::make_unique<QSettings>(dir.filePath(u"settings.ini"_s),
                                                        QSettings::IniFormat)};
    ThemeManager theme{preferences};
    SessionController session{ConnectionProfile{}};
    InstrumentCatalog instruments{session, u"binance"_s};

    Fixture()
    {
        instruments.setInstruments({{.exchange = u"binance"_s, .symbol = u"BTCUSDT"_s,
                                     .base = u"BTC"_s, .quote = u"USDT"_s,
                                     .tickSize = u"0.01"_s, .lotSize = u"0.001"_s,
                                     .minNotional = u"5"_s, .pricePrecision = 2,
                                     .quantityPrecision = 3}});
    }
};

} // namespace

class TestOrderTicket final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void fieldsFollowTheType()
    {
        Fixture f;
        OrderTicket ticket(f.session, f.instruments, f.theme, f.preferences);
        ticket.setSymbol(u"BTCUSDT"_s);
        const auto shown = [&](Kind kind) {
            ticket.setKind(kind);
            QList<Field> fields;
            for (const Field field : {Field::Price, Field::StopPrice, Field::StopLimitPrice,
                                      Field::Trailing, Field::TimeInForce, Field::PostOnly})
                if (ticket.isFieldShown(field))
                    fields << field;
            return fields;
        };
        QCOMPARE(shown(Kind::Market), QList<Field>{});
        QCOMPARE(shown(Kind::Limit),
                 (QList<Field>{Field::Price, Field::TimeInForce, Field::PostOnly}));
        QCOMPARE(shown(Kind::StopMarket), QList<Field>{Field::StopPrice});
        QCOMPARE(shown(Kind::StopLimit), (QList<Field>{Field::Price, Field::StopPrice}));
        QCOMPARE(shown(Kind::TrailingStop), QList<Field>{Field::Trailing});
        QCOMPARE(shown(Kind::Oco),
                 (QList<Field>{Field::Price, Field::StopPrice, Field::StopLimitPrice}));
        // The widgets follow too.
        ticket.show();
        ticket.setKind(Kind::Market);
        QVERIFY(!ticket.findChild<QWidget*>(u"ticketPrice"_s)->isVisible());
        ticket.setKind(Kind::Limit);
        QVERIFY(ticket.findChild<QWidget*>(u"ticketPrice"_s)->isVisible());
        QVERIFY(!ticket.findChild<QWidget*>(u"ticketTrailing"_s)->isVisible());
    }

    void submitTextSaysWhatWillHappen()
    {
        Fixture f;
        OrderTicket ticket(f.session, f.instruments, f.theme, f.preferences);
        ticket.setSymbol(u"BTCUSDT"_s);
        ticket.setKind(Kind::Limit);
        ticket.setQuantity(u"0.5"_s);
        ticket.setPrice(u"101.00"_s);
        QCOMPARE(ticket.submitText(), u"Buy 0.5 BTC at limit 101.00"_s);
        QCOMPARE(ticket.submitButton()->text(), u"Buy 0.5 BTC at limit 101.00"_s);
        QCOMPARE(ticket.estimateText(), u"Cost ≈ 50.50 USDT"_s);
        ticket.setSide(Side::Sell);
        QCOMPARE(ticket.submitText(), u"Sell 0.5 BTC at limit 101.00"_s);
        QCOMPARE(ticket.estimateText(), u"Proceeds ≈ 50.50 USDT"_s);
        ticket.setKind(Kind::Market);
        QCOMPARE(ticket.submitText(), u"Sell 0.5 BTC at market"_s);
        QCOMPARE(ticket.estimateText(), QString()); // no last price yet
        ticket.setLastPrice(u"100"_s);
        QCOMPARE(ticket.estimateText(), u"Proceeds ≈ 50.00 USDT (at the last price)"_s);
        ticket.setKind(Kind::StopLimit);
        ticket.setStopPrice(u"99.5"_s);
        QCOMPARE(ticket.submitText(), u"Sell 0.5 BTC at limit 101.00 on stop 99.5"_s);
        ticket.setKind(Kind::TrailingStop);
        ticket.setTrailingPercent(u"1.5"_s);
        QCOMPARE(ticket.submitText(), u"Sell 0.5 BTC trailing 1.5 %"_s);
        ticket.setKind(Kind::Oco);
        QCOMPARE(ticket.submitText(), u"Sell 0.5 BTC: OCO limit 101.00 / stop 99.5"_s);
        // A comma works as the decimal point.
        ticket.setKind(Kind::Limit);
        ticket.setQuantity(u"0,25"_s);
        QCOMPARE(ticket.quantity(), u"0.25"_s);
        QVERIFY(ticket.confirmationText().contains(u"Quantity: 0.25 BTC"_s));
        QVERIFY(ticket.confirmationText().contains(u"Limit price: 101.00 USDT"_s));
    }

    void limitPriceStartsAtTheLastPrice()
    {
        Fixture f;
        OrderTicket ticket(f.session, f.instruments, f.theme, f.preferences);
        ticket.setSymbol(u"BTCUSDT"_s);
        ticket.setKind(Kind::Limit);
        ticket.setLastPrice(u"100.5"_s);
        QCOMPARE(ticket.findChild<QLineEdit*>(u"ticketPrice"_s)->text(), u"100.50"_s);
    }

    void shareOfTheBalance()
    {
        Fixture f;
        OrderTicket ticket(f.session, f.instruments, f.theme, f.preferences);
        ticket.setSymbol(u"BTCUSDT"_s);
        ticket.setKind(Kind::Limit);
        ticket.setPrice(u"101"_s);
        QVERIFY(!ticket.applyShare(25)); // no portfolio yet
        ticket.setPortfolio(portfolio());
        QVERIFY(ticket.applyShare(25));
        QCOMPARE(ticket.quantity(), u"24.752"_s); // 2500 / 101, down to the lot
        ticket.setSide(Side::Sell);
        QVERIFY(ticket.applyShare(100));
        QCOMPARE(ticket.quantity(), u"1.498"_s);
        ticket.setKind(Kind::Market); // a buy at market needs the last price
        ticket.setSide(Side::Buy);
        QVERIFY(!ticket.applyShare(50));
        ticket.setLastPrice(u"100"_s);
        QVERIFY(ticket.applyShare(50));
        QCOMPARE(ticket.quantity(), u"50"_s);
        QVERIFY(ticket.findChild<QLabel*>(u"ticketAvailable"_s)
                    ->text()
                    .contains(u"10000.00 USDT"_s));
    }

    void fieldsAreCheckedBeforeSending()
    {
        Fixture f;
        OrderTicket ticket(f.session, f.instruments, f.theme, f.preferences);
        ticket.setSymbol(u"BTCUSDT"_s);
        ticket.setKind(Kind::StopLimit);
        QVERIFY(!ticket.orderRequest());
        QCOMPARE(ticket.fieldError(Field::Quantity), u"Enter a quantity."_s);
        QVERIFY(!ticket.fieldError(Field::Price).isEmpty());
        QVERIFY(!ticket.fieldError(Field::StopPrice).isEmpty());
        ticket.setQuantity(u"0.5"_s);
        ticket.setPrice(u"99"_s);
        ticket.setStopPrice(u"99.5"_s);
        const auto request = ticket.orderRequest();
        QVERIFY(request);
        QCOMPARE(ticket.fieldError(Field::Quantity), QString());
        QCOMPARE(request->type, OrderType::StopLimit);
        QCOMPARE(request->price, u"99"_s);
        QCOMPARE(request->stopPrice, u"99.5"_s);
        QCOMPARE(request->timeInForce, TimeInForce::GoodTillCancel);

        ticket.setKind(Kind::TrailingStop);
        ticket.setTrailingPercent(u"25"_s);
        QVERIFY(!ticket.orderRequest());
        QVERIFY(!ticket.fieldError(Field::Trailing).isEmpty());
        ticket.setTrailingPercent(u"2.5"_s);
        QCOMPARE(ticket.orderRequest()->trailingBasisPoints, 250);

        ticket.setKind(Kind::Limit);
        ticket.setTimeInForce(TimeInForce::FillOrKill);
        ticket.setPostOnly(true); // not with FOK: cleared
        const auto fok = ticket.orderRequest();
        QVERIFY(fok);
        QCOMPARE(fok->timeInForce, TimeInForce::FillOrKill);
        QVERIFY(!fok->postOnly);

        ticket.setKind(Kind::Oco);
        QVERIFY(!ticket.orderRequest());
        const auto oco = ticket.ocoRequest();
        QVERIFY(oco);
        QCOMPARE(oco->limitPrice, u"99"_s);
        QCOMPARE(oco->stopLimitPrice, QString());
    }

    void refusalIsShownInTheMessageLine()
    {
        Fixture f;
        OrderTicket ticket(f.session, f.instruments, f.theme, f.preferences);
        ticket.setSymbol(u"BTCUSDT"_s);
        QVERIFY(!ticket.oneClick()); // off by default
        ticket.setOneClick(true);
        QCOMPARE(f.preferences.value(u"trading/oneClick"_s).toBool(), true);
        ticket.setKind(Kind::Limit);
        ticket.setQuantity(u"0.5"_s);
        ticket.setPrice(u"101"_s);
        QSignalSpy placed(&ticket, &OrderTicket::orderPlaced);
        ticket.submit(); // not logged in: the session refuses at once
        QVERIFY(ticket.messageIsError());
        QVERIFY2(ticket.message().contains(u"not logged in"_s), qPrintable(ticket.message()));
        QCOMPARE(placed.count(), 0);
    }

    void killSwitchDialogNeedsAReason()
    {
        KillSwitchDialog dialog(KillSwitchDialog::Mode::Kill);
        QVERIFY(!dialog.confirmButton()->isEnabled());
        QVERIFY(dialog.halt()); // halting is the default
        QVERIFY(!dialog.flatten());
        dialog.setReason(u"runaway strategy"_s);
        QVERIFY(dialog.confirmButton()->isEnabled());
        QSignalSpy confirmed(&dialog, &KillSwitchDialog::confirmed);
        dialog.confirmButton()->click();
        QCOMPARE(confirmed.count(), 1);
        dialog.setBusy(true);
        QVERIFY(!dialog.confirmButton()->isEnabled());
        dialog.showError(u"reason: say why"_s);
        QVERIFY(dialog.confirmButton()->isEnabled());

        KillSwitchDialog resume(KillSwitchDialog::Mode::Resume);
        resume.setReason(u"fixed"_s);
        QVERIFY(!resume.halt() && !resume.flatten());
    }

    void tradingDockAppliesStreamEvents()
    {
        Fixture f;
        TradingPanel panel(f.session, f.instruments, f.theme);
        QSignalSpy states(&panel, &TradingPanel::accountStateChanged);
        QSignalSpy notes(&panel, &TradingPanel::noteRequested);
        panel.applyEvent(portfolio());
        QCOMPARE(panel.accountState(), u"ACTIVE"_s);
        QVERIFY2(panel.headerText().contains(u"Equity 10151.35 USDT"_s),
                 qPrintable(panel.headerText()));
        QVERIFY(panel.headerText().contains(u"+1.48"_s));
        QCOMPARE(panel.positions()->rowCount(), 1);

        Order resting;
        resting.clientOrderId = u"bcf1"_s;
        resting.symbol = u"BTCUSDT"_s;
        resting.side = Side::Sell;
        resting.type = OrderType::Limit;
        resting.quantity = u"0.5"_s;
        resting.price = u"101"_s;
        resting.state = OrderState::Accepted;
        resting.createdMs = resting.updatedMs = 2000;
        panel.applyEvent(resting);
        QCOMPARE(panel.openOrders()->rowCount(), 1);
        Order filled = resting;
        filled.state = OrderState::Filled;
        filled.filledQuantity = u"0.5"_s;
        filled.averagePrice = u"101"_s;
        filled.updatedMs = 3000;
        panel.applyEvent(Fill{.tradeId = u"7"_s, .clientOrderId = u"bcf1"_s, .venue = u"paper"_s,
                              .symbol = u"BTCUSDT"_s, .side = Side::Sell, .price = u"101"_s,
                              .quantity = u"0.5"_s, .fee = u"0.0505"_s, .feeAsset = u"USDT"_s,
                              .maker = true, .timeMs = 3000, .botId = 0});
        panel.applyEvent(filled);
        QCOMPARE(panel.openOrders()->rowCount(), 0);
        QCOMPARE(panel.history()->rowCount(), 1);
        QCOMPARE(panel.fills()->rowCount(), 1);

        panel.applyEvent(RiskNotice{.timeMs = 4000, .from = u"ACTIVE"_s, .to = u"HALTED"_s,
                                    .message = u"kill switch: test"_s});
        QCOMPARE(panel.accountState(), u"HALTED"_s);
        QCOMPARE(states.count(), 2); // ACTIVE, then HALTED
        QCOMPARE(notes.count(), 1);
        QVERIFY(notes.first().first().toString().contains(u"Halted"_s));
        QVERIFY(panel.headerText().contains(u"Halted"_s));
        panel.applyEvent(ReconciliationNotice{.timeMs = 5000, .venue = u"paper"_s,
                                              .message = u"order bcf9 closed as REJECTED"_s});
        // Newest first: reconciliation, risk, the filled order, the fill.
        QListWidget* events = panel.events();
        QCOMPARE(events->count(), 4);
        QVERIFY(events->item(0)->text().contains(u"Reconciliation with Paper"_s));
        QVERIFY(events->item(1)->text().contains(u"kill switch: test"_s));
        QVERIFY(events->item(2)->text().contains(u"Order filled"_s));
        QVERIFY(events->item(3)->text().contains(u"Fill: Sell 0.5 BTCUSDT at 101 (maker)"_s));
    }

    void ticketOffersTheUsersVenues()
    {
        Fixture f;
        OrderTicket ticket(f.session, f.instruments, f.theme, f.preferences);
        ticket.setSymbol(u"BTCUSDT"_s);
        // Not logged in: paper only.
        QCOMPARE(ticket.venues(), QStringList{u"paper"_s});
        QCOMPARE(ticket.venue(), u"paper"_s);
        QVERIFY(!ticket.setVenue(u"binance"_s));
        ticket.setVenues({u"paper"_s, u"binance"_s});
        QCOMPARE(ticket.venue(), u"paper"_s); // paper stays the choice
        QCOMPARE(ticket.findChild<QComboBox*>(u"ticketVenue"_s)->itemText(1),
                 u"Binance (live)"_s);
        // Each venue's balance.
        ticket.setPortfolio(portfolio());
        Portfolio live = portfolio();
        live.venue = u"binance"_s;
        live.balances = {{.asset = u"USDT"_s, .free = u"20"_s, .locked = u"0"_s,
                          .value = u"20"_s}};
        ticket.setPortfolio(live);
        auto* available = ticket.findChild<QLabel*>(u"ticketAvailable"_s);
        QVERIFY(available->text().contains(u"10000.00 USDT"_s));
        QVERIFY(ticket.setVenue(u"binance"_s));
        QVERIFY2(available->text().contains(u"20.00 USDT"_s), qPrintable(available->text()));
        QVERIFY(!ticket.findChild<QLabel*>(u"ticketLiveNote"_s)->text().isEmpty());
        ticket.setKind(Kind::Limit);
        ticket.setQuantity(u"0.5"_s);
        ticket.setPrice(u"101"_s);
        QCOMPARE(ticket.orderRequest()->venue, u"binance"_s);
        QVERIFY(ticket.confirmationText().contains(u"Venue: Binance (live)"_s));
        // OCO goes to Binance as one order list.
        ticket.setKind(Kind::Oco);
        ticket.setStopPrice(u"99"_s);
        QCOMPARE(ticket.ocoRequest()->venue, u"binance"_s);
        // The key is deleted meanwhile: back to paper, never a live venue by surprise.
        ticket.setVenues({u"paper"_s});
        QCOMPARE(ticket.venue(), u"paper"_s);
        ticket.setKind(Kind::Limit);
        QCOMPARE(ticket.orderRequest()->venue, u"paper"_s);
    }

    void liveOrdersAreConfirmedEvenInOneClickMode()
    {
        Fixture f;
        OrderTicket ticket(f.session, f.instruments, f.theme, f.preferences);
        ticket.setSymbol(u"BTCUSDT"_s);
        ticket.setOneClick(true);
        QVERIFY(!ticket.needsConfirmation()); // paper in one-click mode: no question
        QVERIFY(!ticket.confirmation());
        ticket.setVenues({u"paper"_s, u"binance"_s});
        QVERIFY(ticket.setVenue(u"binance"_s));
        QVERIFY(ticket.needsConfirmation());
        ticket.setKind(Kind::Limit);
        ticket.setQuantity(u"0.5"_s);
        ticket.setPrice(u"101"_s);

        // The question, as the screenshot mode shows it: a warning whose OK button repeats the
        // order and is wide enough for its text under the theme's padding.
        {
            const std::unique_ptr<QMessageBox> box = ticket.confirmation();
            QVERIFY(box);
            QCOMPARE(box->icon(), QMessageBox::Warning);
            QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
            QAbstractButton* ok = box->button(QMessageBox::Ok);
            QCOMPARE(ok->text(), ticket.submitText() + u" — live"_s);
            QVERIFY(ok->minimumWidth() >= ok->sizeHint().width());
        }

        // Cancelled: nothing is sent.
        QString asked;
        QTimer::singleShot(0, &ticket, [&asked] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box)
                return;
            asked = box->text() + u'\n' + box->informativeText();
            box->button(QMessageBox::Cancel)->click();
        });
        ticket.submit();
        QVERIFY2(asked.contains(u"real order on Binance with real money"_s), qPrintable(asked));
        QVERIFY(asked.contains(u"Venue: Binance (live)"_s));
        QCOMPARE(ticket.message(), QString());

        // Confirmed: it is sent (and refused at once here: not logged in).
        bool confirmed = false;
        QTimer::singleShot(0, &ticket, [&confirmed] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box)
                return;
            confirmed = true;
            box->button(QMessageBox::Ok)->click();
        });
        ticket.submit();
        QVERIFY(confirmed);
        QVERIFY2(ticket.message().contains(u"not logged in"_s), qPrintable(ticket.message()));
    }

    void tradingDockShowsTheChosenVenue()
    {
        Fixture f;
        TradingPanel panel(f.session, f.instruments, f.theme);
        QCOMPARE(panel.venue(), u"paper"_s);
        QCOMPARE(panel.venues(), QStringList{u"paper"_s});
        panel.setVenues({u"paper"_s, u"binance"_s});
        QCOMPARE(panel.venue(), u"paper"_s); // paper is shown first
        QSignalSpy changed(&panel, &TradingPanel::portfolioChanged);
        panel.applyEvent(portfolio());
        Portfolio live = portfolio();
        live.venue = u"binance"_s;
        live.equity = u"500"_s;
        live.positions.clear();
        live.timeMs = 2000;
        panel.applyEvent(live);
        QCOMPARE(changed.count(), 2); // every venue's, for the ticket
        QCOMPARE(panel.portfolios().size(), std::size_t(2));
        QVERIFY2(panel.headerText().contains(u"Equity 10151.35 USDT"_s),
                 qPrintable(panel.headerText()));
        QCOMPARE(panel.positions()->rowCount(), 1);

        QVERIFY(panel.setVenue(u"binance"_s));
        QVERIFY2(panel.headerText().contains(u"Equity 500.00 USDT"_s),
                 qPrintable(panel.headerText()));
        QCOMPARE(panel.positions()->rowCount(), 0);
        QCOMPARE(panel.portfolio()->venue, u"binance"_s);
        Portfolio stale = live;
        stale.equity = u"1"_s;
        stale.timeMs = 1500;
        panel.applyEvent(stale); // older than the one shown: ignored
        QVERIFY(panel.headerText().contains(u"Equity 500.00 USDT"_s));

        panel.applyEvent(ReconciliationNotice{.timeMs = 5000, .venue = u"binance"_s,
                                              .message = u"balance corrected"_s});
        QVERIFY2(panel.events()->item(0)->text().contains(
                     u"Reconciliation with Binance (live): balance corrected"_s),
                 qPrintable(panel.events()->item(0)->text()));
        Order order;
        order.clientOrderId = u"bcf2"_s;
        order.venue = u"binance"_s;
        order.symbol = u"BTCUSDT"_s;
        order.side = Side::Buy;
        order.type = OrderType::Market;
        order.quantity = u"0.1"_s;
        order.state = OrderState::Rejected;
        order.reason = u"insufficient balance"_s;
        order.createdMs = order.updatedMs = 6000;
        panel.applyEvent(order);
        QVERIFY2(panel.events()->item(0)->text().contains(u"on Binance (live)"_s),
                 qPrintable(panel.events()->item(0)->text()));

        // The key is deleted: back to paper.
        panel.setVenues({u"paper"_s});
        QCOMPARE(panel.venue(), u"paper"_s);
        QVERIFY(panel.headerText().contains(u"Equity 10151.35 USDT"_s));
    }
};

QTEST_MAIN(TestOrderTicket)
#include "tst_order_ticket.moc"
