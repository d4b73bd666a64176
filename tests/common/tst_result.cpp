#include "common/Result.h"

#include <QTest>

#include <memory>

using namespace tokenscope;

namespace {

Result<int> parsePort(const QString &text)
{
    bool ok = false;
    const int port = text.toInt(&ok);
    if (!ok)
        return Error {"test.not_a_number", QStringLiteral("%1 is not a number").arg(text)};
    return port;
}

Result<void> requirePositive(int number)
{
    if (number <= 0)
        return Error {"test.not_positive", QStringLiteral("%1 is not positive").arg(number)};
    return {};
}

// A failure passed on by a caller keeps the code and message of the step that failed.
Result<QString> describePort(const QString &text)
{
    const Result<int> port = parsePort(text);
    if (!port)
        return port.error();
    if (const Result<void> positive = requirePositive(*port); !positive)
        return positive.error();
    return QStringLiteral("port %1").arg(*port);
}

} // namespace

// Result<T> and Result<void>: the value-or-error type every fallible core API returns.
class TestResult : public QObject
{
    Q_OBJECT

private slots:
    void successCarriesTheValue()
    {
        const Result<int> port = parsePort(QStringLiteral("8443"));
        QVERIFY(port);
        QVERIFY(port.hasValue());
        QCOMPARE(port.value(), 8443);
        QCOMPARE(*port, 8443);
    }

    void failureCarriesCodeAndMessage()
    {
        const Result<int> port = parsePort(QStringLiteral("https"));
        QVERIFY(!port);
        QVERIFY(!port.hasValue());
        QVERIFY(port.error().code() == ErrorCode("test.not_a_number"));
        QCOMPARE(port.error().code().toString(), QStringLiteral("test.not_a_number"));
        QCOMPARE(port.error().message(), QStringLiteral("https is not a number"));
    }

    void codesCompareByTextNotAddress()
    {
        static constexpr char elsewhere[] = "redis.start_timeout";
        constexpr ErrorCode fromArray(elsewhere);
        constexpr ErrorCode fromLiteral("redis.start_timeout");
        static_assert(fromArray == fromLiteral);
        static_assert(!(fromArray == ErrorCode("redis.not_installed")));
        QCOMPARE(QString::fromLatin1(fromArray.view().data(), qsizetype(fromArray.view().size())),
                 QStringLiteral("redis.start_timeout"));
    }

    void statusWithoutValue_data()
    {
        QTest::addColumn<int>("number");
        QTest::addColumn<bool>("succeeds");
        QTest::addColumn<QString>("message");
        QTest::newRow("positive") << 3 << true << QString();
        QTest::newRow("zero") << 0 << false << QStringLiteral("0 is not positive");
        QTest::newRow("negative") << -2 << false << QStringLiteral("-2 is not positive");
    }
    void statusWithoutValue()
    {
        QFETCH(int, number);
        QFETCH(bool, succeeds);
        QFETCH(QString, message);
        const Result<void> status = requirePositive(number);
        QCOMPARE(bool(status), succeeds);
        if (!succeeds) {
            QVERIFY(status.error().code() == ErrorCode("test.not_positive"));
            QCOMPARE(status.error().message(), message);
        }
    }

    void errorsPassThroughCallers_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("code");
        QTest::newRow("valid") << QStringLiteral("80") << QStringLiteral("port 80") << QString();
        QTest::newRow("not a number") << QStringLiteral("x") << QString() << QStringLiteral("test.not_a_number");
        QTest::newRow("not positive") << QStringLiteral("-1") << QString() << QStringLiteral("test.not_positive");
    }
    void errorsPassThroughCallers()
    {
        QFETCH(QString, text);
        QFETCH(QString, value);
        QFETCH(QString, code);
        const Result<QString> described = describePort(text);
        if (code.isEmpty())
            QCOMPARE(described.value(), value);
        else
            QCOMPARE(described.error().code().toString(), code);
    }

    void valueOrFallsBackOnlyOnFailure()
    {
        QCOMPARE(parsePort(QStringLiteral("22")).valueOr(-1), 22);
        QCOMPARE(parsePort(QStringLiteral("ssh")).valueOr(-1), -1);
    }

    void holdsMoveOnlyValues()
    {
        Result<std::unique_ptr<int>> owned = std::make_unique<int>(7);
        QVERIFY(owned);
        QCOMPARE(*owned.value(), 7);
        const std::unique_ptr<int> taken = std::move(owned).value();
        QCOMPARE(*taken, 7);

        const Result<std::unique_ptr<int>> failed = Error {"test.none", QStringLiteral("no value")};
        QVERIFY(!failed);
        QCOMPARE(failed.error().message(), QStringLiteral("no value"));
    }

    void movesWithoutCopyingTheValue()
    {
        QByteArray large(1 << 16, 'x');
        const char *data = large.constData();
        Result<QByteArray> result = std::move(large);
        Result<QByteArray> moved = std::move(result);
        QCOMPARE(moved.value().constData(), data); // implicitly shared data, never deep-copied
        QByteArray out = std::move(moved).value();
        QCOMPARE(out.constData(), data);
    }
};

QTEST_GUILESS_MAIN(TestResult)
#include "tst_result.moc"
