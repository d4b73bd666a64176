// An SD-JWT (RFC 9901) pasted into the Inspect workspace, as a user sees it: the payload pane shows the processed
// claims with each disclosed claim marked, the Disclosures pane lists every Disclosure (salt, claim, value, digest)
// and every undisclosed digest, a Disclosure and its claim select each other (and light up its run in the token),
// the key-binding JWT is shown with its check, and the sd_* findings sit with the others. The inputs are RFC 9901's
// own §5.2 presentation (tests/data/sdjwt) and tampered copies of it.

#include "common/Clock.h"
#include "common/MessageBanner.h"
#include "common/PseudoTranslator.h"
#include "common/Settings.h"
#include "inspect/ClaimsTableModel.h"
#include "inspect/DisclosuresView.h"
#include "inspect/FindingsModel.h"
#include "inspect/InspectWorkspace.h"
#include "inspect/JsonView.h"
#include "inspect/TokenView.h"
#include "jose/Base64Url.h"
#include "verify/TokenVerifier.h"
#include "verify/VerifyPanel.h"

#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QNetworkAccessManager>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

namespace {

constexpr qint64 kRfcKeyBindingIat = 1748537244; // RFC 9901 §5.2

QString rfcPresentation()
{
    QFile file(QStringLiteral(TOKENSCOPE_TEST_DATA_DIR "/sdjwt/rfc9901-5.2-presentation.txt"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the RFC 9901 §5.2 presentation");
    return QString::fromLatin1(file.readAll().trimmed());
}

// The presentation without its key-binding JWT (it ends in '~', RFC 9901 §4).
QString withoutKeyBinding(const QString &presentation)
{
    return presentation.first(presentation.lastIndexOf(u'~') + 1);
}

void placeCursor(QPlainTextEdit *edit, qsizetype position)
{
    QTextCursor cursor(edit->document());
    cursor.setPosition(int(position));
    edit->setTextCursor(cursor);
}

QString cellText(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text() : QString();
}

// The payload entry at JSON path `path` ("address.locality", "nationalities[0]"), or -1.
int entryAt(const JsonView *view, const QString &path)
{
    const QList<PrettyJsonEntry> &entries = view->json().entries;
    for (int i = 0; i < entries.size(); ++i) {
        if (entries[i].path == path)
            return i;
    }
    return -1;
}

int findingRow(const FindingsModel *model, const QString &id)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->data(model->index(row), FindingsModel::IdRole).toString() == id)
            return row;
    }
    return -1;
}

} // namespace

class TestSdJwtInspect : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_settings = Settings::throwaway();
        // A minute after the holder signed the key-binding JWT: within its iat window (RFC 9901 §7.3 step 5).
        m_clock = std::make_unique<FixedClock>(kRfcKeyBindingIat + 60);
        m_workspace = std::make_unique<InspectWorkspace>(m_settings.get(), m_clock.get(), &m_network);
        m_workspace->resize(1300, 800);
    }
    void cleanup()
    {
        m_workspace.reset();
        m_settings.reset();
    }

    void payloadShowsTheProcessedClaims();
    void listsEachDisclosureAndTheUndisclosedDigests_data();
    void listsEachDisclosureAndTheUndisclosedDigests();
    void selectingADisclosureSelectsItsClaim_data();
    void selectingADisclosureSelectsItsClaim();
    void selectingAClaimSelectsItsDisclosure_data();
    void selectingAClaimSelectsItsDisclosure();
    void clickingADisclosureInTheTokenSelectsIt();
    void tokenViewNamesDisclosuresAndTheKeyBindingJwt();
    void showsAndChecksTheKeyBindingJwt();
    void keyBindingProblemsAreFindings();
    void anUnreferencedDisclosureIsAFindingLinkedToItsRow();
    void anOrdinaryJwtHidesTheDisclosures();
    void theSignatureVerdictCoversDisclosuresAndKeyBinding_data();
    void theSignatureVerdictCoversDisclosuresAndKeyBinding();
    void everyShownStringGoesThroughTheTranslator();

