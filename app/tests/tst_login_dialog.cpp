// LoginDialog driven through a fake Authenticator: button states, the two-factor page,
// error display, "Remember me" availability.
#include "core/connection_profile_store.h"
#include "core/preferences.h"
#include "fake_authenticator.h"
#include "gui/login_dialog.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace bcf::app;
using bcf::app::testing::FakeAuthenticator;

class TestLoginDialog final : public QObject
{
    Q_OBJECT

private:
    struct Fixture {
        QTemporaryDir dir;
        Preferences preferences{std::make_unique<QSettings>(dir.filePath(u"settings.ini"_s),
                                                            QSettings::IniFormat)};
        ConnectionProfileStore profiles{preferences};
        FakeAuthenticator authenticator;
        LoginDialog dialog{authenticator, profiles};

        template <typename T>
        T* find(const QString& name)
        {
            auto* widget = dialog.findChild<T*>(name);
            if (!widget)
                qFatal("no widget named %s", qPrintable(name));
            return widget;
        }
        QLineEdit* username() { return find<QLineEdit>(u"usernameEdit"_s); }
        QLineEdit* password() { return find<QLineEdit>(u"passwordEdit"_s); }
        QPushButton* login() { return find<QPushButton>(u"loginButton"_s); }
        QLineEdit* code() { return find<QLineEdit>(u"codeEdit"_s); }
        QPushButton* verify() { return find<QPushButton>(u"verifyButton"_s); }
        QCheckBox* remember() { return find<QCheckBox>(u"rememberCheck"_s); }
    };

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void loginButtonNeedsUsernameAndPassword()
    {
        Fixture f;
        f.dialog.show();
        QVERIFY(!f.login()->isEnabled());
        QTest::keyClicks(f.username(), u"alice"_s);
        QVERIFY(!f.login()->isEnabled());
        QTest::keyClicks(f.password(), u"secret"_s);
        QVERIFY(f.login()->isEnabled());
        f.username()->setText(u"   "_s);
        QVERIFY2(!f.login()->isEnabled(), "a blank username must not enable login");
    }

    void clickingLoginCallsTheAuthenticatorOnce()
    {
        Fixture f;
        f.dialog.show();
        f.username()->setText(u" alice "_s);
        f.password()->setText(u"secret"_s);
        f.remember()->setChecked(true);
        QTest::mouseClick(f.login(), Qt::LeftButton);

        QCOMPARE(f.authenticator.logins.size(), 1);
        QCOMPARE(f.authenticator.logins.front().username, u"alice"_s);
        QCOMPARE(f.authenticator.logins.front().password, u"secret"_s);
        QVERIFY(f.authenticator.logins.front().remember);
        QVERIFY(f.dialog.isBusy());
        QVERIFY(!f.login()->isEnabled());
        // A second press while in flight does nothing.
        QVERIFY(!f.dialog.submit());
        QCOMPARE(f.authenticator.logins.size(), 1);
    }

    void challengeShowsTheSecondFactorPage()
    {
        Fixture f;
        f.dialog.show();
        f.username()->setText(u"alice"_s);
        f.password()->setText(u"secret"_s);
        QVERIFY(f.dialog.submit());
        QCOMPARE(f.dialog.page(), LoginDialog::Page::Credentials);

        emit f.authenticator.secondFactorRequired();
        QCOMPARE(f.dialog.page(), LoginDialog::Page::SecondFactor);
        QVERIFY(!f.dialog.isBusy());
        QVERIFY(!f.verify()->isEnabled());
        QTest::keyClicks(f.code(), u"123456"_s);
        QVERIFY(f.verify()->isEnabled());
        QTest::mouseClick(f.verify(), Qt::LeftButton);
        QCOMPARE(f.authenticator.codes, QStringList{u"123456"_s});

        emit f.authenticator.loginFailed(u"Invalid two-factor code"_s);
        auto* error = f.find<QLabel>(u"codeErrorLabel"_s);
        QVERIFY(error->isVisible());
        QCOMPARE(error->text(), u"Invalid two-factor code"_s);
        QCOMPARE(f.dialog.page(), LoginDialog::Page::SecondFactor);

        QTest::mouseClick(f.find<QPushButton>(u"backButton"_s), Qt::LeftButton);
        QCOMPARE(f.authenticator.cancellations, 1);
        QCOMPARE(f.dialog.page(), LoginDialog::Page::Credentials);
        QVERIFY(f.password()->text().isEmpty());
    }

    void failureShowsTheServerMessage()
    {
        Fixture f;
        f.dialog.show();
        f.username()->setText(u"alice"_s);
        f.password()->setText(u"wrong"_s);
        QVERIFY(f.dialog.submit());
        emit f.authenticator.loginFailed(u"Invalid username or password"_s);
        auto* error = f.find<QLabel>(u"errorLabel"_s);
        QVERIFY(error->isVisible());
        QCOMPARE(error->text(), u"Invalid username or password"_s);
        QVERIFY(!f.dialog.isBusy());
        QVERIFY(f.login()->isEnabled());
    }

    void loggedInAcceptsTheDialog()
    {
        Fixture f;
        f.dialog.show();
        f.username()->setText(u"alice"_s);
        f.password()->setText(u"secret"_s);
        QVERIFY(f.dialog.submit());
        UserInfo user;
        user.id = 1;
        user.username = u"alice"_s;
        emit f.authenticator.loggedIn(user);
        QCOMPARE(f.dialog.result(), int(QDialog::Accepted));
        QVERIFY(!f.dialog.isVisible());
        QVERIFY2(f.password()->text().isEmpty(), "the password must not linger in the dialog");
    }

    void rememberFollowsKeychainAvailability()
    {
        Fixture f;
        f.dialog.show();
        QVERIFY(f.remember()->isEnabled());
        f.remember()->setChecked(true);
        f.authenticator.setRememberAvailable(false, u"no secret service"_s);
        QVERIFY(!f.remember()->isEnabled());
        QVERIFY(!f.remember()->isChecked());
        QVERIFY(f.remember()->toolTip().contains(u"no secret service"_s));

        f.username()->setText(u"alice"_s);
        f.password()->setText(u"secret"_s);
        QVERIFY(f.dialog.submit());
        QVERIFY(!f.authenticator.logins.front().remember);
    }
};

QTEST_MAIN(TestLoginDialog)
#include "tst_login_dialog.moc"
