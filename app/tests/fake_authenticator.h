#pragma once

#include "core/authenticator.h"

#include <QStringList>

namespace bcf::app::testing {

// Records what the login dialog asks for; the test answers by emitting the signals.
class FakeAuthenticator final : public Authenticator
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeAuthenticator)

public:
    struct LoginCall {
        QString username;
        QString password;
        bool remember = false;
    };

    using Authenticator::Authenticator;

    void login(const QString& username, const QString& password, bool remember) override
    {
        logins.append({username, password, remember});
    }
    void submitSecondFactor(const QString& code) override { codes.append(code); }
    void cancelSecondFactor() override { ++cancellations; }
    bool canRemember() const override { return rememberAvailable; }
    QString rememberUnavailableReason() const override { return unavailableReason; }

    void setRememberAvailable(bool available, const QString& reason)
    {
        rememberAvailable = available;
        unavailableReason = reason;
        emit rememberAvailabilityChanged(available, reason);
    }

    QList<LoginCall> logins;
    QStringList codes;
    int cancellations = 0;
    bool rememberAvailable = true;
    QString unavailableReason;
};

} // namespace bcf::app::testing
