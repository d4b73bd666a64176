// The Inspect workspace as a user sees it: paste tokens and check the panes, the highlighted runs, the picker,
// decode errors in place, linked selection both ways, the ticking countdown at a fixed clock, time travel and
// leeway, findings that light up their span, the claims table, and that settings never hold the token.

#include "common/Clock.h"
#include "common/Settings.h"
#include "common/Theme.h"
#include "inspect/ClaimsTableModel.h"
#include "inspect/FindingsModel.h"
#include "inspect/InspectWorkspace.h"
#include "inspect/JsonView.h"
#include "inspect/TokenInput.h"
#include "inspect/TokenView.h"
#include "inspect/ValidityBar.h"
#include "jose/Base64Url.h"
#include "verify/VerifyPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDateTimeEdit>
#include <QFile>
#include <QMimeData>
#include <QUrl>
#include <QLabel>
#include <QListView>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace Qt::StringLiterals;
using namespace tokenscope;

namespace {

constexpr qint64 issuedAt = 1795000000;
constexpr qint64 expiresAt = issuedAt + 3600;

QByteArray makeToken(const QByteArray &header, const QByteArray &payload, const QByteArray &signature = "c2lnbmF0dXJl")
{
    return Base64Url::encode(header) + '.' + Base64Url::encode(payload) + '.' + signature;
}

QByteArray sampleToken(const QByteArray &sub = "alice")
{
    return makeToken(R"({"alg":"ES256","kid":"k1","typ":"JWT"})",
                     R"({"iss":"https://issuer.test","sub":")" + sub + R"(","iat":1795000000,"exp":1795003600,)"
                     R"("amount":12345678901234567890123,"roles":["a","b"]})");
}

// The foreground colour the token view's highlighter gave to character `position` of the first line.
QColor tokenColorAt(TokenView *view, int position)
{
    const QTextBlock block = view->document()->firstBlock();
    for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
        if (position >= range.start && position < range.start + range.length)
            return range.format.foreground().color();
    }
    return {};
}

void placeCursor(QPlainTextEdit *edit, qsizetype position)
{
    QTextCursor cursor(edit->document());
    cursor.setPosition(int(position));
    edit->setTextCursor(cursor);
}

} // namespace

class TestInspectWorkspace : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_settings = Settings::throwaway();
        m_clock = std::make_unique<FixedClock>(issuedAt + 600);
        m_workspace = std::make_unique<InspectWorkspace>(m_settings.get(), m_clock.get(), &m_network);
        m_workspace->resize(1300, 800);
    }
    void cleanup()
    {
        m_workspace.reset();
        m_settings.reset();
    }

    void showsHeaderAndPayloadInSourceOrderWithNumbersAsWritten();
    void findsTheTokenInPasteNoise_data();
    void findsTheTokenInPasteNoise();
    void coloursEachSegment_data();
    void coloursEachSegment();
    void offersAPickerForSeveralTokens();
    void marksADecodeErrorAtItsCharacter();
    void selectingAClaimLightsUpItsRun();
    void selectingTokenCharactersSelectsTheMember();
    void annotatesTimestampsAndExplainsClaims();
    void countdownTicksWithTheClock();
    void timeTravelAndLeewayChangeTheVerdict();
    void selectingAFindingHighlightsItsSpan();
    void claimsTableListsTopLevelClaims();
    void settingsNeverHoldTheToken();
    void largeInputIsAnalysedInTheBackground();
    void openFileReadsTheToken();
    void droppingAFileInspectsIt();
    void showsTheSignaturePanelsVerdict();
    void charactersStuckToTheTokenAreAFindingAndMalformed();

private:
    QNetworkAccessManager m_network;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<FixedClock> m_clock;
    std::unique_ptr<InspectWorkspace> m_workspace;
};

