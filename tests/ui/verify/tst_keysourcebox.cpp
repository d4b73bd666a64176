#include "VerifyTestSupport.h"
#include "support/JwksTestServer.h"
#include "verify/KeySourceBox.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::test;
using namespace Qt::StringLiterals;
using Kind = KeySourceBox::Kind;

// KeySourceBox's two URL sources against an issuer on loopback: the issuer prefilled from the token's iss and
// fetched only on request, plain http refused for other hosts unless the user opts in for that URL, fetch errors
// in words with a hint, cancel, and a custom CA bundle for an issuer with an internal CA.
class TestKeySourceBox : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_keyA = generatedKey(Algorithm::ES256, u"a"_s);
        const QString error = m_server.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void init()
    {
        m_server.serve(jwks({m_keyA}));
        m_box = std::make_unique<KeySourceBox>(&m_network);
        m_box->setCacheClock(&m_cacheClock);
    }

    void cleanup()
    {
        m_box.reset();
        JwksTestServer::closeConnections(m_network);
    }

    void issuerIsPrefilledAndFetchedOnlyOnRequest()
    {
        const QString issuer = m_server.base() + u"/realm"_s;
        m_box->setKind(Kind::Issuer);
        m_box->setTokenIssuer(issuer);
        QCOMPARE(m_box->findChild<QLineEdit *>(u"issuerEdit"_s)->text(), issuer);
        QVERIFY(!m_box->isFetching());
        QTest::qWait(0);
        QCOMPARE(m_server.discoveryHits, 0);
        QCOMPARE(m_server.jwksHits, 0);
        QVERIFY(label(u"keyStatusLabel"_s).startsWith(u"Not fetched yet"_s));

        QSignalSpy keysChanged(m_box.get(), &KeySourceBox::keysChanged);
        m_box->findChild<QPushButton *>(u"fetchButton"_s)->click();
        QTRY_VERIFY(!m_box->isFetching());
        QCOMPARE(m_server.discoveryHits, 1);
        QCOMPARE(m_server.jwksHits, 1);
        QCOMPARE(keysChanged.size(), 1);
        QCOMPARE(m_box->keys().size(), 1);
        QCOMPARE(m_box->keys().first().thumbprint(), m_keyA.thumbprint());
        // The JWKS URL the discovery document named: what a jku in the token is compared with.
        QCOMPARE(m_box->discoveredJwksUrl(), QUrl(m_server.base() + u"/jwks"_s));
        QVERIFY(label(u"cacheLabel"_s).contains(u"named by the discovery document"_s));
    }

    void anIssuerTheUserTypedStays()
    {
        m_box->setKind(Kind::Issuer);
        m_box->setIssuerUrl(u"https://mine.example"_s);
        m_box->setTokenIssuer(u"https://token.example"_s);
        QCOMPARE(m_box->findChild<QLineEdit *>(u"issuerEdit"_s)->text(), u"https://mine.example"_s);
        // Cleared, the field takes the next token's iss again.
        m_box->setIssuerUrl(QString());
        m_box->setTokenIssuer(u"https://token.example"_s);
        QCOMPARE(m_box->findChild<QLineEdit *>(u"issuerEdit"_s)->text(), u"https://token.example"_s);
    }

    void plainHttpToOtherHostsIsRefused()
    {
        m_box->setKind(Kind::JwksUrl);
        m_box->setJwksUrl(u"http://keys.example.test/jwks"_s);
        auto *allowHttp = m_box->findChild<QCheckBox *>(u"allowHttpCheckBox"_s);
        QVERIFY(allowHttp->isVisibleTo(m_box.get()));
        QVERIFY(!allowHttp->isChecked());
        m_box->fetchKeys();
        QTRY_VERIFY(!m_box->isFetching());
        QVERIFY2(label(u"fetchErrorLabel"_s).contains(u"https only"_s), qPrintable(label(u"fetchErrorLabel"_s)));
        QVERIFY(m_box->keys().isEmpty());

        // The opt-in is per URL: another URL starts unchecked; coming back finds it as left.
        allowHttp->setChecked(true);
        m_box->setJwksUrl(u"http://other.example.test/jwks"_s);
        QVERIFY(!allowHttp->isChecked());
        m_box->setJwksUrl(u"http://keys.example.test/jwks"_s);
        QVERIFY(allowHttp->isChecked());
        // Loopback needs no opt-in.
        m_box->setJwksUrl(m_server.base() + u"/jwks"_s);
        QVERIFY(!allowHttp->isVisibleTo(m_box.get()));
    }

    void explainsFetchErrorsInWords_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("technical");
        QTest::addColumn<QString>("hint");
        QTest::newRow("not found") << u"/missing"_s << u"HTTP 404"_s << u"nothing at this URL"_s;
        QTest::newRow("server error") << u"/broken"_s << u"HTTP 500"_s << u"try again later"_s;
        QTest::newRow("not JSON") << u"/garbled"_s << u"not valid JSON"_s << u"did not send JSON"_s;
        QTest::newRow("oversize") << u"/huge"_s << u"/huge"_s << u"larger than a key set should be"_s;
        QTest::newRow("refused") << u"{refused}"_s << u"connection refused"_s << u"Nothing is listening there"_s;
    }

    void explainsFetchErrorsInWords()
    {
        QFETCH(QString, path);
        QFETCH(QString, technical);
        QFETCH(QString, hint);
        QString url = m_server.base() + path;
        if (path == u"{refused}") {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            url = QStringLiteral("http://127.0.0.1:%1/jwks").arg(closed.serverPort());
        }
        m_box->setKind(Kind::JwksUrl);
        m_box->setJwksUrl(url);
        m_box->fetchKeys();
        QTRY_VERIFY(!m_box->isFetching());
        const QString shown = label(u"fetchErrorLabel"_s);
        QVERIFY2(shown.contains(technical), qPrintable(shown));
        QVERIFY2(shown.contains(hint), qPrintable(shown));
        QVERIFY(m_box->keys().isEmpty());
        QCOMPARE(m_box->findChild<QLineEdit *>(u"jwksUrlEdit"_s)->text(), url); // what was typed stays
    }

    void aUrlWithoutSchemeMeansHttps()
    {
        m_box->setKind(Kind::JwksUrl);
        m_box->setJwksUrl(u"keys.example.test/jwks"_s);
        QVERIFY(!m_box->findChild<QCheckBox *>(u"allowHttpCheckBox"_s)->isVisibleTo(m_box.get()));
        m_box->setJwksUrl(u"http://keys.example.test/jwks"_s);
        QVERIFY(m_box->findChild<QCheckBox *>(u"allowHttpCheckBox"_s)->isVisibleTo(m_box.get()));
    }

    void cancelStopsTheFetch()
    {
        m_box->setKind(Kind::JwksUrl);
        m_box->setJwksUrl(m_server.silentUrl());
        m_box->fetchKeys();
        auto *cancel = m_box->findChild<QPushButton *>(u"cancelFetchButton"_s);
        QVERIFY(m_box->isFetching());
        QVERIFY(cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(!m_box->isFetching());
        QVERIFY(!cancel->isEnabled());
        QVERIFY(label(u"fetchErrorLabel"_s).contains(u"cancelled"_s));
        QVERIFY(!m_box->findChild<QWidget *>(u"fetchProgressBar"_s)->isVisibleTo(m_box.get()));
    }

    void customCaBundleTrustsAnInternalIssuer()
    {
        const QString skip = m_server.startHttps();
        if (!skip.isEmpty())
            QSKIP(qPrintable(skip));
        m_box->setKind(Kind::JwksUrl);
        m_box->setJwksUrl(m_server.httpsBase() + u"/jwks"_s);
        m_box->fetchKeys();
        QTRY_VERIFY(!m_box->isFetching());
        QVERIFY2(label(u"fetchErrorLabel"_s).contains(u"CA bundle"_s), qPrintable(label(u"fetchErrorLabel"_s)));
        QVERIFY(m_box->keys().isEmpty());

        m_box->setCaBundlePath(m_server.caBundlePath());
        m_box->fetchKeys();
        QTRY_VERIFY(!m_box->isFetching());
        QCOMPARE(m_box->keys().size(), 1);
        QVERIFY(!m_box->findChild<QWidget *>(u"fetchErrorLabel"_s)->isVisibleTo(m_box.get()));
    }

private:
    [[nodiscard]] QString label(const QString &name) const { return labelText(m_box.get(), name); }

    QNetworkAccessManager m_network;
    JwksTestServer m_server;
    Key m_keyA;
    FixedClock m_cacheClock {1'800'000'000}; // the fetched/trusted-until times
    std::unique_ptr<KeySourceBox> m_box;
};

QTEST_MAIN(TestKeySourceBox)
#include "tst_keysourcebox.moc"
