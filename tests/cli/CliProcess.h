#pragma once

#include <QByteArray>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QTimer>

// tokenscope-cli run as a separate process, for the end-to-end tests: what it printed and how it exited.
struct CliRun
{
    int exitCode = -1; // -2: it crashed; -1: it did not start or did not finish in time
    QByteArray out;
    QByteArray err;
    [[nodiscard]] QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

// Writes standard input in `chunks`, pausing between them the way a slow producer in a shell pipeline does
// (`(head -c 100 t; sleep 0.3; tail -c +101 t) | tokenscope-cli …`), then closes it. Waits in an event loop rather
// than waitForFinished(), so a server the CLI talks to in the test's thread keeps answering while it runs.
inline CliRun runCli(const QString &program, const QStringList &arguments, const QList<QByteArray> &chunks,
                     int pauseMs = 300, int timeoutMs = 60000)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return {};
    for (qsizetype index = 0; index < chunks.size() && process.state() == QProcess::Running; ++index) {
        process.write(chunks.at(index));
        while (process.bytesToWrite() > 0 && process.state() == QProcess::Running)
            process.waitForBytesWritten(1000);
        if (index + 1 < chunks.size())
            QTest::qWait(pauseMs);
    }
    process.closeWriteChannel();
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (process.state() != QProcess::NotRunning)
        loop.exec();
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished(5000);
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2, process.readAllStandardOutput(),
            process.readAllStandardError()};
}