private:
    QNetworkAccessManager m_network;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<FixedClock> m_clock;
    std::unique_ptr<InspectWorkspace> m_workspace;
};

void TestSdJwtInspect::payloadShowsTheProcessedClaims()
{
    m_workspace->setInputText(rfcPresentation());
    QVERIFY(m_workspace->messageBanner()->isHidden());
    QCOMPARE(m_workspace->summaryLabel()->text(), u"SD-JWT+KB  ·  ES256"_s);
    const QString payload = m_workspace->payloadView()->toPlainText();
    // RFC 9901 §5.2: the disclosed claims in place, the digests and _sd_alg gone, the withheld claims absent.
    QVERIFY2(payload.contains(u"\"family_name\": \"Doe\""_s), qPrintable(payload));
    QVERIFY2(payload.contains(u"\"given_name\": \"John\""_s), qPrintable(payload));
    QVERIFY2(payload.contains(u"\"locality\": \"Anytown\""_s), qPrintable(payload));
    QVERIFY2(payload.contains(u"\"nationalities\": [\n    \"US\"\n  ]"_s), qPrintable(payload));
    QVERIFY2(!payload.contains(u"_sd"_s) && !payload.contains(u"\"...\""_s), qPrintable(payload));
    QVERIFY2(!payload.contains(u"birthdate"_s) && !payload.contains(u"email"_s), qPrintable(payload));
    // The header pane is the issuer-signed JWT's.
    QVERIFY(m_workspace->headerView()->toPlainText().contains(u"\"typ\": \"example+sd-jwt\""_s));

    // Each disclosed claim is marked with its Disclosure; a claim from the issuer-signed payload is not.
    const JsonView *view = m_workspace->payloadView();
    QCOMPARE(view->annotation(entryAt(view, u"family_name"_s)), u"disclosure 1"_s);
    QCOMPARE(view->annotation(entryAt(view, u"address"_s)), u"disclosure 2"_s);
    QCOMPARE(view->annotation(entryAt(view, u"given_name"_s)), u"disclosure 3"_s);
    QCOMPARE(view->annotation(entryAt(view, u"nationalities[0]"_s)), u"disclosure 4"_s);
    QCOMPARE(view->annotation(entryAt(view, u"sub"_s)), QString());
    QVERIFY(view->toolTipFor(entryAt(view, u"given_name"_s)).contains(u"disclosure 3"_s));

    // The claims table says so too.
    const ClaimsTableModel *table = qobject_cast<ClaimsTableModel *>(m_workspace->claimsTable()->model());
    const int row = table->rowForEntry(entryAt(view, u"given_name"_s));
    QVERIFY(row >= 0);
    QVERIFY(table->index(row, ClaimsTableModel::MeaningColumn).data().toString().startsWith(u"disclosure 3"_s));
}

