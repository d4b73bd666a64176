#include "issuer/LocalMockIssuer.h"

#include "issuer/MockIssuer.h"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QThread>

namespace tokenscope::issuer {

LocalMockIssuer::LocalMockIssuer() = default;

LocalMockIssuer::~LocalMockIssuer()
{
    stop();
}

Result<void> LocalMockIssuer::start(qint64 startTime)
{
    stop();
    m_folder = std::make_unique<QTemporaryDir>();
    if (!m_folder->isValid()) {
        Error error {"issuer.no_folder",
                     QCoreApplication::translate("LocalMockIssuer", "cannot create a temporary folder: %1")
                         .arg(m_folder->errorString())};
        m_folder.reset();
        return error;
    }
    m_databasePath = m_folder->filePath(QStringLiteral("issuer.sqlite"));
    m_clock.seconds = startTime;
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("tokenscope-live-issuer"));
    m_thread->start();
    m_issuer = new MockIssuer;
    m_issuer->moveToThread(m_thread.get());

    MockIssuerOptions options;
    options.databasePath = m_databasePath;
    options.clock = &m_clock;
    Result<void> started;
    // The server, its sockets and the SQLite connection must all belong to the issuer's thread.
    QMetaObject::invokeMethod(
        m_issuer, [&] { started = m_issuer->start(options); }, Qt::BlockingQueuedConnection);
    if (!started) {
        stop();
        return started;
    }
    m_url = m_issuer->issuerUrl();
    return {};
}

void LocalMockIssuer::stop()
{
    if (m_issuer) {
        MockIssuer *issuer = m_issuer;
        m_issuer = nullptr;
        QMetaObject::invokeMethod(
            issuer,
            [issuer] {
                issuer->stop();
                delete issuer;
            },
            Qt::BlockingQueuedConnection);
    }
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
        m_thread.reset();
    }
    m_folder.reset(); // removes the database with its folder
    m_url.clear();
}

} // namespace tokenscope::issuer
