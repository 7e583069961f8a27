// Preferences, SettingValue and ConnectionProfileStore: values survive a round trip through
// QSettings, changed() fires only on change, and profile lists stay consistent.
#include "core/connection_profile_store.h"
#include "core/language_manager.h"
#include "core/preferences.h"
#include "core/setting_value.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace bcf::app;

class TestPreferences final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::unique_ptr<Preferences> open() const
    {
        return std::make_unique<Preferences>(std::make_unique<QSettings>(
            m_dir.filePath(u"botcriptofy.ini"_s), QSettings::IniFormat));
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void init() { QFile::remove(m_dir.filePath(u"botcriptofy.ini"_s)); }

    void settingValueRoundTrip()
    {
        {
            auto preferences = open();
            SettingValue<int> depth(*preferences, u"chart/depth"_s, 20);
            SettingValue<QString> theme(*preferences, u"ui/theme"_s, u"dark"_s);
            QCOMPARE(depth.get(), 20);
            QCOMPARE(theme.get(), u"dark"_s);

            QSignalSpy changed(preferences.get(), &Preferences::changed);
            depth.set(50);
            theme.set(u"light"_s);
            theme.set(u"light"_s); // unchanged: no signal
            QCOMPARE(changed.count(), 2);
            QCOMPARE(changed.at(0).at(0).toString(), u"chart/depth"_s);
            QCOMPARE(changed.at(1).at(0).toString(), u"ui/theme"_s);
        }
        auto reopened = open();
        QCOMPARE((SettingValue<int>(*reopened, u"chart/depth"_s, 20).get()), 50);
        QCOMPARE((SettingValue<QString>(*reopened, u"ui/theme"_s, u"dark"_s).get()), u"light"_s);
    }

    void profilesStartWithLocal()
    {
        auto preferences = open();
        ConnectionProfileStore store(*preferences);
        QCOMPARE(store.profiles().size(), 1);
        QCOMPARE(store.selected().name, u"Local"_s);
        QCOMPARE(store.selected().host, u"127.0.0.1"_s);
        QCOMPARE(store.selected().port, ConnectionProfileStore::defaultPort);
    }

    void profilesRoundTrip()
    {
        const ConnectionProfile production{
            .name = u"Production"_s, .host = u"core.example.com"_s, .port = 443,
            .caCertificatePath = u"/etc/bcf/ca.crt"_s};
        {
            auto preferences = open();
            ConnectionProfileStore store(*preferences);
            QSignalSpy selected(&store, &ConnectionProfileStore::selectedProfileChanged);
            store.upsert(production);
            QCOMPARE(selected.count(), 0);
            QVERIFY(store.select(u"Production"_s));
            QCOMPARE(selected.count(), 1);
            QVERIFY(!store.select(u"Nowhere"_s));
        }
        auto preferences = open();
        ConnectionProfileStore store(*preferences);
        QCOMPARE(store.profiles().size(), 2);
        QCOMPARE(store.selectedName(), u"Production"_s);
        QCOMPARE(store.selected(), production);
        QCOMPARE(store.find(u"Local"_s)->port, ConnectionProfileStore::defaultPort);
    }

    void setProfilesDropsInvalidAndKeepsASelection()
    {
        auto preferences = open();
        ConnectionProfileStore store(*preferences);
        const QList<ConnectionProfile> edited{
            {u"A"_s, u"a.example"_s, 1000, {}},
            {u"A"_s, u"duplicate.example"_s, 1001, {}},
            {u"  "_s, u"nameless.example"_s, 1002, {}},
            {u"B"_s, u" b.example "_s, 1003, {}},
        };
        store.setProfiles(edited, u"Gone"_s);
        QCOMPARE(store.profiles().size(), 2);
        QCOMPARE(store.profiles().at(0).host, u"a.example"_s);
        QCOMPARE(store.profiles().at(1).host, u"b.example"_s);
        QCOMPARE(store.selectedName(), u"A"_s);

        store.setProfiles({}, QString());
        QCOMPARE(store.profiles().size(), 1);
        QCOMPARE(store.selectedName(), u"Local"_s);
    }

    void profileProblems()
    {
        QTemporaryDir dir;
        const QString ca = dir.filePath(u"ca.crt"_s);
        QFile file(ca);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("-----BEGIN CERTIFICATE-----\n");
        file.close();

        ConnectionProfile profile{u"Local"_s, u"127.0.0.1"_s, 50051, ca};
        QVERIFY(profile.problem().isEmpty());
        QCOMPARE(profile.endpoint(), u"127.0.0.1:50051"_s);
        profile.host = u"::1"_s;
        QCOMPARE(profile.endpoint(), u"[::1]:50051"_s);
        profile.port = 0;
        QVERIFY(profile.problem().contains(u"65535"_s));
        profile.port = 50051;
        profile.caCertificatePath = dir.filePath(u"missing.crt"_s);
        QVERIFY(profile.problem().contains(u"missing.crt"_s));
        profile.caCertificatePath.clear();
        QVERIFY(profile.problem().contains(u"CA certificate"_s));
    }

    void hostProblems_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("problem"); // a part of the message; empty: accepted
        QTest::addColumn<QString>("endpoint");
        QTest::newRow("host name") << u"core.example.com"_s << QString()
                                   << u"core.example.com:50051"_s;
        QTest::newRow("fully qualified") << u"core.example.com."_s << QString()
                                         << u"core.example.com.:50051"_s;
        QTest::newRow("IPv4") << u"10.0.0.1"_s << QString() << u"10.0.0.1:50051"_s;
        QTest::newRow("IPv6") << u"fe80::1"_s << QString() << u"[fe80::1]:50051"_s;
        QTest::newRow("IPv6 loopback") << u"::1"_s << QString() << u"[::1]:50051"_s;
        QTest::newRow("empty") << QString() << u"no host"_s << QString();
        QTest::newRow("scheme") << u"http://x"_s << u"scheme"_s << QString();
        QTest::newRow("https scheme") << u"https://core.example.com"_s << u"scheme"_s << QString();
        QTest::newRow("port") << u"x:443"_s << u"port"_s << QString();
        QTest::newRow("IPv4 with port") << u"10.0.0.1:443"_s << u"port"_s << QString();
        QTest::newRow("IPv6 with port") << u"[::1]:443"_s << u"port"_s << QString();
        QTest::newRow("space") << u"a b"_s << u"spaces"_s << QString();
        QTest::newRow("trailing space") << u"core "_s << u"spaces"_s << QString();
        QTest::newRow("bracketed IPv6") << u"[::1]"_s << u"neither"_s << QString();
        QTest::newRow("leading hyphen") << u"-x.example.com"_s << u"neither"_s << QString();
        QTest::newRow("trailing hyphen") << u"x-.example.com"_s << u"neither"_s << QString();
        QTest::newRow("empty label") << u"x..example.com"_s << u"neither"_s << QString();
        QTest::newRow("label of 64") << QString(64, u'a') << u"neither"_s << QString();
        QTest::newRow("label of 63") << QString(63, u'a') << QString() << QString();
        QTest::newRow("underscore") << u"core_1"_s << u"neither"_s << QString();
        QTest::newRow("path") << u"core/x"_s << u"neither"_s << QString();
    }

    void hostProblems()
    {
        QFETCH(QString, host);
        QFETCH(QString, problem);
        QFETCH(QString, endpoint);
        QTemporaryDir dir;
        const QString ca = dir.filePath(u"ca.crt"_s);
        QFile file(ca);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("-----BEGIN CERTIFICATE-----\n");
        file.close();

        const ConnectionProfile profile{u"Local"_s, host, 50051, ca};
        if (problem.isEmpty()) {
            QVERIFY2(profile.problem().isEmpty(), qPrintable(profile.problem()));
            QVERIFY(ConnectionProfile::hostProblem(host, u"Local"_s).isEmpty());
        } else {
            QVERIFY2(profile.problem().contains(problem), qPrintable(profile.problem()));
            QVERIFY(profile.problem().contains(u"Local"_s));
        }
        if (!endpoint.isEmpty())
            QCOMPARE(profile.endpoint(), endpoint);
    }

    void languageIsValidatedAndStored()
    {
        auto preferences = open();
        LanguageManager language(*preferences);
        QVERIFY(!language.setLanguage(u"xx"_s));
        QVERIFY(language.setLanguage(u"pt_BR"_s));
        QCOMPARE(language.current(), u"pt_BR"_s);
        QCOMPARE(preferences->value(u"ui/language"_s).toString(), u"pt_BR"_s);
    }
};

QTEST_GUILESS_MAIN(TestPreferences)
#include "tst_preferences.moc"
