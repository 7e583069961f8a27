// SettingsDialog: profile edits are validated and stored only on OK; theme applies live.
#include "core/connection_profile_store.h"
#include "core/language_manager.h"
#include "core/preferences.h"
#include "gui/settings_dialog.h"
#include "gui/theme_manager.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace bcf::app;

class TestSettingsDialog final : public QObject
{
    Q_OBJECT

private:
    struct Fixture {
        QTemporaryDir dir;
        Preferences preferences{std::make_unique<QSettings>(dir.filePath(u"settings.ini"_s),
                                                            QSettings::IniFormat)};
        ConnectionProfileStore profiles{preferences};
        ThemeManager theme{preferences};
        LanguageManager language{preferences};

        Fixture()
        {
            theme.apply();
            language.apply();
        }
    };

    template <typename T>
    static T* find(QWidget& parent, const QString& name)
    {
        auto* widget = parent.findChild<T*>(name);
        if (!widget)
            qFatal("no widget named %s", qPrintable(name));
        return widget;
    }

    static QPushButton* ok(QWidget& dialog)
    {
        return dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void addEditAndStoreAProfile()
    {
        Fixture f;
        SettingsDialog dialog(f.profiles, f.theme, f.language);
        dialog.show();
        QTest::mouseClick(find<QPushButton>(dialog, u"addProfileButton"_s), Qt::LeftButton);
        QCOMPARE(find<QListWidget>(dialog, u"profileList"_s)->count(), 2);

        find<QLineEdit>(dialog, u"profileNameEdit"_s)->setText(u"Staging"_s);
        find<QLineEdit>(dialog, u"profileHostEdit"_s)->setText(u"staging.example.com"_s);
        find<QSpinBox>(dialog, u"profilePortSpin"_s)->setValue(8443);
        find<QLineEdit>(dialog, u"profileCaEdit"_s)->setText(u"/etc/bcf/staging-ca.crt"_s);
        QCOMPARE(f.profiles.profiles().size(), 1); // nothing stored before OK

        QVERIFY(ok(dialog)->isEnabled());
        QTest::mouseClick(ok(dialog), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const auto staging = f.profiles.find(u"Staging"_s);
        QVERIFY(staging.has_value());
        QCOMPARE(staging->host, u"staging.example.com"_s);
        QCOMPARE(staging->port, 8443);
        QCOMPARE(staging->caCertificatePath, u"/etc/bcf/staging-ca.crt"_s);
    }

    void renamingTheSelectedProfileKeepsItSelected()
    {
        Fixture f;
        f.profiles.upsert(ConnectionProfile{u"Other"_s, u"10.0.0.2"_s, 50051, {}});
        QVERIFY(f.profiles.select(u"Other"_s));
        SettingsDialog dialog(f.profiles, f.theme, f.language);
        dialog.show();
        auto* list = find<QListWidget>(dialog, u"profileList"_s);
        QCOMPARE(list->currentRow(), 1);

        // Typed key by key, with a space inside and one at the end that the store trims.
        auto* name = find<QLineEdit>(dialog, u"profileNameEdit"_s);
        name->clear();
        QTest::keyClicks(name, u"Staging 2 "_s);
        auto* apply = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Apply);
        QVERIFY(apply->isEnabled());
        QTest::mouseClick(apply, Qt::LeftButton);
        QCOMPARE(f.profiles.selectedName(), u"Staging 2"_s);
        QCOMPARE(f.profiles.selected().host, u"10.0.0.2"_s);
        QCOMPARE(list->currentRow(), 1);
        QCOMPARE(name->text(), u"Staging 2"_s);

        // Renamed again after the first Apply, then a profile before it removed.
        name->clear();
        QTest::keyClicks(name, u"Staging 3"_s);
        list->setCurrentRow(0);
        QTest::mouseClick(find<QPushButton>(dialog, u"removeProfileButton"_s), Qt::LeftButton);
        QTest::mouseClick(apply, Qt::LeftButton);
        QCOMPARE(f.profiles.profiles().size(), 1);
        QCOMPARE(f.profiles.selectedName(), u"Staging 3"_s);
    }

    void hostIsValidated_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("host name") << u"core.example.com"_s << true;
        QTest::newRow("single label") << u"localhost"_s << true;
        QTest::newRow("IPv4") << u"10.0.0.1"_s << true;
        QTest::newRow("IPv6") << u"::1"_s << true;
        QTest::newRow("surrounding spaces are trimmed") << u"  core.example.com "_s << true;
        QTest::newRow("scheme") << u"http://x"_s << false;
        QTest::newRow("port") << u"x:443"_s << false;
        QTest::newRow("IPv4 with port") << u"10.0.0.1:443"_s << false;
        QTest::newRow("space inside") << u"a b"_s << false;
        QTest::newRow("bracketed IPv6") << u"[::1]"_s << false;
        QTest::newRow("leading hyphen") << u"-core.example.com"_s << false;
        QTest::newRow("empty label") << u"core..example.com"_s << false;
        QTest::newRow("underscore") << u"core_1"_s << false;
    }

    void hostIsValidated()
    {
        QFETCH(QString, host);
        QFETCH(bool, accepted);
        Fixture f;
        SettingsDialog dialog(f.profiles, f.theme, f.language);
        dialog.show();
        find<QLineEdit>(dialog, u"profileHostEdit"_s)->setText(host);
        QCOMPARE(ok(dialog)->isEnabled(), accepted);
        if (!accepted)
            QVERIFY(!dialog.findChild<QLabel*>(u"settingsError"_s)->text().isEmpty());
    }

    void duplicateNamesBlockOk()
    {
        Fixture f;
        SettingsDialog dialog(f.profiles, f.theme, f.language);
        dialog.show();
        QTest::mouseClick(find<QPushButton>(dialog, u"addProfileButton"_s), Qt::LeftButton);
        find<QLineEdit>(dialog, u"profileNameEdit"_s)->setText(u"Local"_s);
        QVERIFY(!ok(dialog)->isEnabled());
        find<QLineEdit>(dialog, u"profileNameEdit"_s)->setText(u"Other"_s);
        QVERIFY(ok(dialog)->isEnabled());
        find<QLineEdit>(dialog, u"profileNameEdit"_s)->clear();
        QVERIFY(!ok(dialog)->isEnabled());
    }

    void cancelKeepsEverything()
    {
        Fixture f;
        {
            SettingsDialog dialog(f.profiles, f.theme, f.language);
            dialog.show();
            find<QLineEdit>(dialog, u"profileHostEdit"_s)->setText(u"elsewhere.example"_s);
            auto* theme = find<QComboBox>(dialog, u"themeCombo"_s);
            theme->setCurrentIndex(theme->findData(u"light"_s));
            dialog.reject();
        }
        QCOMPARE(f.profiles.selected().host, u"127.0.0.1"_s);
        QCOMPARE(f.theme.current(), u"dark"_s);
    }

    void themeAppliesOnOk()
    {
        Fixture f;
        SettingsDialog dialog(f.profiles, f.theme, f.language);
        dialog.showSection(SettingsDialog::Section::Appearance);
        dialog.show();
        auto* theme = find<QComboBox>(dialog, u"themeCombo"_s);
        theme->setCurrentIndex(theme->findData(u"light"_s));
        QTest::mouseClick(ok(dialog), Qt::LeftButton);
        QCOMPARE(f.theme.current(), u"light"_s);
        QCOMPARE(f.preferences.value(u"ui/theme"_s).toString(), u"light"_s);
        QCOMPARE(qApp->palette().color(QPalette::Window), f.theme.color(u"window"_s));
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settings_dialog.moc"
