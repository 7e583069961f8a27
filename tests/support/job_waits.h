#pragma once

// Shared by the tests that drive compute jobs through bcf-core (test_compute_jobs,
// test_training_jobs): status text, the end of a job, and polling with RPCs.
#include <bcf/v1/jobs.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QByteArray>
#include <QElapsedTimer>
#include <QTest>

namespace bcf::test {

inline QByteArray describe(const grpc::Status &status)
{
    return QByteArray::number(int(status.error_code())) + " " + QByteArray::fromStdString(status.error_message());
}

inline bool ended(const v1::Job &job)
{
    return job.state() == v1::JOB_STATE_SUCCEEDED || job.state() == v1::JOB_STATE_FAILED ||
           job.state() == v1::JOB_STATE_CANCELLED || job.state() == v1::JOB_STATE_TIMED_OUT;
}

// GetJob as `context`'s user; a failure is logged and gives an empty job.
inline v1::Job getJob(v1::JobService::Stub &jobs, grpc::ClientContext &context, std::int64_t id,
                      bool withResult = false)
{
    v1::GetJobRequest request;
    request.set_id(id);
    request.set_include_result(withResult);
    v1::Job job;
    const grpc::Status status = jobs.GetJob(&context, request, &job);
    if (!status.ok())
        qWarning("GetJob %lld: %s", static_cast<long long>(id), describe(status).constData());
    return job;
}

// Polls `done` (which may make RPCs; QTRY_* misbehaves with those) every 200 ms until it holds or
// `timeoutMs` of wall time pass.
template <typename Predicate>
bool waitFor(Predicate done, int timeoutMs)
{
    QElapsedTimer waited;
    waited.start();
    while (!done()) {
        if (waited.elapsed() > timeoutMs)
            return false;
        QTest::qWait(200);
    }
    return true;
}

} // namespace bcf::test