void TestInspectWorkspace::showsHeaderAndPayloadInSourceOrderWithNumbersAsWritten()
{
    m_workspace->setInputText(QString::fromLatin1(sampleToken()));
    QCOMPARE(m_workspace->headerView()->toPlainText(),
             u"{\n  \"alg\": \"ES256\",\n  \"kid\": \"k1\",\n  \"typ\": \"JWT\"\n}"_s);
    const QString payload = m_workspace->payloadView()->toPlainText();
    QVERIFY(payload.startsWith(u"{\n  \"iss\": \"https://issuer.test\",\n  \"sub\": \"alice\","_s));
    QVERIFY2(payload.contains(u"\"amount\": 12345678901234567890123,"_s), qPrintable(payload));
    QVERIFY(payload.contains(u"\"roles\": [\n    \"a\",\n    \"b\"\n  ]"_s));
    QVERIFY(m_workspace->messageLabel()->isHidden());
    QCOMPARE(m_workspace->summaryLabel()->text(), u"JWS (signed)  ·  ES256  ·  kid k1"_s);
}

void TestInspectWorkspace::findsTheTokenInPasteNoise_data()
{
    QTest::addColumn<QString>("pasted");
    const QString token = QString::fromLatin1(sampleToken());
    QTest::newRow("bare") << token;
    QTest::newRow("bearer") << u"Bearer "_s + token;
    QTest::newRow("header") << u"Authorization: Bearer "_s + token + u"\n"_s;
    QTest::newRow("curl") << u"curl -H 'Authorization: Bearer "_s + token + u"' https://api.test/items"_s;
    QTest::newRow("quoted") << u"  \""_s + token + u"\"  "_s;
}

void TestInspectWorkspace::findsTheTokenInPasteNoise()
{
    QFETCH(QString, pasted);
    m_workspace->setInputText(pasted);
    QCOMPARE(m_workspace->inputText(), pasted); // nothing the user typed is lost
    QCOMPARE(m_workspace->tokenView()->document()->firstBlock().text(), QString::fromLatin1(sampleToken()));
    QVERIFY(m_workspace->payloadView()->toPlainText().contains(u"\"sub\": \"alice\""_s));
    QVERIFY(m_workspace->tokenPicker()->isHidden());
}

void TestInspectWorkspace::coloursEachSegment_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("parts");
    QTest::newRow("jws") << sampleToken() << 3;
    QTest::newRow("jwe") << QByteArray(Base64Url::encode(R"({"alg":"RSA-OAEP","enc":"A256GCM"})")
                                       + ".a2V5.aXY.Y2lwaGVydGV4dA.dGFn")
                         << 5;
}

void TestInspectWorkspace::coloursEachSegment()
{
    QFETCH(QByteArray, token);
    QFETCH(int, parts);
    m_workspace->setInputText(QString::fromLatin1(token));
    TokenView *view = m_workspace->tokenView();
    const QList<Span> spans = view->partSpans();
    QCOMPARE(spans.size(), parts);
    const Theme::Colors colors = Theme::colors(view->palette());
    for (int i = 0; i < parts; ++i) {
        QCOMPARE(tokenColorAt(view, int(spans[i].start)), colors.segment[i]);
        QCOMPARE(tokenColorAt(view, int(spans[i].end() - 1)), colors.segment[i]);
    }
    QCOMPARE(m_workspace->analysis().token()->segments.size(), std::size_t(parts));
    QCOMPARE(view->describeCharacter(spans[1].start + 2),
             parts == 3 ? u"payload (part 2), character %1"_s.arg(spans[1].start + 2)
                        : u"encrypted key (part 2), character %1"_s.arg(spans[1].start + 2));
    if (parts == 5)
        QVERIFY(m_workspace->payloadView()->toPlainText().contains(u"Encrypted (JWE)"_s));
}

