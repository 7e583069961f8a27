#pragma once

#include <expected>
#include <string>
#include <utility>

namespace bcf {

// The kinds of expected failure that cross module boundaries. Each maps to one gRPC status code
// in server/common/grpc_status.h, so a handler never has to choose one by hand.
enum class ErrorCode {
    InvalidArgument,   // the caller sent something malformed; the message says what
    NotFound,
    AlreadyExists,
    Unauthenticated,   // no, unknown, expired or revoked credentials
    PermissionDenied,  // authenticated, but the role lacks the permission
    FailedPrecondition,
    ResourceExhausted, // throttled or locked out
    Unavailable,       // a dependency (PostgreSQL, Redis) is down; retrying may help
    Internal,
};

// An expected failure with a message a person can act on.
struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;

// Result of an operation that produces no value.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> makeError(ErrorCode code, std::string message)
{
    return std::unexpected(Error{code, std::move(message)});
}

} // namespace bcf
