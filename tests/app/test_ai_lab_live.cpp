// The workstation's AI lab against real servers (docs/workstation-ai-lab.md), offscreen: a trader
// fills in the dock's training form and presses Train; bcf-core queues the run, a bcf-compute
// node trains it on stored candles (real TLS, gRPC, PostgreSQL and Redis), the live loss chart
// fills epoch by epoch, the run lands in the registry with its metrics, and the model's stored
// predictions are drawn under the price chart. With BCF_AI_LAB_SCREENSHOT_DIR set, the pictures
// of that real run are saved there (ai_lab_live_training_en.png, chart_predictions_live_en.png).
#include "common/candle_store.h"
#include "common/database.h"
#include "common/market_store.h"
#include "common/model_registry.h"
#include "core/language_manager.h"
#include "core/preferences.h"
#include "core/session_controller.h"
#include "gui/ai_lab_models.h"
#include "gui/ai_lab_panel.h"
#include "gui/ai_lab_predictions.h"
#include "gui/ai_lab_widgets.h"
#include "gui/chart_panel.h"
#include "gui/main_window.h"
#include "gui/theme_manager.h"
#include "support/job_fixtures.h"
#include "support/local_services.h"
#include "support/stack_config.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <cmath>

using namespace bcf;

namespace {

constexpr const char *kPassword = "Ai-Lab-Live-2026";
constexpr int kBars = 2000;

} // namespace