void TestInspectWorkspace::offersAPickerForSeveralTokens()
{
    const QString text = u"first: "_s + QString::fromLatin1(sampleToken("alice")) + u"\nsecond: "_s
        + QString::fromLatin1(sampleToken("bob"));
    m_workspace->setInputText(text);
    QComboBox *picker = m_workspace->tokenPicker();
    QVERIFY(picker->isVisibleTo(m_workspace.get()));
    QCOMPARE(picker->count(), 2);
    QVERIFY(picker->itemText(0).startsWith(u"1. eyJ"_s));
    QVERIFY(m_workspace->payloadView()->toPlainText().contains(u"\"alice\""_s));

    QSignalSpy shown(m_workspace.get(), &InspectWorkspace::analysisShown);
    picker->setCurrentIndex(1);
    emit picker->activated(1);
    QCOMPARE(shown.size(), 1);
    QVERIFY(m_workspace->payloadView()->toPlainText().contains(u"\"bob\""_s));
    QCOMPARE(m_workspace->tokenView()->document()->firstBlock().text(), QString::fromLatin1(sampleToken("bob")));
    QCOMPARE(m_workspace->inputText(), text);
}

void TestInspectWorkspace::marksADecodeErrorAtItsCharacter()
{
    // A '*' in the payload: not base64url. The error names the part and the character, marked in place.
    QByteArray token = sampleToken();
    const qsizetype payloadStart = token.indexOf('.') + 1;
    const qsizetype bad = payloadStart + 10;
    token[bad] = '*';
    m_workspace->setInputText(QString::fromLatin1(token));
    QVERIFY(!m_workspace->analysis().token());
    QCOMPARE(m_workspace->tokenView()->errorOffset(), bad);
    const QString message = m_workspace->messageLabel()->text();
    QVERIFY(!m_workspace->messageLabel()->isHidden());
    QVERIFY2(message.contains(u"payload (part 2)"_s) && message.contains(QString::number(bad)), qPrintable(message));
    // The offending character has its own mark (an extra selection exactly there).
    bool marked = false;
    for (const QTextEdit::ExtraSelection &selection : m_workspace->tokenView()->extraSelections())
        marked |= selection.cursor.selectionStart() == bad && selection.cursor.selectionEnd() == bad + 1;
    QVERIFY(marked);
    QCOMPARE(m_workspace->summaryLabel()->text(), u"Not decodable"_s);
}

void TestInspectWorkspace::selectingAClaimLightsUpItsRun()
{
    m_workspace->setInputText(QString::fromLatin1(sampleToken()));
    JsonView *payload = m_workspace->payloadView();
    const int sub = payload->json().topLevelEntry(u"sub");
    QVERIFY(sub >= 0);
    // The user clicks inside "alice".
    placeCursor(payload, payload->json().entries[sub].valueText.start + 2);
    QCOMPARE(payload->selectedEntry(), sub);

    const DecodedToken *token = m_workspace->analysis().token();
    const Span expected = token->tokenSpan(SegmentRole::Payload, payload->json().entries[sub].source);
    const Span linked = m_workspace->tokenView()->linkedSpan();
    QCOMPARE(linked, expected);
    QVERIFY(token->segment(SegmentRole::Payload).span.contains(linked.start));
    // The run decodes to bytes that hold the whole member.
    const QByteArray run = token->text.mid(token->segment(SegmentRole::Payload).span.start,
                                           token->segment(SegmentRole::Payload).span.length);
    const Span bytes = token->decodedSpan(SegmentRole::Payload, linked);
    QVERIFY(token->segment(SegmentRole::Payload).bytes.mid(bytes.start, bytes.length).contains(R"("sub":"alice")"));
    QVERIFY(!run.isEmpty());
    // The claims table follows.
    QCOMPARE(m_workspace->claimsTable()->currentIndex().data().toString(), u"sub"_s);
    // And the header pane lets go.
    QCOMPARE(m_workspace->headerView()->selectedEntry(), -1);

    // A header member too.
    JsonView *header = m_workspace->headerView();
    const int kid = header->json().topLevelEntry(u"kid");
    placeCursor(header, header->json().entries[kid].text.start + 1);
    QCOMPARE(m_workspace->tokenView()->linkedSpan(),
             token->tokenSpan(SegmentRole::Header, header->json().entries[kid].source));
    QCOMPARE(payload->selectedEntry(), -1);
}