void TestSdJwtInspect::listsEachDisclosureAndTheUndisclosedDigests_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("claim");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("digest");
    QTest::addColumn<QString>("salt");
    // RFC 9901 §5.1 and §5.2: the Disclosures of the presentation, in its order, with the RFC's digests.
    QTest::newRow("family_name") << 0 << u"family_name"_s << u"\"Doe\""_s << u"/family_name"_s
                                 << u"TGf4oLbgwd5JQaHyKVQZU9UdGE0w5rtDsrZzfUaomLo"_s << u"eluV5Og3gSNII8EYnsxA_A"_s;
    QTest::newRow("address")
        << 1 << u"address"_s
        << uR"({"street_address":"123 Main St","locality":"Anytown","region":"Anystate","country":"US"})"_s
        << u"/address"_s << u"XzFrzwscM6Gn6CJDc6vVK8BkMnfG8vOSKfpPIZdAfdE"_s << u"AJx-095VPrpTtN4QMOqROA"_s;
    QTest::newRow("given_name") << 2 << u"given_name"_s << u"\"John\""_s << u"/given_name"_s
                                << u"jsu9yVulwQQlhFlM_3JlzMaSFzglhQG0DpfayQwLUK4"_s << u"2GLC42sKQveCfGfryNRN9w"_s;
    QTest::newRow("array element") << 3 << u"(array element)"_s << u"\"US\""_s << u"/nationalities/0"_s
                                   << u"pFndjkZ_VCzmyTa6UjlZo3dh-ko8aIKQc9DlGzhaVYo"_s << u"lklxF5jMYlGTPUovMNIvCA"_s;
    // The digests the presentation withholds, in the order they were met: the second nationality (the members are
    // processed before their object's "_sd"), then five more in "_sd" (§5.1's other claims).
    QTest::newRow("withheld birthdate") << 9 << u"(undisclosed)"_s << u"withheld claim or decoy"_s << u"/"_s
                                        << u"gbOsI4Edq2x2Kw-w5wPEzakob9hV1cRD0ATN3oQL9JM"_s << QString();
    QTest::newRow("withheld nationality")
        << 4 << u"(undisclosed)"_s << u"withheld claim or decoy"_s << u"/nationalities/1"_s
        << u"7Cf6JkPudry3lcbwHgeZ8khAv1U1OSlerP0VkBJrWZ0"_s << QString();
}

void TestSdJwtInspect::listsEachDisclosureAndTheUndisclosedDigests()
{
    QFETCH(int, row);
    QFETCH(QString, claim);
    QFETCH(QString, value);
    QFETCH(QString, where);
    QFETCH(QString, digest);
    QFETCH(QString, salt);
    m_workspace->setInputText(rfcPresentation());
    QVERIFY(!m_workspace->disclosuresPane()->isHidden());
    const QTableWidget *table = m_workspace->disclosuresView()->table();
    QCOMPARE(table->rowCount(), 4 + 6);
    QCOMPARE(cellText(table, row, DisclosuresView::ClaimColumn), claim);
    QCOMPARE(cellText(table, row, DisclosuresView::ValueColumn), value);
    QCOMPARE(cellText(table, row, DisclosuresView::WhereColumn), where);
    QCOMPARE(cellText(table, row, DisclosuresView::DigestColumn), digest);
    QCOMPARE(cellText(table, row, DisclosuresView::SaltColumn), salt);
    QCOMPARE(cellText(table, row, DisclosuresView::PositionColumn), row < 4 ? QString::number(row + 1) : u"–"_s);
    QCOMPARE(m_workspace->disclosuresView()->summaryLabel()->text(),
             u"disclosures: 4 · undisclosed digests (withheld claims or decoys): 6 · digest algorithm: sha-256"_s);
}

void TestSdJwtInspect::selectingADisclosureSelectsItsClaim_data()
{
    QTest::addColumn<int>("disclosure");
    QTest::addColumn<QString>("path");
    QTest::newRow("family_name") << 0 << u"family_name"_s;
    QTest::newRow("address") << 1 << u"address"_s;
    QTest::newRow("given_name") << 2 << u"given_name"_s;
    QTest::newRow("array element") << 3 << u"nationalities[0]"_s;
}

void TestSdJwtInspect::selectingADisclosureSelectsItsClaim()
{
    QFETCH(int, disclosure);
    QFETCH(QString, path);
    m_workspace->setInputText(rfcPresentation());
    // The user clicks the Disclosure's row.
    QTableWidget *table = m_workspace->disclosuresView()->table();
    table->setCurrentCell(disclosure, DisclosuresView::ClaimColumn);
    QCOMPARE(m_workspace->disclosuresView()->selectedDisclosure(), disclosure);

    const JsonView *payload = m_workspace->payloadView();
    QCOMPARE(payload->selectedEntry(), entryAt(payload, path));
    QCOMPARE(m_workspace->headerView()->selectedEntry(), -1);
    // Its base64url run in the token lights up, and is the Disclosure the row lists.
    const Span linked = m_workspace->tokenView()->linkedSpan();
    const SdJwt &sdJwt = m_workspace->analysis().sdJwt->sdJwt;
    QCOMPARE(linked, sdJwt.disclosures[size_t(disclosure)].span);
    QCOMPARE(rfcPresentation().mid(linked.start, linked.length).toLatin1(),
             sdJwt.disclosures[size_t(disclosure)].encoded);

    // An undisclosed digest's row has no claim to select.
    table->setCurrentCell(table->rowCount() - 1, DisclosuresView::ClaimColumn);
    QCOMPARE(m_workspace->disclosuresView()->selectedDisclosure(), -1);
}

