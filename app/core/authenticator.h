#pragma once

#include "core/session_types.h"

#include <QObject>
#include <QString>

namespace bcf::app {

// What the login dialog needs from a session: start a login, answer the two-factor challenge,
// and say whether "Remember me" can work. SessionController is the real implementation; GUI
// tests use a fake. GUI thread only.
//
// After login() exactly one of loggedIn(), secondFactorRequired() or loginFailed() follows.
// After submitSecondFactor() either loggedIn() or loginFailed() follows; a failed code keeps
// the challenge, so the user may try again until it expires.
class Authenticator : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Authenticator)

public:
    using QObject::QObject;
    ~Authenticator() override = default;

    // `remember` keeps the session token in the OS keychain for the next start.
    virtual void login(const QString& username, const QString& password, bool remember) = 0;
    // A six-digit authenticator code, or one of the recovery codes.
    virtual void submitSecondFactor(const QString& code) = 0;
    // Forgets a pending challenge (the dialog's "Back").
    virtual void cancelSecondFactor() = 0;

    // Whether a session can be remembered; false with a reason when the keychain is missing.
    virtual bool canRemember() const = 0;
    virtual QString rememberUnavailableReason() const = 0;

signals:
    void loggedIn(const bcf::app::UserInfo& user);
    void secondFactorRequired();
    void loginFailed(const QString& message);
    void rememberAvailabilityChanged(bool available, const QString& reason);
};

} // namespace bcf::app