void TestInspectWorkspace::selectingTokenCharactersSelectsTheMember()
{
    m_workspace->setInputText(QString::fromLatin1(sampleToken()));
    const DecodedToken *token = m_workspace->analysis().token();
    JsonView *payload = m_workspace->payloadView();
    const int exp = payload->json().topLevelEntry(u"exp");
    const Span run = token->tokenSpan(SegmentRole::Payload, payload->json().entries[exp].source);
    // The user clicks in the middle of the exp member's base64url run.
    placeCursor(m_workspace->tokenView(), run.start + run.length / 2);
    QCOMPARE(payload->selectedEntry(), exp);
    QCOMPARE(m_workspace->claimsTable()->currentIndex().data().toString(), u"exp"_s);
    QCOMPARE(m_workspace->tokenView()->linkedSpan(), run);
    const Span text = payload->selectedTextSpan();
    QVERIFY(payload->toPlainText().mid(text.start, text.length).startsWith(u"\"exp\": 1795003600"_s));

    // Clicking the signature selects no member and lights up the signature.
    const Span signature = token->segment(SegmentRole::Signature).span;
    placeCursor(m_workspace->tokenView(), signature.start + 1);
    QCOMPARE(payload->selectedEntry(), -1);
    QCOMPARE(m_workspace->headerView()->selectedEntry(), -1);
    QCOMPARE(m_workspace->tokenView()->linkedSpan(), signature);
}

void TestInspectWorkspace::annotatesTimestampsAndExplainsClaims()
{
    m_workspace->setInputText(QString::fromLatin1(sampleToken()));
    JsonView *payload = m_workspace->payloadView();
    const int exp = payload->json().topLevelEntry(u"exp");
    const QString annotation = payload->annotation(exp);
    QVERIFY2(annotation.contains(u"2026-11-18T12:06:40Z"_s), qPrintable(annotation));
    QVERIFY2(annotation.contains(u"expires in 50m"_s), qPrintable(annotation));
    QVERIFY(annotation.contains(u"local"_s));
    QVERIFY(payload->annotation(payload->json().topLevelEntry(u"sub")).isEmpty());
    const QString tip = payload->toolTipFor(exp);
    QVERIFY2(tip.contains(u"RFC 7519"_s), qPrintable(tip));
    const QString kidTip = m_workspace->headerView()->toolTipFor(m_workspace->headerView()->json().topLevelEntry(u"kid"));
    QVERIFY2(kidTip.contains(u"kid"_s) && kidTip.contains(u"RFC 7515"_s), qPrintable(kidTip));
}

void TestInspectWorkspace::countdownTicksWithTheClock()
{
    m_clock->setNowSeconds(expiresAt - 252);
    m_workspace->setInputText(QString::fromLatin1(sampleToken()));
    QCOMPARE(m_workspace->countdownLabel()->text(), u"expires in 4m 12s"_s);
    QCOMPARE(m_workspace->validityBar()->state(), ValidityBar::State::Valid);
    m_clock->advance(1);
    m_workspace->tick();
    QCOMPARE(m_workspace->countdownLabel()->text(), u"expires in 4m 11s"_s);
    m_clock->advance(254);
    m_workspace->tick();
    QCOMPARE(m_workspace->countdownLabel()->text(), u"expired 3s ago"_s);
    QCOMPARE(m_workspace->validityBar()->state(), ValidityBar::State::Expired);
    // Crossing exp re-judges the findings.
    const Findings &findings = m_workspace->findingsModel()->findings();
    QVERIFY(std::any_of(findings.cbegin(), findings.cend(), [](const Finding &f) { return f.id == u"expired"; }));
}

