#pragma once

#include "core/market_types.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <vector>

namespace bcf::app {

class SessionController;

// The instruments of one exchange (MarketDataService.ListInstruments), shared by the market
// views: loaded after every login, tried again every retryIntervalMs after a failure
// (loadFailed tells why). The last list stays available while a reload is in flight. GUI thread
// only; `session` must outlive it.
class InstrumentCatalog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InstrumentCatalog)

public:
    static constexpr int retryIntervalMs = 5000;

    InstrumentCatalog(SessionController& session, QString exchange, QObject* parent = nullptr);

    const QString& exchange() const { return m_exchange; }
    const std::vector<Instrument>& instruments() const { return m_instruments; }
    QStringList symbols() const { return symbolsOf(m_instruments, m_exchange); }
    // The instrument of `symbol`, or null when it is not listed (or not loaded yet).
    const Instrument* find(const QString& symbol) const;
    // Decimals for prices of `symbol`; `fallback` when it is unknown.
    int pricePrecision(const QString& symbol, int fallback = 2) const;
    int quantityPrecision(const QString& symbol, int fallback = 6) const;
    bool isLoaded() const { return m_loaded; }
    bool isLoading() const { return m_loading; }
    // The reason of the last failed load; empty after a success.
    const QString& lastError() const { return m_lastError; }

    // Loads the list again (ignored while a load is in flight or when not logged in).
    void reload();
    // Replaces the list (tests, and callers that have instruments from elsewhere).
    void setInstruments(std::vector<Instrument> instruments);

signals:
    void instrumentsChanged();
    void loadFailed(const QString& message);

private:
    SessionController& m_session;
    QString m_exchange;
    std::vector<Instrument> m_instruments;
    bool m_loaded = false;
    bool m_loading = false;
    QString m_lastError;
    quint64 m_serial = 0;
    QTimer m_retryTimer;
};

} // namespace bcf::app
