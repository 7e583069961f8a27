#pragma once

#include <QObject>
#include <QString>

#include <expected>
#include <functional>
#include <optional>

namespace bcf::app {

// Where a remembered session token is kept between runs (the OS keychain in the real app).
// Every operation is asynchronous and reports exactly once through its callback on the GUI
// thread; the callback is dropped if `context` is destroyed first. Errors are sentences for
// the user.
class TokenVault : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenVault)

public:
    using Done = std::function<void(std::expected<void, QString>)>;
    // The token, std::nullopt when nothing is stored under the key, or an error.
    using Loaded = std::function<void(std::expected<std::optional<QString>, QString>)>;

    using QObject::QObject;
    ~TokenVault() override = default;

    virtual void store(const QString& key, const QString& token, QObject* context, Done done) = 0;
    virtual void load(const QString& key, QObject* context, Loaded loaded) = 0;
    // Removing a key that does not exist succeeds.
    virtual void remove(const QString& key, QObject* context, Done done) = 0;

    // Whether storing is known to work; false with a reason when the backend is missing.
    virtual bool isAvailable() const = 0;
    virtual QString unavailableReason() const = 0;

signals:
    void availabilityChanged(bool available, const QString& reason);
};

} // namespace bcf::app