void TestInspectWorkspace::timeTravelAndLeewayChangeTheVerdict()
{
    m_workspace->setInputText(QString::fromLatin1(sampleToken()));
    QCOMPARE(m_workspace->countdownLabel()->text(), u"expires in 50m"_s);
    m_workspace->setNowOverride(expiresAt + 10);
    QVERIFY(m_workspace->timeTravelCheckBox()->isChecked());
    QVERIFY(m_workspace->nowEdit()->isEnabled());
    QCOMPARE(m_workspace->nowEdit()->dateTime().toSecsSinceEpoch(), expiresAt + 10);
    QCOMPARE(m_workspace->countdownLabel()->text(), u"expired 10s ago (time travel)"_s);
    // The clock moves on; a time-travelled 'now' does not.
    m_clock->advance(100);
    m_workspace->tick();
    QCOMPARE(m_workspace->countdownLabel()->text(), u"expired 10s ago (time travel)"_s);

    m_workspace->leewaySpinBox()->setValue(30);
    QCOMPARE(m_workspace->leewaySeconds(), 30);
    QCOMPARE(m_workspace->validityBar()->state(), ValidityBar::State::ValidWithinLeeway);
    QVERIFY2(m_workspace->countdownLabel()->text().contains(u"30 s leeway"_s),
             qPrintable(m_workspace->countdownLabel()->text()));

    // Travelling by editing the moment, then back to the clock.
    m_workspace->nowEdit()->setDateTime(QDateTime::fromSecsSinceEpoch(issuedAt - 100, Qt::UTC));
    QCOMPARE(m_workspace->nowSeconds(), issuedAt - 100);
    m_workspace->timeTravelCheckBox()->setChecked(false);
    QVERIFY(!m_workspace->nowOverride());
    QCOMPARE(m_workspace->nowSeconds(), m_clock->nowSeconds());
    QCOMPARE(m_workspace->countdownLabel()->text(), u"expires in 48m 20s"_s);
}

void TestInspectWorkspace::selectingAFindingHighlightsItsSpan()
{
    const QByteArray token = makeToken(R"({"alg":"HS256","kid":"../../dev/null"})", R"({"sub":"x","iat":1795000000})");
    m_workspace->setInputText(QString::fromLatin1(token));
    FindingsModel *model = m_workspace->findingsModel();
    int row = -1;
    for (int i = 0; i < model->rowCount(); ++i) {
        if (model->data(model->index(i), FindingsModel::IdRole).toString() == u"kid_suspicious")
            row = i;
    }
    QVERIFY(row >= 0);
    QVERIFY(!model->data(model->index(row), Qt::DecorationRole).value<QIcon>().isNull());
    m_workspace->findingsView()->setCurrentIndex(model->index(row));
    const Span span = model->spanAt(row);
    QVERIFY(!span.isEmpty());
    QCOMPARE(m_workspace->tokenView()->linkedSpan(), span);
    JsonView *header = m_workspace->headerView();
    QCOMPARE(header->selectedEntry(), header->json().topLevelEntry(u"kid"));
    // The findings pane title counts them.
    QVERIFY(m_workspace->findChildren<QLabel *>().size() > 0);
}

void TestInspectWorkspace::claimsTableListsTopLevelClaims()
{
    m_workspace->setInputText(QString::fromLatin1(sampleToken()));
    m_workspace->setClaimsTableShown(true);
    QVERIFY(m_workspace->isClaimsTableShown());
    QTableView *table = m_workspace->claimsTable();
    QAbstractItemModel *model = table->model();
    QCOMPARE(model->rowCount(), 6);
    QStringList names;
    for (int row = 0; row < model->rowCount(); ++row)
        names << model->index(row, ClaimsTableModel::ClaimColumn).data().toString();
    QCOMPARE(names, (QStringList {u"iss"_s, u"sub"_s, u"iat"_s, u"exp"_s, u"amount"_s, u"roles"_s}));
    QCOMPARE(model->index(4, ClaimsTableModel::ValueColumn).data().toString(), u"12345678901234567890123"_s);
    QCOMPARE(model->index(5, ClaimsTableModel::ValueColumn).data().toString(), u"[ \"a\", \"b\" ]"_s);
    const QString exp = model->index(3, ClaimsTableModel::ValueColumn).data().toString();
    QVERIFY2(exp.contains(u"2026-11-18T12:06:40Z"_s) && exp.contains(u"expires in 50m"_s), qPrintable(exp));
    QVERIFY(!model->index(3, ClaimsTableModel::MeaningColumn).data().toString().isEmpty());

    // Selecting a row lights up its run.
    table->setCurrentIndex(model->index(1, 0));
    const DecodedToken *token = m_workspace->analysis().token();
    const int sub = m_workspace->payloadView()->json().topLevelEntry(u"sub");
    QCOMPARE(m_workspace->tokenView()->linkedSpan(),
             token->tokenSpan(SegmentRole::Payload, m_workspace->payloadView()->json().entries[sub].source));
    m_workspace->setClaimsTableShown(false);
    QVERIFY(!m_workspace->isClaimsTableShown());
}