class TestAiLabLive final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    test::TestCertificates m_certificates;
    std::unique_ptr<test::ServerProcess> m_core;
    std::unique_ptr<test::ServerProcess> m_compute;
    std::unique_ptr<server::Database> m_database;
    quint16 m_corePort = 0;
    std::vector<model::Candle> m_candles;

    app::ConnectionProfile profile() const
    {
        app::ConnectionProfile result;
        result.name = QStringLiteral("Test");
        result.host = QStringLiteral("127.0.0.1");
        result.port = m_corePort;
        result.caCertificatePath = m_certificates.path(QStringLiteral("ca.crt"));
        return result;
    }

    static void save(QWidget &window, const QString &name)
    {
        const QString directory = qEnvironmentVariable("BCF_AI_LAB_SCREENSHOT_DIR");
        if (directory.isEmpty())
            return;
        QDir().mkpath(directory);
        const QString path = QDir(directory).filePath(name);
        QVERIFY2(window.grab().save(path, "PNG"), qPrintable(path));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_certificates.ok());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_postgres.createDatabase(QStringLiteral("botcriptofy")), qPrintable(m_postgres.error()));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        const QString ca = m_certificates.path(QStringLiteral("ca.crt"));
        m_corePort = test::freePort();
        m_core = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_CORE_BINARY), QStringLiteral("core"));
        QVERIFY(m_core->start(test::serverConfig(QStringLiteral("core-ai-lab"), m_corePort, m_postgres,
                                                 m_redis.port(), m_certificates, test::authSection(m_certificates))));
        QVERIFY2(m_core->waitServing(m_corePort, ca), qPrintable(m_core->output()));
        QVERIFY(test::addUser(QStringLiteral(BCF_CTL_BINARY), m_core->configPath(), QStringLiteral("alice"),
                              QStringLiteral("trader"), QString::fromLatin1(kPassword)));

        // AR(1) hourly candles (a planted, learnable signal) ending at the last closed hour, so
        // the chart shows them where it opens.
        m_database = std::make_unique<server::Database>(m_postgres.settings(QStringLiteral("botcriptofy")), "",
                                                        "test_ai_lab_live");
        QVERIFY(server::InstrumentStore(*m_database).upsert({test::btcusdt()}));
        m_candles = test::ar1Candles(kBars);
        const std::int64_t lastHour = QDateTime::currentMSecsSinceEpoch() / test::kHourMs * test::kHourMs - test::kHourMs;
        const auto shift = std::chrono::milliseconds(lastHour - (test::kStartMs + (kBars - 1) * test::kHourMs));
        for (model::Candle &candle : m_candles)
            candle.openTime += shift;
        QVERIFY(server::CandleStore(*m_database).ingest("binance", "BTCUSDT", m_candles));

        m_compute = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_COMPUTE_BINARY), QStringLiteral("compute"));
        QVERIFY(m_compute->start(test::serverConfig(
            QStringLiteral("compute-ai-lab"), test::freePort(), m_postgres, m_redis.port(), m_certificates,
            QStringLiteral("\n[compute]\ndevice = \"cpu\"\nthreads = 1\n\n[collector]\nenabled = false\n\n"
                           "[jobs]\nworkers = 1\nreport_seconds = 1\n"))));
        QTRY_VERIFY_WITH_TIMEOUT(m_compute->output().contains(QStringLiteral("bcf-compute started")), 30000);
    }

    void trainsFromTheDockAndDrawsThePredictions()
    {
        QTemporaryDir directory;
        app::Preferences preferences{
            std::make_unique<QSettings>(directory.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat)};
        app::ThemeManager theme{preferences};
        theme.apply();
        app::LanguageManager language{preferences};
        app::SessionController session(profile());
        QSignalSpy loggedIn(&session, &app::SessionController::loggedIn);
        session.login(QStringLiteral("alice"), QString::fromLatin1(kPassword), false);
        QVERIFY(loggedIn.wait(15000));

        app::MainWindow window(session, theme, language, preferences);
        window.resize(1600, 1000);
        window.show();
        window.aiLabDock()->show();
        window.aiLabDock()->raise();
        window.resizeDocks({window.aiLabDock()}, {480}, Qt::Vertical);
        QVERIFY(window.chart()->selectMarket(QStringLiteral("BTCUSDT"), QStringLiteral("1h")));

        // The form as a trader fills it in.
        app::AiLabPanel *lab = window.aiLab();
        app::AiLabTrainForm *form = lab->form();
        const QDate first = QDateTime::fromMSecsSinceEpoch(toUnixMillis(m_candles.front().openTime), QTimeZone::utc()).date();
        const QDate last = QDateTime::fromMSecsSinceEpoch(toUnixMillis(m_candles.back().openTime), QTimeZone::utc()).date();
        form->nameEdit()->setText(QStringLiteral("btc-ar-lab"));
        form->symbolBox()->setEditText(QStringLiteral("BTCUSDT"));
        form->timeframeBox()->setCurrentText(QStringLiteral("1h"));
        form->fromEdit()->setDate(first);
        form->toEdit()->setDate(last);
        form->featuresEdit()->setText(QStringLiteral("return(1), range, rsi(14)"));
        // For the pictures a longer run, so that the chart is caught while the node trains.
        const bool pictures = !qEnvironmentVariableIsEmpty("BCF_AI_LAB_SCREENSHOT_DIR");
        const int epochs = pictures ? 40 : 16;
        form->windowBox()->setValue(pictures ? 32 : 8);
        form->hiddenBox()->setValue(pictures ? 64 : 16);
        form->epochsBox()->setValue(epochs);
        form->learningRateBox()->setValue(0.003);
        form->patienceBox()->setValue(epochs);
        form->seedBox()->setValue(7);
        QCOMPARE(form->problem(), QString());
        lab->train();
        QTRY_VERIFY2_WITH_TIMEOUT(lab->trainingJob() > 0, qPrintable(form->errorText()), 15000);

        // The live chart fills while the node trains.
        QTRY_VERIFY_WITH_TIMEOUT(lab->chart()->pointCount() >= 4, 120000);
        QTest::qWait(200); // the progress bar and message of the same answer painted
        QCOMPARE(lab->chart()->epochAt(0), 1.0);
        QVERIFY(lab->chart()->trainLossAt(0) > 0 && std::isfinite(lab->chart()->validationLossAt(0)));
        save(window, QStringLiteral("ai_lab_live_training_en.png"));

        // It ends in the registry, as version 1 of its name, with the node's figures.
        QTRY_VERIFY_WITH_TIMEOUT(!lab->isPolling(), 240000);
        QCOMPARE(lab->chart()->pointCount(), epochs);
        QTRY_VERIFY_WITH_TIMEOUT(lab->registry()->rowCount() >= 1, 15000);
        server::ModelRegistry registry(*m_database);
        const auto version = registry.get("btc-ar-lab", 1, false);
        QVERIFY2(version, version ? "" : version.error().message.c_str());
        QCOMPARE(version->ownerName, std::string("alice"));
        QCOMPARE(version->architecture, std::string("lstm"));
        QVERIFY2(lab->summary()->text().contains(QStringLiteral("btc-ar-lab")), qPrintable(lab->summary()->text()));

        // Its stored predictions under the price chart, one per bar after the training range.
        app::AiLabPredictionsOverlay *predictions = window.chart()->predictions();
        predictions->request(QStringLiteral("btc-ar-lab"), 1);
        QTRY_VERIFY_WITH_TIMEOUT(predictions->isShown() && predictions->pointCount() > 0, 30000);
        const auto stored = registry.predictions(version->id, "binance", "BTCUSDT", "1h", fromUnixMillis(0),
                                                 fromUnixMillis(toUnixMillis(m_candles.back().openTime) + 1));
        QVERIFY(stored && !stored->empty());
        QVERIFY(predictions->pointCount() <= int(stored->size()));
        for (int i = 0; i < predictions->pointCount(); ++i)
            QVERIFY(std::isfinite(predictions->valueAt(i)));
        QTest::qWait(300);
        save(window, QStringLiteral("chart_predictions_live_en.png"));
    }
};

QTEST_MAIN(TestAiLabLive)
#include "test_ai_lab_live.moc"
