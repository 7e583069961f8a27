// Every catalog indicator against reference values computed independently (JavaScript libraries
// and naive formulas, tests/data/indicators/generate.mjs), plus the catalog's parameter checks.
#include "indicators/averages.h"
#include "indicators/indicator.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <vector>

using namespace bcf::ind;

namespace {

const QString kDataDir = QStringLiteral(BCF_INDICATOR_DATA);

struct Table {
    QStringList columns;
    std::vector<std::vector<double>> rows;
};

// A small CSV of numbers with a header row; "NaN" (or an empty cell) is a missing value.
Table readCsv(const QString &path)
{
    Table table;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return table;
    table.columns = QString::fromUtf8(file.readLine()).trimmed().split(QLatin1Char(','));
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty())
            continue;
        std::vector<double> row;
        for (const QString &cell : line.split(QLatin1Char(','))) {
            bool ok = false;
            const double value = cell.toDouble(&ok);
            row.push_back(ok && cell != QLatin1String("NaN") ? value : kNaN);
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

QJsonObject manifest()
{
    QFile file(kDataDir + QStringLiteral("/manifest.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

double inputValue(Input input, const std::vector<double> &bar)
{
    switch (input) {
    case Input::Open: return bar[0];
    case Input::High: return bar[1];
    case Input::Low: return bar[2];
    case Input::Source: // the references are computed on the close
    case Input::Close: return bar[3];
    case Input::Volume: return bar[4];
    }
    return kNaN;
}

bool close(double actual, double expected)
{
    const double error = std::abs(actual - expected);
    return std::abs(expected) < 1e-6 ? error <= 1e-9 : error <= 1e-9 * std::abs(expected);
}

} // namespace

class TestIndicators final : public QObject {
    Q_OBJECT

private slots:
    void catalogIsSortedAndLargeEnough()
    {
        const auto &specs = catalog();
        QVERIFY2(specs.size() >= 50, qPrintable(QString::number(specs.size())));
        for (std::size_t i = 1; i < specs.size(); ++i)
            QVERIFY(specs[i - 1].name < specs[i].name);
        for (const IndicatorSpec &spec : specs) {
            QCOMPARE(findIndicator(spec.name), &spec);
            QVERIFY(!spec.inputs.empty());
            QVERIFY(!spec.outputs.empty());
            for (const ParamSpec &param : spec.params) {
                QVERIFY(param.min <= param.defaultValue && param.defaultValue <= param.max);
            }
        }
        QCOMPARE(findIndicator("no_such_indicator"), nullptr);
    }

    void matchesReference_data()
    {
        QTest::addColumn<QString>("name");
        for (const IndicatorSpec &spec : catalog()) {
            const QString name = QString::fromUtf8(spec.name.data(), qsizetype(spec.name.size()));
            QTest::newRow(qPrintable(name)) << name;
        }
    }

    void matchesReference()
    {
        QFETCH(QString, name);
        const IndicatorSpec *spec = findIndicator(name.toStdString());
        QVERIFY(spec);

        const Table bars = readCsv(kDataDir + QStringLiteral("/ohlcv.csv"));
        QVERIFY2(bars.rows.size() > 400, "tests/data/indicators/ohlcv.csv is missing");
        const Table expected = readCsv(kDataDir + QStringLiteral("/") + name + QStringLiteral(".csv"));
        QVERIFY2(!expected.rows.empty(), qPrintable(QStringLiteral("no reference file for ") + name));
        QCOMPARE(expected.rows.size(), bars.rows.size());
        QCOMPARE(expected.columns.size(), qsizetype(spec->outputs.size()));
        for (std::size_t i = 0; i < spec->outputs.size(); ++i)
            QCOMPARE(expected.columns[qsizetype(i)].toStdString(), std::string(spec->outputs[i]));

        const QJsonObject params = manifest().value(name).toObject();
        QCOMPARE(params.size(), qsizetype(spec->params.size()));
        std::vector<double> values;
        for (const ParamSpec &param : spec->params) {
            const QString key = QString::fromUtf8(param.name.data(), qsizetype(param.name.size()));
            QVERIFY2(params.contains(key), qPrintable(key));
            values.push_back(params.value(key).toDouble());
        }
        QCOMPARE(validateParams(*spec, values), std::nullopt);

        auto indicator = spec->create(values);
        std::vector<double> inputs(spec->inputs.size());
        for (std::size_t row = 0; row < bars.rows.size(); ++row) {
            for (std::size_t i = 0; i < inputs.size(); ++i)
                inputs[i] = inputValue(spec->inputs[i], bars.rows[row]);
            indicator->update(inputs);
            for (std::size_t out = 0; out < spec->outputs.size(); ++out) {
                const double actual = indicator->output(out);
                const double want = expected.rows[row][out];
                const QString where = QStringLiteral("%1.%2 at bar %3: got %4, reference %5")
                                          .arg(name, expected.columns[qsizetype(out)])
                                          .arg(row)
                                          .arg(actual, 0, 'g', 17)
                                          .arg(want, 0, 'g', 17);
                QVERIFY2(std::isnan(actual) == std::isnan(want), qPrintable(where));
                if (!std::isnan(want))
                    QVERIFY2(close(actual, want), qPrintable(where));
            }
        }
    }

    void everyReferenceFileHasAnIndicator()
    {
        const QJsonObject entries = manifest();
        QVERIFY(!entries.isEmpty());
        for (const QString &name : entries.keys())
            QVERIFY2(findIndicator(name.toStdString()), qPrintable(name));
        QCOMPARE(qsizetype(entries.size()), qsizetype(catalog().size()));
    }

    void concreteClassAgreesWithAdapter()
    {
        const IndicatorSpec *spec = findIndicator("ema");
        QVERIFY(spec);
        const double period = 7;
        auto erased = spec->create(std::span(&period, 1));
        Ema concrete(7);
        for (int i = 0; i < 200; ++i) {
            const double value = 100 + 10 * std::sin(i * 0.3) + i * 0.1;
            concrete.update(value);
            erased->update(std::span(&value, 1));
            const double a = concrete.value();
            const double b = erased->output(0);
            QCOMPARE(std::isnan(a), std::isnan(b));
            if (!std::isnan(a))
                QCOMPARE(a, b);
        }
        QVERIFY(isReady(concrete.value()));
    }

    void validatesParameters()
    {
        const IndicatorSpec *sma = findIndicator("sma");
        QVERIFY(sma);
        const std::vector<double> good{20};
        QCOMPARE(validateParams(*sma, good), std::nullopt);
        const std::string periodMessage = "sma: period must be a whole number between 1 and 10000";
        QCOMPARE(validateParams(*sma, std::vector<double>{0}), periodMessage);
        QCOMPARE(validateParams(*sma, std::vector<double>{10001}), periodMessage);
        QCOMPARE(validateParams(*sma, std::vector<double>{2.5}), periodMessage);
        QCOMPARE(validateParams(*sma, std::vector<double>{kNaN}), periodMessage);
        QCOMPARE(validateParams(*sma, std::vector<double>{}),
                 std::string("sma: expected 1 parameter (period), got 0"));
        QCOMPARE(validateParams(*sma, std::vector<double>{1, 2}),
                 std::string("sma: expected 1 parameter (period), got 2"));

        const IndicatorSpec *bbands = findIndicator("bbands");
        QVERIFY(bbands);
        QCOMPARE(validateParams(*bbands, std::vector<double>{20, 2.5}), std::nullopt);
        QCOMPARE(validateParams(*bbands, std::vector<double>{20, -1}),
                 std::string("bbands: mult must be a number between 0 and 100"));

        const IndicatorSpec *obv = findIndicator("obv");
        QVERIFY(obv);
        QCOMPARE(validateParams(*obv, std::vector<double>{}), std::nullopt);
        QCOMPARE(validateParams(*obv, std::vector<double>{3}),
                 std::string("obv: expected 0 parameters, got 1"));
    }

    // Every indicator accepts its defaults and survives a long run with odd but valid data
    // (flat prices, zero volume) without producing infinities.
    void defaultsRunOnDegenerateData()
    {
        for (const IndicatorSpec &spec : catalog()) {
            std::vector<double> params;
            for (const ParamSpec &param : spec.params)
                params.push_back(param.defaultValue);
            QCOMPARE(validateParams(spec, params), std::nullopt);
            auto indicator = spec.create(params);
            std::vector<double> inputs(spec.inputs.size(), 100.0);
            for (int i = 0; i < 300; ++i) {
                for (std::size_t k = 0; k < inputs.size(); ++k)
                    inputs[k] = spec.inputs[k] == Input::Volume ? 0.0 : 100.0;
                indicator->update(inputs);
            }
            for (std::size_t out = 0; out < spec.outputs.size(); ++out)
                QVERIFY2(!std::isinf(indicator->output(out)), spec.name.data());
        }
    }
};

QTEST_APPLESS_MAIN(TestIndicators)
#include "test_indicators.moc"
