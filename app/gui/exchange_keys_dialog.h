#pragma once

#include "core/trading_types.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace bcf::app {

class SessionController;

// Account → Exchange keys…: the signed-in user's exchange API keys, which let bcf-core trade
// on a live venue for them (one key per exchange). A table of the keys (exchange, label, the
// key's last characters "…abcd", whether it may trade, when it was added) with Delete, which
// asks first; below it a form to add one: the exchange (Binance), an optional label, the API
// key and its secret (hidden as it is typed), with a note that keys allowing withdrawals are
// refused and that the key is stored encrypted on the server. A field the server refuses is
// marked under that field and the server's message goes to the message line, as do the other
// errors. When live trading is off on the server (or the user's role cannot trade) a line says
// so and Add is disabled.
//
// The secret is only in its field: it is handed to SessionController::addExchangeKey() and
// cleared from the field when the key is added and when the dialog closes (the API key too).
// GUI thread only.
class ExchangeKeysDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExchangeKeysDialog)

public:
    enum class Field { Exchange, Label, ApiKey, SecretKey };
    // The table's columns.
    enum Column { ExchangeColumn, LabelColumn, KeyColumn, CanTradeColumn, AddedColumn };
    // The id of a row's key (Qt::UserRole of its first cell).
    static constexpr int KeyIdRole = Qt::UserRole;

    explicit ExchangeKeysDialog(SessionController& session, QWidget* parent = nullptr);
    ~ExchangeKeysDialog() override;

    // The form's field of a field the server named ("api key", "secret key", "label",
    // "exchange"); nullopt for any other.
    static std::optional<Field> fieldNamed(const QString& serverField);

    // Lists the keys again (done once when the dialog opens).
    void reload();
    // Shows ListExchangeKeys' answer: the table, and whether keys can be added.
    void showKeys(const ExchangeKeyList& list);
    // Shows a refused addition (see the class comment).
    void showAddError(const TradingError& error);
    // Sends the form.
    void addKey();
    // Deletes a key without asking; requestDelete() asks about the selected one first.
    void deleteKey(qint64 id);
    void requestDelete();

    // The error under a field ("" when none), the message line and whether it is an error, and
    // the line about live trading being off ("" when it is not shown).
    QString fieldError(Field field) const;
    QString message() const;
    bool messageIsError() const { return m_messageIsError; }
    QString unavailableText() const;

    QTableWidget* table() const { return m_table; }
    QComboBox* exchangeBox() const { return m_exchange; }
    QLineEdit* labelEdit() const { return m_label; }
    QLineEdit* apiKeyEdit() const { return m_apiKey; }
    QLineEdit* secretKeyEdit() const { return m_secretKey; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* deleteButton() const { return m_delete; }

    void done(int result) override;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void fillTable();
    void updateButtons();
    void updateUnavailable();
    void setBusy(bool busy);
    void setFieldError(Field field, const QString& text);
    void clearFieldErrors();
    void showMessage(const QString& text, bool error);
    void forgetSecrets();
    QLabel* errorOf(Field field) const;
    // The key of the exchange chosen in the form, or null.
    const ExchangeKey* keyOf(const QString& exchange) const;

    SessionController& m_session;
    std::vector<ExchangeKey> m_keys;
    bool m_loaded = false;
    bool m_liveTradingEnabled = false;
    bool m_busy = false;
    bool m_messageIsError = false;

    QLabel* m_title = nullptr;
    QLabel* m_intro = nullptr;
    QLabel* m_unavailable = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_empty = nullptr;
    QPushButton* m_delete = nullptr;
    QGroupBox* m_addGroup = nullptr;
    QLabel* m_exchangeLabel = nullptr;
    QComboBox* m_exchange = nullptr;
    QLabel* m_exchangeError = nullptr;
    QLabel* m_labelLabel = nullptr;
    QLineEdit* m_label = nullptr;
    QLabel* m_labelError = nullptr;
    QLabel* m_apiKeyLabel = nullptr;
    QLineEdit* m_apiKey = nullptr;
    QLabel* m_apiKeyError = nullptr;
    QLabel* m_secretKeyLabel = nullptr;
    QLineEdit* m_secretKey = nullptr;
    QLabel* m_secretKeyError = nullptr;
    QLabel* m_note = nullptr;
    QLabel* m_existing = nullptr;
    QPushButton* m_add = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_close = nullptr;
};

} // namespace bcf::app
