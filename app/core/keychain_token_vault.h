#pragma once

#include "core/token_vault.h"

namespace bcf::app {

// TokenVault on the OS keychain through qtkeychain (service "BotCriptoFy2"): Keychain on
// macOS, Credential Manager on Windows, Secret Service or KWallet on Linux. On construction it
// probes the backend with a read of a key that is never written; when no backend answers
// (a headless Linux without a D-Bus session or secret service) it reports itself unavailable
// through availabilityChanged() and every later operation fails fast with that reason.
class KeychainTokenVault final : public TokenVault
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainTokenVault)

public:
    static constexpr auto serviceName = "BotCriptoFy2";

    explicit KeychainTokenVault(QObject* parent = nullptr);
    ~KeychainTokenVault() override;

    void store(const QString& key, const QString& token, QObject* context, Done done) override;
    void load(const QString& key, QObject* context, Loaded loaded) override;
    void remove(const QString& key, QObject* context, Done done) override;
    bool isAvailable() const override { return m_available; }
    QString unavailableReason() const override { return m_unavailableReason; }

private:
    void probe();
    void markUnavailable(const QString& reason);

    bool m_available = true;
    QString m_unavailableReason;
};

} // namespace bcf::app
