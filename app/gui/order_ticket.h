#pragma once

#include "core/setting_value.h"
#include "core/trading_types.h"

#include <QWidget>

#include <map>
#include <memory>
#include <optional>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QMessageBox;
class QPushButton;

namespace bcf::app {

class InstrumentCatalog;
class Preferences;
class SessionController;
class ThemeManager;

// The order ticket: places an order of the chart's symbol on a venue the user may trade on (the
// Venue choice: "Paper", and "Binance (live)" with a working key; Paper by default). Side (Buy
// green, Sell red), kind (Market, Limit, Stop market, Stop limit, Trailing stop, OCO), and only the
// fields the kind has: limit price, stop price, the OCO's optional stop-limit price, trailing
// distance in percent, time in force (Limit only: GTC, IOC, FOK), post-only (GTC Limit only),
// reduce-only. The quantity is typed in the base asset or taken as 25/50/75/100 % of the free
// balance (the quote asset for a buy, at the order's price; the base asset for a sell), rounded
// down to the instrument's lot. Below the fields: the free balance, the estimated cost or proceeds
// (exact decimal arithmetic; at the last price for market and trailing orders), and the submit
// button, whose text says what will happen ("Buy 0.5 BTC at limit 101.00").
//
// Submitting checks the fields here first, then asks for confirmation with the order's summary
// unless one-click trading is on (setting "trading/oneClick", off by default). An order on a live
// venue is always confirmed, one-click or not, in a warning that it is a real order with real
// money. A field the server refuses (INVALID_ARGUMENT) is marked under that field; an order the
// risk engine or the venue rejects is shown in the message line with its reason. GUI thread only.
class OrderTicket final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderTicket)

public:
    enum class Kind { Market, Limit, StopMarket, StopLimit, TrailingStop, Oco };
    enum class Field {
        Quantity,
        Price,
        StopPrice,
        StopLimitPrice,
        Trailing,
        TimeInForce,
        PostOnly
    };

    OrderTicket(SessionController& session, InstrumentCatalog& instruments, ThemeManager& theme,
                Preferences& preferences, QWidget* parent = nullptr);
    ~OrderTicket() override;

    QString symbol() const { return m_symbol; }
    void setSymbol(const QString& symbol);
    // The last trade price of the symbol (a protocol decimal), for estimates and defaults.
    void setLastPrice(const QString& price);
    // Keeps the portfolio of its venue (Portfolio::venue); the one of the chosen venue is shown.
    void setPortfolio(const Portfolio& portfolio);

    // The venues offered (SessionController::venues(), which the ticket follows by itself):
    // the chosen one stays when it is still offered, otherwise Paper is chosen.
    void setVenues(const QStringList& venues);
    QStringList venues() const;
    // "paper", "binance", …
    QString venue() const;
    // False when `venue` is not offered.
    bool setVenue(const QString& venue);
    // Whether submit() asks first: without one-click, and always for a live venue.
    bool needsConfirmation() const;

    Side side() const { return m_side; }
    void setSide(Side side);
    Kind kind() const;
    void setKind(Kind kind);
    void setQuantity(const QString& quantity);
    void setPrice(const QString& price);
    void setStopPrice(const QString& price);
    void setStopLimitPrice(const QString& price);
    void setTrailingPercent(const QString& percent);
    void setTimeInForce(TimeInForce tif);
    void setPostOnly(bool postOnly);
    void setReduceOnly(bool reduceOnly);
    // Fills the quantity with `percent` % of the free balance; false when it cannot be computed
    // (no portfolio, no price, nothing free).
    bool applyShare(int percent);

    bool oneClick() const;
    void setOneClick(bool oneClick);

    // Whether a field's row is shown for the current kind.
    bool isFieldShown(Field field) const;
    // The error shown under a field ("" when none).
    QString fieldError(Field field) const;
    // The message line (a rejection, a placed order, a failure) and whether it is an error.
    QString message() const;
    bool messageIsError() const { return m_messageIsError; }
    // What the submit button says.
    QString submitText() const;
    // The estimate line ("Cost ≈ 50.50 USDT"), "" when it cannot be computed.
    QString estimateText() const;
    // The confirmation's text: every part of the order on its own line.
    QString confirmationText() const;
    QPushButton* submitButton() const { return m_submit; }
    QString quantity() const;

    // Checks the fields (marking those that are wrong) and builds the request; nullopt when a
    // field is wrong or the kind is OCO (see ocoRequest()).
    std::optional<OrderRequest> orderRequest();
    std::optional<OcoRequest> ocoRequest();
    // The question submit() asks before sending (null when needsConfirmation() is false), not
    // yet shown; the screenshot mode shows it without sending anything.
    std::unique_ptr<QMessageBox> confirmation();
    // Validates, confirms (see needsConfirmation()), and sends.
    void submit();