void TestInspectWorkspace::settingsNeverHoldTheToken()
{
    const QByteArray token = sampleToken();
    m_workspace->setInputText(QString::fromLatin1(token));
    m_workspace->setLeewaySeconds(45);
    m_workspace->setClaimsTableShown(true);
    m_workspace->saveSettings();
    m_settings->sync();
    const QSettings &store = m_settings->store();
    QVERIFY(!store.allKeys().isEmpty());
    QFile file(store.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY(!written.contains(token.left(20)));
    QVERIFY(!written.contains(token.mid(token.indexOf('.') + 1, 20)));
    QVERIFY(!written.contains("alice"));
    QCOMPARE(m_settings->leewaySeconds(), 45);
    QVERIFY(m_settings->claimsTableShown());

    // A new workspace over the same settings restores the preferences, not the input.
    InspectWorkspace again(m_settings.get(), m_clock.get(), &m_network);
    QCOMPARE(again.leewaySeconds(), 45);
    QVERIFY(again.isClaimsTableShown());
    QVERIFY(again.inputText().isEmpty());
}

void TestInspectWorkspace::largeInputIsAnalysedInTheBackground()
{
    // A payload of about 200 kB: analysed off the UI thread; the editor does not receive it.
    const QByteArray blob(150 * 1024, 'x');
    const QByteArray token = makeToken(R"({"alg":"HS256"})", R"({"sub":"big","blob":")" + blob + R"("})");
    QSignalSpy shown(m_workspace.get(), &InspectWorkspace::analysisShown);
    m_workspace->setInputText(QString::fromLatin1(token));
    QVERIFY(m_workspace->isAnalysing());
    QVERIFY(shown.wait(10000));
    QVERIFY(!m_workspace->isAnalysing());
    QVERIFY(m_workspace->input()->toPlainText().isEmpty());
    QCOMPARE(m_workspace->inputText().size(), token.size());
    QVERIFY(m_workspace->analysis().token());
    QVERIFY(m_workspace->tokenView()->isTruncated());
    const QString payload = m_workspace->payloadView()->toPlainText();
    QVERIFY(payload.contains(u"\"sub\": \"big\""_s));
    QVERIFY(payload.size() < 8 * 1024); // the long string is shown by its beginning
    // Typing replaces it.
    m_workspace->input()->setPlainText(QString::fromLatin1(sampleToken()));
    QCOMPARE(m_workspace->inputText(), QString::fromLatin1(sampleToken()));
    QVERIFY(m_workspace->payloadView()->toPlainText().contains(u"alice"_s));
}

void TestInspectWorkspace::openFileReadsTheToken()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"token.jwt"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("Authorization: Bearer " + sampleToken() + "\n");
    file.close();
    QVERIFY(m_workspace->openFile(file.fileName()));
    QVERIFY(m_workspace->payloadView()->toPlainText().contains(u"alice"_s));
    QVERIFY(!m_workspace->openFile(dir.filePath(u"missing.jwt"_s)));
    QVERIFY(m_workspace->messageLabel()->text().contains(u"missing.jwt"_s));
}

void TestInspectWorkspace::droppingAFileInspectsIt()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"dropped.txt"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(sampleToken("dropped"));
    file.close();
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(file.fileName())});
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    // Straight to the widget: QApplication only routes drops that come from a drag session.
    static_cast<QObject *>(m_workspace.get())->event(&drop);
    QVERIFY(m_workspace->payloadView()->toPlainText().contains(u"\"dropped\""_s));
}

