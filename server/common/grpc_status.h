#pragma once

#include "common/logging.h"
#include "core/result.h"

#include <grpcpp/support/status.h>

namespace bcf::server {

// The one table from domain errors to gRPC status codes. Handlers finish with this.
inline grpc::Status toGrpcStatus(const Error &error)
{
    grpc::StatusCode code = grpc::INTERNAL;
    switch (error.code) {
    case ErrorCode::InvalidArgument: code = grpc::INVALID_ARGUMENT; break;
    case ErrorCode::NotFound: code = grpc::NOT_FOUND; break;
    case ErrorCode::AlreadyExists: code = grpc::ALREADY_EXISTS; break;
    case ErrorCode::Unauthenticated: code = grpc::UNAUTHENTICATED; break;
    case ErrorCode::PermissionDenied: code = grpc::PERMISSION_DENIED; break;
    case ErrorCode::FailedPrecondition: code = grpc::FAILED_PRECONDITION; break;
    case ErrorCode::ResourceExhausted: code = grpc::RESOURCE_EXHAUSTED; break;
    case ErrorCode::Unavailable: code = grpc::UNAVAILABLE; break;
    case ErrorCode::Internal: code = grpc::INTERNAL; break;
    }
    // Infrastructure details (host names, SQL states) stay in the server log.
    if (error.code == ErrorCode::Internal) {
        logger("rpc")->error("msg=\"internal error\" error={}", quoted(error.message));
        return {code, "Internal server error; the server log has the details."};
    }
    if (error.code == ErrorCode::Unavailable) {
        logger("rpc")->warn("msg=\"dependency unavailable\" error={}", quoted(error.message));
        return {code, "The server cannot reach its database or cache right now; "
                      "try again in a moment."};
    }
    return {code, error.message};
}

inline grpc::Status toGrpcStatus(const Status &status)
{
    return status ? grpc::Status::OK : toGrpcStatus(status.error());
}

} // namespace bcf::server