void TestSdJwtInspect::selectingAClaimSelectsItsDisclosure_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("disclosure");
    QTest::newRow("disclosed claim") << u"given_name"_s << 2;
    QTest::newRow("inside a disclosed object") << u"address.locality"_s << 1;
    QTest::newRow("disclosed array element") << u"nationalities[0]"_s << 3;
    QTest::newRow("issuer-signed claim") << u"sub"_s << -1;
}

void TestSdJwtInspect::selectingAClaimSelectsItsDisclosure()
{
    QFETCH(QString, path);
    QFETCH(int, disclosure);
    m_workspace->setInputText(rfcPresentation());
    m_workspace->disclosuresView()->table()->setCurrentCell(0, 0); // something else selected first
    JsonView *payload = m_workspace->payloadView();
    const int entry = entryAt(payload, path);
    QVERIFY(entry >= 0);
    // The user clicks inside the claim's value in the payload pane.
    placeCursor(payload, payload->json().entries[entry].valueText.start + 1);
    QCOMPARE(payload->selectedEntry(), entry);
    QCOMPARE(m_workspace->disclosuresView()->selectedDisclosure(), disclosure);
    const SdJwt &sdJwt = m_workspace->analysis().sdJwt->sdJwt;
    if (disclosure >= 0) {
        QCOMPARE(m_workspace->tokenView()->linkedSpan(), sdJwt.disclosures[size_t(disclosure)].span);
    } else {
        // An issuer-signed claim lights up its run in the issuer-signed JWT's payload, before the first '~'.
        const Span linked = m_workspace->tokenView()->linkedSpan();
        QVERIFY(!linked.isEmpty());
        QVERIFY(linked.end() <= sdJwt.issuerSigned.segment(SegmentRole::Payload).span.end());
    }
}

void TestSdJwtInspect::clickingADisclosureInTheTokenSelectsIt()
{
    m_workspace->setInputText(rfcPresentation());
    const SdJwt &sdJwt = m_workspace->analysis().sdJwt->sdJwt;
    const Span run = sdJwt.disclosures[2].span;
    placeCursor(m_workspace->tokenView(), run.start + run.length / 2);
    QCOMPARE(m_workspace->disclosuresView()->selectedDisclosure(), 2);
    QCOMPARE(m_workspace->payloadView()->selectedEntry(), entryAt(m_workspace->payloadView(), u"given_name"_s));
    QCOMPARE(m_workspace->tokenView()->linkedSpan(), run);
}

void TestSdJwtInspect::tokenViewNamesDisclosuresAndTheKeyBindingJwt()
{
    const QString presentation = rfcPresentation();
    m_workspace->setInputText(presentation);
    TokenView *view = m_workspace->tokenView();
    const SdJwt &sdJwt = m_workspace->analysis().sdJwt->sdJwt;
    // Three issuer-signed parts, four Disclosures, three key-binding parts.
    QCOMPARE(view->partSpans().size(), 3 + 4 + 3);
    const Span second = sdJwt.disclosures[1].span;
    QCOMPARE(view->describeCharacter(second.start + 1), u"disclosure 2, character %1"_s.arg(second.start + 1));
    QCOMPARE(view->describeCharacter(second.end()), u"the tilde after disclosure 2"_s);
    QCOMPARE(view->describeCharacter(sdJwt.keyBindingSpan.start + 1),
             u"key-binding JWT header, character %1"_s.arg(sdJwt.keyBindingSpan.start + 1));
    QVERIFY(view->describeCharacter(3).startsWith(u"header (part 1)"_s));
    // A plain JWE is still five parts, not a key-binding JWT.
    QCOMPARE(TokenView::parts(u"a.b.c.d.e"_s).size(), 5);
    QVERIFY(TokenView::parts(u"a.b.c.d.e"_s).back().kind == TokenView::Part::Kind::Jose);
    // An SD-JWT without key binding ends in '~': nothing after it.
    const QList<TokenView::Part> parts = TokenView::parts(withoutKeyBinding(presentation));
    QCOMPARE(parts.size(), 3 + 4);
    QVERIFY(parts.back().kind == TokenView::Part::Kind::Disclosure);
    QCOMPARE(parts.back().index, 4);
}