void TestInspectWorkspace::showsTheSignaturePanelsVerdict()
{
    m_workspace->setInputText(QString::fromLatin1(sampleToken()));
    VerifyPanel *panel = m_workspace->verifyPanel();
    QVERIFY(panel->isVisibleTo(m_workspace.get()));

    VerificationResult result;
    result.reason = VerificationReason::Valid;
    result.message = u"the signature verifies"_s;
    emit panel->verified(result);
    QVERIFY2(m_workspace->verdictLabel()->text().contains(u"signature valid"_s),
             qPrintable(m_workspace->verdictLabel()->text()));

    result.reason = VerificationReason::BadSignature;
    result.message = u"the signature does not verify with key k1"_s;
    result.attempts.append(KeyAttempt {u"k1"_s, u"EC"_s, u"ES256"_s, u"sig"_s, u"pasted"_s, {}, u"no"_s});
    emit panel->verified(result);
    QVERIFY(m_workspace->verdictLabel()->text().contains(u"bad_signature"_s));
    QVERIFY(m_workspace->verdictLabel()->text().contains(u"does not verify with key k1"_s));

    // The panel asks to light up characters (an untrusted header key, a diagnostic): the token view does.
    const Span signature = m_workspace->analysis().token()->segment(SegmentRole::Signature).span;
    emit panel->highlightRequested(signature);
    QCOMPARE(m_workspace->tokenView()->linkedSpan(), signature);
    const Span header = m_workspace->analysis().token()->segment(SegmentRole::Header).span;
    emit panel->highlightRequested({header.start + 4, 6});
    QVERIFY(m_workspace->headerView()->selectedEntry() >= 0);
}

void TestInspectWorkspace::charactersStuckToTheTokenAreAFindingAndMalformed()
{
    // A real HS256 token: it verifies with its secret when pasted cleanly.
    const QByteArray secret = "a-shared-secret-of-32-bytes-long";
    const QByteArray signingInput = Base64Url::encode(R"({"alg":"HS256"})") + '.'
        + Base64Url::encode(R"({"sub":"alice","iat":1795000000,"exp":1795003600})");
    const QByteArray token = signingInput + '.'
        + Base64Url::encode(QMessageAuthenticationCode::hash(signingInput, secret, QCryptographicHash::Sha256));
    VerifyPanel *panel = m_workspace->verifyPanel();
    panel->setKeySourceKind(VerifyPanel::KeySourceKind::Secret);
    panel->setSecret(QString::fromLatin1(secret), VerifyPanel::SecretEncoding::Text);
    m_workspace->setInputText(QString::fromLatin1(token));
    QVERIFY(panel->result() && panel->result()->isValid());

    // A '?' stuck to its end: decoded and shown with a finding, but the signature panel refuses it, as verify does.
    m_workspace->setInputText(QString::fromLatin1(token) + u"?"_s);
    QVERIFY(m_workspace->analysis().token());
    const Findings &findings = m_workspace->analysis().findings;
    QVERIFY(std::any_of(findings.cbegin(), findings.cend(),
                        [](const Finding &finding) { return finding.id == u"dropped_characters"; }));
    // The Findings pane lists it, naming what was left out.
    QStringList listed;
    for (int row = 0; row < m_workspace->findingsModel()->rowCount(); ++row) {
        const QModelIndex index = m_workspace->findingsModel()->index(row);
        if (index.data(FindingsModel::IdRole).toString() == u"dropped_characters")
            listed << index.data().toString();
    }
    QCOMPARE(listed.size(), 1);
    QVERIFY2(listed.first().contains(u"?"_s), qPrintable(listed.first()));
    QVERIFY(panel->result());
    QCOMPARE(panel->result()->reason, VerificationReason::Malformed);
    QVERIFY2(m_workspace->verdictLabel()->text().contains(u"malformed"_s),
             qPrintable(m_workspace->verdictLabel()->text()));

    // Cleanly pasted again: valid again.
    m_workspace->setInputText(QString::fromLatin1(token));
    QVERIFY(panel->result()->isValid());
}

QTEST_MAIN(TestInspectWorkspace)
#include "tst_inspectworkspace.moc"
