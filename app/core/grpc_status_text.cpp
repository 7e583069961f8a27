#include "core/grpc_status_text.h"

#include <QCoreApplication>

namespace bcf::app {

QString describeStatus(const grpc::Status& status, const QString& endpoint)
{
    const QString message = QString::fromStdString(status.error_message()).trimmed();
    const auto messageOr
        = [&message](const QString& fallback) { return message.isEmpty() ? fallback : message; };

    switch (status.error_code()) {
    case grpc::StatusCode::OK:
        return {};
    case grpc::StatusCode::UNAVAILABLE:
        if (message.isEmpty())
            return QCoreApplication::translate(
                "bcf::app::StatusText", "Cannot reach the server at %1.")
                .arg(endpoint);
        return QCoreApplication::translate(
            "bcf::app::StatusText", "Cannot reach the server at %1 (%2).")
            .arg(endpoint, message);
    case grpc::StatusCode::DEADLINE_EXCEEDED:
        return QCoreApplication::translate(
            "bcf::app::StatusText", "The server at %1 did not answer in time.")
            .arg(endpoint);
    case grpc::StatusCode::CANCELLED:
        return QCoreApplication::translate("bcf::app::StatusText", "The request was cancelled.");
    case grpc::StatusCode::UNAUTHENTICATED:
        return messageOr(QCoreApplication::translate(
            "bcf::app::StatusText", "Your session is not valid. Please log in again."));
    case grpc::StatusCode::PERMISSION_DENIED:
        return messageOr(QCoreApplication::translate(
            "bcf::app::StatusText", "Your role does not allow this action."));
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
        return messageOr(QCoreApplication::translate(
            "bcf::app::StatusText", "Too many attempts. Please wait and try again."));
    case grpc::StatusCode::UNIMPLEMENTED:
        return QCoreApplication::translate(
            "bcf::app::StatusText", "The server at %1 does not support this request (%2).")
            .arg(endpoint,
                messageOr(QCoreApplication::translate("bcf::app::StatusText", "not implemented")));
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::DATA_LOSS:
        return QCoreApplication::translate(
            "bcf::app::StatusText", "The server reported an error: %1")
            .arg(messageOr(
                QCoreApplication::translate("bcf::app::StatusText", "no details were given")));
    default:
        return messageOr(
            QCoreApplication::translate("bcf::app::StatusText", "The request failed (code %1).")
                .arg(int(status.error_code())));
    }
}

} // namespace bcf::app