void TestSdJwtInspect::showsAndChecksTheKeyBindingJwt()
{
    m_workspace->setInputText(rfcPresentation());
    const DisclosuresView *view = m_workspace->disclosuresView();
    QVERIFY2(view->keyBindingLabel()->text().contains(u"✔ key binding verified with the holder's key"_s),
             qPrintable(view->keyBindingLabel()->text()));
    QVERIFY(!view->keyBindingJwtLabel()->isHidden());
    const QString jwt = view->keyBindingJwtLabel()->text();
    QVERIFY2(jwt.contains(uR"("typ":"kb+jwt")"_s), qPrintable(jwt));
    QVERIFY2(jwt.contains(uR"("nonce":"1234567890")"_s), qPrintable(jwt));
    QVERIFY2(jwt.contains(uR"("sd_hash":"0_Af-2B-EhLWX5ydh_w2xzwmO6iM66B_2QCEanI4fUY")"_s), qPrintable(jwt));
    QCOMPARE(findingRow(m_workspace->findingsModel(), u"sd_key_binding_invalid"_s), -1);

    // Without key binding: said so, nothing to show, and not a finding (Inspect asks for none).
    m_workspace->setInputText(withoutKeyBinding(rfcPresentation()));
    QCOMPARE(m_workspace->summaryLabel()->text(), u"SD-JWT  ·  ES256"_s);
    QVERIFY2(view->keyBindingLabel()->text().contains(u"without a key-binding JWT"_s),
             qPrintable(view->keyBindingLabel()->text()));
    QVERIFY(view->keyBindingJwtLabel()->isHidden());
    QCOMPARE(findingRow(m_workspace->findingsModel(), u"sd_key_binding_missing"_s), -1);
}

void TestSdJwtInspect::keyBindingProblemsAreFindings()
{
    // A Disclosure removed after the holder signed: sd_hash no longer matches (RFC 9901 §4.3.1).
    QString presentation = rfcPresentation();
    const qsizetype firstTilde = presentation.indexOf(u'~');
    presentation.remove(firstTilde, presentation.indexOf(u'~', firstTilde + 1) - firstTilde);
    m_workspace->setInputText(presentation);
    const DisclosuresView *view = m_workspace->disclosuresView();
    QVERIFY2(view->keyBindingLabel()->text().contains(u"✖ sd_hash_mismatch"_s),
             qPrintable(view->keyBindingLabel()->text()));
    QVERIFY(view->keyBindingJwtLabel()->text().contains(u"expected sd_hash: "_s));
    FindingsModel *findings = m_workspace->findingsModel();
    const int row = findingRow(findings, u"sd_key_binding_invalid"_s);
    QVERIFY(row >= 0);
    // Selecting it lights up the key-binding JWT.
    m_workspace->findingsView()->setCurrentIndex(findings->index(row));
    QCOMPARE(m_workspace->tokenView()->linkedSpan(), m_workspace->analysis().sdJwt->sdJwt.keyBindingSpan);

    // The RFC's own presentation, judged an hour after the holder signed: too old (§7.3 step 5).
    m_clock->setNowSeconds(kRfcKeyBindingIat + 3600);
    m_workspace->setInputText(rfcPresentation());
    QVERIFY2(view->keyBindingLabel()->text().contains(u"✖ iat_too_old"_s), qPrintable(view->keyBindingLabel()->text()));
    QVERIFY(findingRow(findings, u"sd_key_binding_invalid"_s) >= 0);
}

