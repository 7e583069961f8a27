// describeStatus: what the user reads for each gRPC status.
#include "core/grpc_status_text.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace bcf::app;

class TestStatusText final : public QObject
{
    Q_OBJECT

private slots:
    void mapsStatusesToSentences_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("expected");

        QTest::newRow("ok") << int(grpc::StatusCode::OK) << QString() << QString();
        QTest::newRow("unavailable with details")
            << int(grpc::StatusCode::UNAVAILABLE) << u"failed to connect to all addresses"_s
            << u"Cannot reach the server at 127.0.0.1:50051 (failed to connect to all "
               "addresses)."_s;
        QTest::newRow("unavailable bare") << int(grpc::StatusCode::UNAVAILABLE) << QString()
                                          << u"Cannot reach the server at 127.0.0.1:50051."_s;
        QTest::newRow("deadline") << int(grpc::StatusCode::DEADLINE_EXCEEDED)
                                  << u"Deadline Exceeded"_s
                                  << u"The server at 127.0.0.1:50051 did not answer in time."_s;
        QTest::newRow("unauthenticated keeps the server's words")
            << int(grpc::StatusCode::UNAUTHENTICATED) << u"Invalid username or password"_s
            << u"Invalid username or password"_s;
        QTest::newRow("unauthenticated without message")
            << int(grpc::StatusCode::UNAUTHENTICATED) << QString()
            << u"Your session is not valid. Please log in again."_s;
        QTest::newRow("locked out")
            << int(grpc::StatusCode::RESOURCE_EXHAUSTED)
            << u"Account locked for 15 minutes after too many failed logins"_s
            << u"Account locked for 15 minutes after too many failed logins"_s;
        QTest::newRow("password policy")
            << int(grpc::StatusCode::INVALID_ARGUMENT)
            << u"The password must have at least 12 characters"_s
            << u"The password must have at least 12 characters"_s;
        QTest::newRow("permission denied")
            << int(grpc::StatusCode::PERMISSION_DENIED) << QString()
            << u"Your role does not allow this action."_s;
        QTest::newRow("internal") << int(grpc::StatusCode::INTERNAL) << u"database is down"_s
                                  << u"The server reported an error: database is down"_s;
        QTest::newRow("other without message")
            << int(grpc::StatusCode::ABORTED) << QString() << u"The request failed (code 10)."_s;
    }

    void mapsStatusesToSentences()
    {
        QFETCH(int, code);
        QFETCH(QString, message);
        QFETCH(QString, expected);
        const grpc::Status status(static_cast<grpc::StatusCode>(code), message.toStdString());
        QCOMPARE(describeStatus(status, u"127.0.0.1:50051"_s), expected);
    }
};

QTEST_GUILESS_MAIN(TestStatusText)
#include "tst_status_text.moc"
