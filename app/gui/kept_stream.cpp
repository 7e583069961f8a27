#include "gui/kept_stream.h"

#include "core/session_controller.h"

#include <utility>

namespace bcf::app {

KeptStream::KeptStream(SessionController& session, std::function<void()> reopen,
                       QObject* parent)
    : QObject(parent)
    , m_session(session)
{
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setInterval(retryIntervalMs);
    connect(&m_retryTimer, &QTimer::timeout, this, std::move(reopen));
}

KeptStream::~KeptStream()
{
    stop();
}

void KeptStream::stop()
{
    ++m_generation;
    m_retryTimer.stop();
    if (m_streamId != 0)
        m_session.cancelStream(std::exchange(m_streamId, 0));
}

bool KeptStream::opened(quint64 streamId)
{
    m_streamId = streamId;
    if (streamId == 0)
        m_retryTimer.start();
    return streamId != 0;
}

std::function<void(bool, const QString&)>
KeptStream::endHandler(std::function<void(bool transient, const QString& message)> report)
{
    return [this, generation = m_generation, report = std::move(report)](
               bool transient, const QString& message) {
        if (!current(generation))
            return;
        m_streamId = 0;
        if (transient)
            m_retryTimer.start();
        report(transient, message);
    };
}

} // namespace bcf::app