signals:
    // An order (or an OCO leg) came back from the server, in whatever state.
    void orderPlaced(const bcf::app::Order& order);
    void oneClickChanged(bool oneClick);

protected:
    void changeEvent(QEvent* event) override;

private:
    void buildUi();
    void retranslateUi();
    void applyTheme();
    void updateFields();
    void updateSummary();
    void updateAvailable();
    void updateEnabled();
    void clearErrors();
    void setFieldError(Field field, const QString& message);
    void showMessage(const QString& text, bool error);
    void send();
    void showResult(const Order& order);
    void prefillPrice();
    QString base() const;
    // The portfolio of the chosen venue, or null.
    const Portfolio* portfolio() const;
    void venueChosen();
    QString quote() const;
    // The text of an edit as a protocol decimal (a comma is taken as the decimal point).
    static QString decimalOf(const QLineEdit* edit);
    // A decimal as the user reads it (the locale's decimal point).
    QString shown(const QString& decimal) const;
    // The price the order is valued at: its limit, its stop, or the last price.
    QString referencePrice() const;
    QLineEdit* editOf(Field field) const;
    QLabel* errorOf(Field field) const;

    SessionController& m_session;
    InstrumentCatalog& m_instruments;
    ThemeManager& m_theme;
    SettingValue<bool> m_oneClickSetting;

    QString m_symbol;
    QString m_lastPrice;
    std::map<QString, Portfolio> m_portfolios; // by venue
    Side m_side = Side::Buy;
    bool m_sending = false;
    bool m_messageIsError = false;

    QLabel* m_symbolLabel = nullptr;
    QComboBox* m_venue = nullptr;
    QLabel* m_venueLabel = nullptr;
    QLabel* m_liveNote = nullptr;
    QLabel* m_lastLabel = nullptr;
    QPushButton* m_buy = nullptr;
    QPushButton* m_sell = nullptr;
    QButtonGroup* m_sides = nullptr;
    QFormLayout* m_form = nullptr;
    QComboBox* m_kind = nullptr;
    QLabel* m_kindLabel = nullptr;
    QLineEdit* m_price = nullptr;
    QLabel* m_priceLabel = nullptr;
    QLabel* m_priceError = nullptr;
    QWidget* m_priceRow = nullptr;
    QLineEdit* m_stop = nullptr;
    QLabel* m_stopLabel = nullptr;
    QLabel* m_stopError = nullptr;
    QWidget* m_stopRow = nullptr;
    QLineEdit* m_stopLimit = nullptr;
    QLabel* m_stopLimitLabel = nullptr;
    QLabel* m_stopLimitError = nullptr;
    QWidget* m_stopLimitRow = nullptr;
    QLineEdit* m_trailing = nullptr;
    QLabel* m_trailingLabel = nullptr;
    QLabel* m_trailingError = nullptr;
    QWidget* m_trailingRow = nullptr;
    QLineEdit* m_quantity = nullptr;
    QLabel* m_quantityLabel = nullptr;
    QLabel* m_quantityUnit = nullptr;
    QLabel* m_quantityError = nullptr;
    QLabel* m_shareLabel = nullptr;
    QWidget* m_shareRow = nullptr;
    QList<QPushButton*> m_shareButtons;
    QComboBox* m_tif = nullptr;
    QLabel* m_tifLabel = nullptr;
    QLabel* m_tifError = nullptr;
    QWidget* m_tifRow = nullptr;
    QCheckBox* m_postOnly = nullptr;
    QCheckBox* m_reduceOnly = nullptr;
    QLabel* m_optionsError = nullptr;
    QLabel* m_priceUnit = nullptr;
    QLabel* m_stopUnit = nullptr;
    QLabel* m_stopLimitUnit = nullptr;
    QLabel* m_available = nullptr;
    QLabel* m_estimate = nullptr;
    QLabel* m_accountNote = nullptr;
    QPushButton* m_submit = nullptr;
    QCheckBox* m_oneClick = nullptr;
    QLabel* m_message = nullptr;
};

} // namespace bcf::app
