// The exchange keys dialog without a server: the keys table shows only the end of each key,
// a refused field is marked under that field, Add is off while live trading is off on the
// server, the secret is typed hidden and is gone from its field when the dialog closes, and a
// call without a session is refused with a message.
#include "core/session_controller.h"
#include "gui/exchange_keys_dialog.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>

using namespace bcf::app;
using namespace Qt::StringLiterals;

namespace {

using Field = ExchangeKeysDialog::Field;

ExchangeKeyList oneKey(bool liveTradingEnabled)
{
    return ExchangeKeyList{.keys = {{.id = 7,
                                     .exchange = u"binance"_s,
                                     .label = u"main"_s,
                                     .apiKeyHint = u"wxyz"_s,
                                     .canTrade = true,
                                     .createdMs = 1700000000000}},
                           .venues = {u"paper"_s, u"binance"_s},
                           .liveTradingEnabled = liveTradingEnabled};
}

} // namespace

class TestExchangeKeysDialog final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void serverFieldsMapToTheForm()
    {
        QCOMPARE(ExchangeKeysDialog::fieldNamed(u"api key"_s), Field::ApiKey);
        QCOMPARE(ExchangeKeysDialog::fieldNamed(u"secret key"_s), Field::SecretKey);
        QCOMPARE(ExchangeKeysDialog::fieldNamed(u"label"_s), Field::Label);
        QCOMPARE(ExchangeKeysDialog::fieldNamed(u"exchange"_s), Field::Exchange);
        QVERIFY(!ExchangeKeysDialog::fieldNamed(u"quantity"_s));
    }

    void withoutASessionTheListIsRefused()
    {
        SessionController session{ConnectionProfile{}};
        ExchangeKeysDialog dialog(session);
        QVERIFY(dialog.messageIsError());
        QVERIFY2(dialog.message().contains(u"not logged in"_s), qPrintable(dialog.message()));
        QVERIFY(!dialog.addButton()->isEnabled());
        QCOMPARE(dialog.table()->rowCount(), 0);
        // Only Binance can be chosen, and the secret is typed hidden.
        QCOMPARE(dialog.exchangeBox()->count(), 1);
        QCOMPARE(dialog.exchangeBox()->currentData().toString(), u"binance"_s);
        QCOMPARE(dialog.exchangeBox()->currentText(), u"Binance"_s);
        QCOMPARE(dialog.secretKeyEdit()->echoMode(), QLineEdit::Password);
        const QString note = dialog.findChild<QLabel*>(u"exchangeKeysNote"_s)->text();
        QVERIFY(note.contains(u"withdrawals"_s));
        QVERIFY(note.contains(u"encrypted"_s));
    }

    void keysShowOnlyTheirEnd()
    {
        SessionController session{ConnectionProfile{}};
        ExchangeKeysDialog dialog(session);
        dialog.showKeys(oneKey(true));
        QCOMPARE(dialog.table()->rowCount(), 1);
        QCOMPARE(dialog.table()->item(0, ExchangeKeysDialog::ExchangeColumn)->text(),
                 u"Binance"_s);
        QCOMPARE(dialog.table()->item(0, ExchangeKeysDialog::LabelColumn)->text(), u"main"_s);
        QCOMPARE(dialog.table()->item(0, ExchangeKeysDialog::KeyColumn)->text(), u"…wxyz"_s);
        QCOMPARE(dialog.table()->item(0, ExchangeKeysDialog::CanTradeColumn)->text(), u"Yes"_s);
        QVERIFY(!dialog.table()->item(0, ExchangeKeysDialog::AddedColumn)->text().isEmpty());
        QCOMPARE(dialog.table()->item(0, 0)->data(ExchangeKeysDialog::KeyIdRole).toLongLong(), 7);
        QCOMPARE(dialog.unavailableText(), QString());
    }

    void liveTradingOffIsSaid()
    {
        SessionController session{ConnectionProfile{}};
        ExchangeKeysDialog dialog(session);
        ExchangeKeyList off = oneKey(false);
        off.keys.clear();
        QCOMPARE(dialog.unavailableText(), QString()); // nothing is claimed before an answer
        dialog.showKeys(off);
        QVERIFY2(dialog.unavailableText().contains(u"Live trading is off"_s),
                 qPrintable(dialog.unavailableText()));
        dialog.apiKeyEdit()->setText(u"key"_s);
        dialog.secretKeyEdit()->setText(u"secret"_s);
        QVERIFY(!dialog.addButton()->isEnabled());
        QVERIFY(!dialog.apiKeyEdit()->isEnabled());
        QCOMPARE(dialog.table()->rowCount(), 0);
    }

    void refusedFieldsAreMarked()
    {
        SessionController session{ConnectionProfile{}};
        ExchangeKeysDialog dialog(session);
        dialog.showAddError(TradingError{
            .message = u"secret key: the exchange refused the key (signature)."_s,
            .field = u"secret key"_s,
            .fieldMessage = u"the exchange refused the key (signature)."_s});
        QCOMPARE(dialog.fieldError(Field::SecretKey),
                 u"the exchange refused the key (signature)."_s);
        QCOMPARE(dialog.fieldError(Field::ApiKey), QString());
        QVERIFY(dialog.messageIsError());
        QVERIFY(dialog.message().contains(u"signature"_s));
        // Without a field: the message line only.
        dialog.showAddError(TradingError{
            .message = u"the key may withdraw funds: create one with trading only."_s,
            .field = {},
            .fieldMessage = {}});
        QCOMPARE(dialog.fieldError(Field::SecretKey), QString());
        QVERIFY(dialog.message().contains(u"withdraw"_s));
    }

    void theFormIsCheckedAndSecretsGoWithTheDialog()
    {
        SessionController session{ConnectionProfile{}};
        ExchangeKeysDialog dialog(session);
        dialog.addKey(); // empty: marked, nothing sent
        QCOMPARE(dialog.fieldError(Field::ApiKey), u"Enter the API key."_s);
        QCOMPARE(dialog.fieldError(Field::SecretKey), u"Enter the secret key."_s);
        dialog.apiKeyEdit()->setText(u"A1B2C3D4"_s);
        dialog.secretKeyEdit()->setText(u"s3cr3t"_s);
        dialog.addKey(); // not logged in: refused at once, the fields stay for a retry
        QVERIFY(dialog.message().contains(u"not logged in"_s));
        QCOMPARE(dialog.secretKeyEdit()->text(), u"s3cr3t"_s);
        dialog.reject();
        QCOMPARE(dialog.secretKeyEdit()->text(), QString());
        QCOMPARE(dialog.apiKeyEdit()->text(), QString());
    }

    void deletingWithoutASessionIsRefused()
    {
        SessionController session{ConnectionProfile{}};
        ExchangeKeysDialog dialog(session);
        dialog.showKeys(oneKey(true));
        dialog.deleteKey(7);
        QVERIFY(dialog.messageIsError());
        QVERIFY(dialog.message().contains(u"not logged in"_s));
        QCOMPARE(dialog.table()->rowCount(), 1);
    }
};

QTEST_MAIN(TestExchangeKeysDialog)
#include "tst_exchange_keys_dialog.moc"