void TestSdJwtInspect::anUnreferencedDisclosureIsAFindingLinkedToItsRow()
{
    // A Disclosure no digest refers to, slipped in before the key-binding JWT (RFC 9901 §7.1 step 5).
    const QByteArray extra = Base64Url::encode(R"(["c2FsdHNhbHQ","role","admin"])");
    QString presentation = withoutKeyBinding(rfcPresentation()) + QString::fromLatin1(extra) + u"~"_s;
    m_workspace->setInputText(presentation);
    const QTableWidget *table = m_workspace->disclosuresView()->table();
    QCOMPARE(cellText(table, 4, DisclosuresView::ClaimColumn), u"role"_s);
    QCOMPARE(cellText(table, 4, DisclosuresView::WhereColumn), u"referred to by no digest"_s);
    QVERIFY(!m_workspace->payloadView()->toPlainText().contains(u"admin"_s));
    QVERIFY(m_workspace->disclosuresView()->summaryLabel()->text().contains(u"problems: 1, see Findings"_s));

    FindingsModel *findings = m_workspace->findingsModel();
    const int row = findingRow(findings, u"sd_disclosure_unreferenced"_s);
    QVERIFY(row >= 0);
    m_workspace->findingsView()->setCurrentIndex(findings->index(row));
    QCOMPARE(m_workspace->disclosuresView()->selectedDisclosure(), 4);
    QCOMPARE(m_workspace->tokenView()->linkedSpan(), m_workspace->analysis().sdJwt->sdJwt.disclosures[4].span);
    QCOMPARE(m_workspace->payloadView()->selectedEntry(), -1);
}

void TestSdJwtInspect::anOrdinaryJwtHidesTheDisclosures()
{
    m_workspace->setInputText(rfcPresentation());
    QVERIFY(!m_workspace->disclosuresPane()->isHidden());
    // The issuer-signed JWT alone is an ordinary JWS: its payload shows the digests as they are.
    const QString issuerSigned = rfcPresentation().first(rfcPresentation().indexOf(u'~'));
    m_workspace->setInputText(issuerSigned);
    QVERIFY(m_workspace->disclosuresPane()->isHidden());
    QCOMPARE(m_workspace->disclosuresView()->table()->rowCount(), 0);
    QVERIFY(m_workspace->payloadView()->toPlainText().contains(u"\"_sd\": ["_s));
    QVERIFY(m_workspace->summaryLabel()->text().startsWith(u"JWS"_s));
}

void TestSdJwtInspect::theSignatureVerdictCoversDisclosuresAndKeyBinding_data()
{
    QTest::addColumn<QString>("presentation");
    QTest::addColumn<QString>("nonce");
    QTest::addColumn<QString>("audience");
    QTest::addColumn<QString>("reason");
    const QString presentation = rfcPresentation();
    QTest::newRow("as the RFC gives it") << presentation << QString() << QString() << u"valid"_s;
    // RFC 9901 §7.3 step 5: the verifier's own nonce and identifier, as the RFC's KB-JWT carries them.
    QTest::newRow("the verifier's nonce and aud")
        << presentation << u"1234567890"_s << u"https://verifier.example.org"_s << u"valid"_s;
    QTest::newRow("another nonce") << presentation << u"0987654321"_s << QString() << u"key_binding_invalid"_s;
    QTest::newRow("another verifier") << presentation << QString() << u"https://other.example"_s
                                      << u"key_binding_invalid"_s;
    // RFC 9901 §7.1: a Disclosure whose digest appears twice rejects the SD-JWT, whatever its signature.
    const qsizetype firstTilde = presentation.indexOf(u'~');
    const QString firstDisclosure = presentation.sliced(firstTilde + 1).section(u'~', 0, 0);
    QString repeated = presentation;
    repeated.insert(firstTilde + 1, firstDisclosure + u'~');
    QTest::newRow("a Disclosure repeated") << repeated << QString() << QString() << u"disclosure_invalid"_s;
    // RFC 9901 §7.3: the key-binding JWT's signature must verify with the key in cnf.
    QString forged = presentation;
    const qsizetype last = forged.size() - 2;
    forged[last] = forged[last] == u'A' ? u'B' : u'A';
    QTest::newRow("key binding signature altered") << forged << QString() << QString() << u"key_binding_invalid"_s;
}

