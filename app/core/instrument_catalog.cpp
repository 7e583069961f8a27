#include "core/instrument_catalog.h"

#include "core/session_controller.h"

#include <utility>

namespace bcf::app {

InstrumentCatalog::InstrumentCatalog(SessionController& session, QString exchange,
                                     QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_exchange(std::move(exchange))
{
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setInterval(retryIntervalMs);
    connect(&m_retryTimer, &QTimer::timeout, this, &InstrumentCatalog::reload);
    connect(&m_session, &SessionController::loggedIn, this, [this] {
        // A new session may be another server: forget a load of the previous one.
        ++m_serial;
        m_loading = false;
        reload();
    });
    const auto stop = [this] {
        ++m_serial;
        m_loading = false;
        m_retryTimer.stop();
    };
    connect(&m_session, &SessionController::loggedOut, this, stop);
    connect(&m_session, &SessionController::sessionExpired, this, stop);
    if (m_session.isLoggedIn())
        QTimer::singleShot(0, this, &InstrumentCatalog::reload);
}

const Instrument* InstrumentCatalog::find(const QString& symbol) const
{
    for (const Instrument& instrument : m_instruments) {
        if (instrument.symbol == symbol && instrument.exchange == m_exchange)
            return &instrument;
    }
    return nullptr;
}

int InstrumentCatalog::pricePrecision(const QString& symbol, int fallback) const
{
    const Instrument* instrument = find(symbol);
    return instrument ? instrument->pricePrecision : fallback;
}

int InstrumentCatalog::quantityPrecision(const QString& symbol, int fallback) const
{
    const Instrument* instrument = find(symbol);
    return instrument ? instrument->quantityPrecision : fallback;
}

void InstrumentCatalog::reload()
{
    if (m_loading || !m_session.isLoggedIn())
        return;
    m_retryTimer.stop();
    m_loading = true;
    const quint64 serial = ++m_serial;
    m_session.listInstruments(
        m_exchange, this,
        [this, serial](SessionController::Outcome<std::vector<Instrument>> result) {
            if (serial != m_serial)
                return;
            m_loading = false;
            if (!result) {
                m_lastError = result.error();
                m_retryTimer.start();
                emit loadFailed(m_lastError);
                return;
            }
            setInstruments(std::move(*result));
        });
}

void InstrumentCatalog::setInstruments(std::vector<Instrument> instruments)
{
    m_lastError.clear();
    m_loaded = true;
    if (instruments == m_instruments)
        return;
    m_instruments = std::move(instruments);
    emit instrumentsChanged();
}

} // namespace bcf::app
