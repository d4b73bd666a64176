// End to end: a token issued by the mock issuer over HTTP, pasted into the Inspect workspace, verifies through the
// issuer's OpenID Connect discovery document and JWKS fetched by the signature panel on loopback.

#include "common/Settings.h"
#include "inspect/InspectWorkspace.h"
#include "issuer/IssuerTestSupport.h"
#include "verify/VerifyPanel.h"

#include <QTest>

using namespace tokenscope;
using namespace tokenscope::issuer::testing;
using namespace Qt::StringLiterals;

class TestInspectThroughDiscovery : public QObject
{
    Q_OBJECT

private slots:
    void mockIssuedTokenVerifiesThroughDiscovery()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult issued = fixture.token(
            {{u"grant_type"_s, u"password"_s}, {u"username"_s, u"alice"_s}, {u"password"_s, u"alice"_s}});
        QCOMPARE(issued.status, 200);
        const QString accessToken = issued.string("access_token");
        QVERIFY(!accessToken.isEmpty());

        // The workspace judges time on the issuer's own (fixed) clock, so exp and iat pass.
        const std::unique_ptr<Settings> settings = Settings::throwaway();
        QNetworkAccessManager network;
        InspectWorkspace workspace(settings.get(), &fixture.clock, &network);
        workspace.show();
        workspace.setInputText(u"Authorization: Bearer "_s + accessToken);
        QTRY_VERIFY(workspace.analysis().token() != nullptr);

        VerifyPanel *panel = workspace.verifyPanel();
        panel->setCacheClock(&fixture.clock);
        panel->setKeySourceKind(VerifyPanel::KeySourceKind::Issuer);
        const QString issuerUrl = fixture.issuer.issuerUrl().toString();
        panel->setIssuerUrl(issuerUrl);
        panel->setExpectedIssuer(issuerUrl);
        panel->fetchKeys();
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isFetching() && panel->result() && panel->result()->isValid(), 15000);

        const VerificationResult &result = *panel->result();
        QVERIFY(result.verifiedBy.has_value());
        QCOMPARE(result.verifiedBy->kid(), workspace.analysis().token()->keyId());
        QVERIFY2(result.verifiedBy->source().contains(u"127.0.0.1"_s), qPrintable(result.verifiedBy->source()));
    }
};

QTEST_MAIN(TestInspectThroughDiscovery)
#include "tst_inspectthroughdiscovery.moc"
