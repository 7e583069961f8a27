#include "core/session_types.h"

#include <QCoreApplication>

namespace bcf::app {

QString roleDisplayName(UserRole role)
{
    switch (role) {
    case UserRole::Trader:
        return QCoreApplication::translate("bcf::app::Roles", "Trader");
    case UserRole::Admin:
        return QCoreApplication::translate("bcf::app::Roles", "Admin");
    case UserRole::Support:
        return QCoreApplication::translate("bcf::app::Roles", "Support");
    case UserRole::Finance:
        return QCoreApplication::translate("bcf::app::Roles", "Finance");
    case UserRole::Marketing:
        return QCoreApplication::translate("bcf::app::Roles", "Marketing");
    case UserRole::Sales:
        return QCoreApplication::translate("bcf::app::Roles", "Sales");
    case UserRole::Auditor:
        return QCoreApplication::translate("bcf::app::Roles", "Auditor");
    case UserRole::Unspecified:
        break;
    }
    return QCoreApplication::translate("bcf::app::Roles", "No role");
}

QString connectionStateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Disconnected:
        return QCoreApplication::translate("bcf::app::ConnectionState", "Disconnected");
    case ConnectionState::Connecting:
        return QCoreApplication::translate("bcf::app::ConnectionState", "Connecting…");
    case ConnectionState::Connected:
        return QCoreApplication::translate("bcf::app::ConnectionState", "Connected");
    case ConnectionState::Reconnecting:
        return QCoreApplication::translate("bcf::app::ConnectionState", "Reconnecting…");
    }
    return {};
}

} // namespace bcf::app