void TestSdJwtInspect::theSignatureVerdictCoversDisclosuresAndKeyBinding()
{
    QFETCH(QString, presentation);
    QFETCH(QString, nonce);
    QFETCH(QString, audience);
    QFETCH(QString, reason);
    QFile issuerKey(QStringLiteral(TOKENSCOPE_TEST_DATA_DIR "/sdjwt/rfc9901-a5-issuer-key.jwk"));
    QVERIFY(issuerKey.open(QIODevice::ReadOnly));
    VerifyPanel *panel = m_workspace->verifyPanel();
    panel->setKeySourceKind(VerifyPanel::KeySourceKind::Jwk);
    panel->setKeyText(QString::fromUtf8(issuerKey.readAll()));
    m_workspace->setInputText(presentation);
    // The key-binding fields show for an SD-JWT with a KB-JWT; typing in them verifies again.
    auto *nonceEdit = panel->findChild<QLineEdit *>(u"keyBindingNonceEdit"_s);
    auto *audienceEdit = panel->findChild<QLineEdit *>(u"keyBindingAudienceEdit"_s);
    QVERIFY(nonceEdit && audienceEdit);
    QVERIFY(!nonceEdit->isHidden() && !audienceEdit->isHidden());
    nonceEdit->setText(nonce);
    audienceEdit->setText(audience);
    QVERIFY(panel->result().has_value());
    QCOMPARE(reasonName(panel->result()->reason), reason);

    // An ordinary JWT has no key binding to check: the fields go away.
    m_workspace->setInputText(presentation.section(u'~', 0, 0));
    QVERIFY(nonceEdit->isHidden() && audienceEdit->isHidden());
}

void TestSdJwtInspect::everyShownStringGoesThroughTheTranslator()
{
    test::PseudoTranslator translator;
    QVERIFY(QCoreApplication::installTranslator(&translator));
    {
        InspectWorkspace workspace(m_settings.get(), m_clock.get(), &m_network);
        workspace.setInputText(rfcPresentation());
        const DisclosuresView *view = workspace.disclosuresView();
        QStringList shown {view->summaryLabel()->text(),
                           view->keyBindingLabel()->text(),
                           view->summaryLabel()->accessibleName(),
                           view->table()->accessibleName(),
                           view->keyBindingLabel()->accessibleName(),
                           view->keyBindingJwtLabel()->accessibleName(),
                           workspace.summaryLabel()->text()};
        for (int column = 1; column < DisclosuresView::ColumnCount; ++column)
            shown << view->table()->horizontalHeaderItem(column)->text();
        shown << view->table()->item(3, DisclosuresView::ClaimColumn)->text()
              << view->table()->item(5, DisclosuresView::ValueColumn)->text();
        shown << workspace.payloadView()->annotation(entryAt(workspace.payloadView(), u"given_name"_s));
        shown << view->keyBindingJwtLabel()->text();
        const Span disclosure = workspace.analysis().sdJwt->sdJwt.disclosures[0].span;
        shown << workspace.tokenView()->describeCharacter(disclosure.start);
        for (const QString &text : std::as_const(shown))
            QVERIFY2(test::isPseudoTranslated(text), qPrintable(u"not translatable: "_s + text));
    }
    QCoreApplication::removeTranslator(&translator);
}

QTEST_MAIN(TestSdJwtInspect)
#include "tst_sdjwtinspect.moc"
