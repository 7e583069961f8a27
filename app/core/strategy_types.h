#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

// Strategies saved on the server (StrategyService of bcf-core): each user's own named
// strategies, every save an immutable numbered version. Pure values, usable on any thread.
namespace bcf::app {

// One strategy of ListStrategies.
struct StrategySummary {
    QString id;
    QString name;
    int latestVersion = 0;
    QDateTime updatedAt;

    friend bool operator==(const StrategySummary&, const StrategySummary&) = default;
};

// One saved version of a strategy (ListStrategyVersions), newest first.
struct StrategyVersionInfo {
    int version = 0;
    QDateTime createdAt;
    QString comment;
    QString author;

    friend bool operator==(const StrategyVersionInfo&, const StrategyVersionInfo&) = default;
};

// One version of a strategy with its source (GetStrategy, SaveStrategy).
struct StrategyDocument {
    QString id;
    QString name;
    int version = 0;
    QString source;
    QString comment;
    QDateTime createdAt;
    QString author;

    friend bool operator==(const StrategyDocument&, const StrategyDocument&) = default;
};

} // namespace bcf::app

Q_DECLARE_METATYPE(bcf::app::StrategySummary)
Q_DECLARE_METATYPE(bcf::app::StrategyVersionInfo)
Q_DECLARE_METATYPE(bcf::app::StrategyDocument)
