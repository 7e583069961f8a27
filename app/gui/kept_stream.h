#pragma once

#include <QObject>
#include <QTimer>

#include <functional>

namespace bcf::app {

class SessionController;

// A server stream a panel keeps open (market watch, order book, trades tape). start() of the
// panel calls stop() here, opens the stream with callbacks that check current(generation()),
// passes endHandler() as the stream's end callback and hands the stream's id to opened().
// A stream that ends by a transient failure, or could not be opened, is opened again (the
// `reopen` function) after retryIntervalMs; callbacks of a stopped or replaced stream are
// dropped. GUI thread only.
class KeptStream final : public QObject
{
public:
    static constexpr int retryIntervalMs = 5000;

    KeptStream(SessionController& session, std::function<void()> reopen,
               QObject* parent = nullptr);
    ~KeptStream() override;

    // Cancels the stream and any pending retry; its callbacks are dropped from now on.
    void stop();
    quint64 generation() const { return m_generation; }
    bool current(quint64 generation) const { return generation == m_generation; }
    // The id SessionController returned; 0 (no stream) retries later. Whether it is open.
    bool opened(quint64 streamId);
    // The stream's end callback: ignores a stale end, schedules the retry of a transient one,
    // then calls `report(transient, message)` for the panel's status line.
    std::function<void(bool, const QString&)>
    endHandler(std::function<void(bool transient, const QString& message)> report);

private:
    SessionController& m_session;
    QTimer m_retryTimer;
    quint64 m_generation = 0;
    quint64 m_streamId = 0;
};

} // namespace bcf::app
