// Over 700 lines: one behaviour per test function, all on the same widget and its fixtures; splitting would copy
// the token builders and the workspace set-up into every part.
// The Inspect workspace as a user sees it: paste tokens and check the panes, the highlighted runs, the picker,
// decode errors in place, linked selection both ways, the ticking countdown at a fixed clock, time travel and
// leeway, findings that light up their span, the claims table, and that settings never hold the token.

#include "common/Clock.h"
#include "common/MessageBanner.h"
#include "common/Settings.h"
#include "common/Theme.h"
#include "inspect/ClaimsTableModel.h"
#include "inspect/FindingsModel.h"
#include "inspect/FoundTokensPanel.h"
#include "inspect/InspectWorkspace.h"
#include "inspect/JsonView.h"
#include "inspect/ScanResultsModel.h"
#include "inspect/TokenDiffDialog.h"
#include "inspect/TokenDiffModel.h"
#include "inspect/TokenInput.h"
#include "inspect/TokenShareActions.h"
#include "inspect/TokenView.h"
#include "inspect/ValidityBar.h"
#include "jose/Base64Url.h"
#include "support/ConformanceVectors.h"
#include "verify/DecryptionBox.h"
#include "verify/VerifyPanel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDateTimeEdit>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageAuthenticationCode>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace tokenscope;

namespace {

constexpr qint64 issuedAt = 1795000000;
constexpr qint64 expiresAt = issuedAt + 3600;

QByteArray makeToken(const QByteArray &header, const QByteArray &payload, const QByteArray &signature = "c2lnbmF0dXJl")
{
    return Base64Url::encode(header) + '.' + Base64Url::encode(payload) + '.' + signature;
}

// Kept as written: moc 6.4 finds no class in this file when a line starts with a plus and a raw string literal.
// clang-format off
QByteArray sampleToken(const QByteArray &sub = "alice")
{
    return makeToken(R"({"alg":"ES256","kid":"k1","typ":"JWT"})",
                     R"({"iss":"https://issuer.test","sub":")" + sub + R"(","iat":1795000000,"exp":1795003600,)"
                     R"("amount":12345678901234567890123,"roles":["a","b"]})");
}
// clang-format on

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

// Writes `bytes` to `name` in `dir`; the path.
QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return file.fileName();
}

QByteArray readTestData(const QString &name)
{
    QFile file(QStringLiteral(TOKENSCOPE_TEST_DATA_DIR "/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
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
    void findingsListShowsWhatAttackersTry();
    void claimsTableListsTopLevelClaims();
    void settingsNeverHoldTheToken();
    void largeInputIsAnalysedInTheBackground();
    void openFileReadsTheToken();
    void droppingAFileInspectsIt();
    void showsTheSignaturePanelsVerdict();
    void charactersStuckToTheTokenAreAFindingAndMalformed();
    void openingAHarListsItsTokensAndARowInspectsIt();
    void openingALogListsEachTokenOnceWithItsStatusNow();
    void aMalformedHarNamesTheJsonPath();
    void escapeCancelsTheScanOfALargeFile();
    void compareWithShowsMovesLifetimesAndKeyDifferences();
    void exportsARedactedReportInEachFormat_data();
    void exportsARedactedReportInEachFormat();
    void copyAsMarkdownPutsTheRedactedReportOnTheClipboard();
    void screenshots();

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
    QVERIFY(m_workspace->messageBanner()->isHidden());
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
    const QString message = m_workspace->messageBanner()->text();
    QVERIFY(!m_workspace->messageBanner()->isHidden());
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
    const QString kidTip
        = m_workspace->headerView()->toolTipFor(m_workspace->headerView()->json().topLevelEntry(u"kid"));
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

void TestInspectWorkspace::findingsListShowsWhatAttackersTry()
{
    const auto macToken = [](const QByteArray &secret) {
        const QByteArray input
            = Base64Url::encode(R"({"alg":"HS256"})") + '.' + Base64Url::encode(R"({"sub":"admin"})");
        return input + '.'
            + Base64Url::encode(QMessageAuthenticationCode::hash(input, secret, QCryptographicHash::Sha256));
    };
    const auto rowOf = [this](const QString &id) {
        FindingsModel *model = m_workspace->findingsModel();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->data(model->index(row), FindingsModel::IdRole).toString() == id)
                return row;
        }
        return -1;
    };

    // MACed with jwt.io's sample secret: the built-in weak-secret list finds it, and the tooltip explains it from
    // the catalogue.
    m_workspace->setInputText(QString::fromLatin1(macToken("your-256-bit-secret")));
    const int guessed = rowOf(u"hmac_secret_guessed"_s);
    QVERIFY(guessed >= 0);
    const QModelIndex index = m_workspace->findingsModel()->index(guessed);
    QVERIFY(index.data(Qt::ToolTipRole).toString().contains(u"weak-secret list"_s));
    QVERIFY(index.data(Qt::DisplayRole).toString().contains(u"Tokenscope defaults"_s));

    // Forged with the RSA public key's PEM text, checked against that key: the verdict refuses it and the findings
    // name the key confusion.
    QFile pemFile(QStringLiteral(TOKENSCOPE_TEST_DATA_DIR "/keys/rsa2048-public.pem"));
    QVERIFY(pemFile.open(QIODevice::ReadOnly));
    const QByteArray pem = pemFile.readAll();
    m_workspace->setInputText(QString::fromLatin1(macToken(pem)));
    VerifyPanel *panel = m_workspace->verifyPanel();
    panel->setKeySourceKind(VerifyPanel::KeySourceKind::Pem);
    panel->setKeyText(QString::fromLatin1(pem));
    QVERIFY(panel->result());
    QCOMPARE(reasonName(panel->result()->reason), u"key_mismatch"_s);
    QVERIFY(rowOf(u"hmac_key_confusion"_s) >= 0);
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
    QVERIFY(m_workspace->messageBanner()->text().contains(u"missing.jwt"_s));
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

void TestInspectWorkspace::openingAHarListsItsTokensAndARowInspectsIt()
{
    // The HAR-shaped capture the CLI's scan tests use, with the tokens it must find.
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"capture.har"_s, readTestData(u"scan/capture.har"_s));
    QVERIFY(!path.isEmpty());
    const QJsonArray expected
        = QJsonDocument::fromJson(readTestData(u"scan/capture.expected.json"_s)).object().value(u"tokens").toArray();
    QVERIFY(!expected.isEmpty());

    m_workspace->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_workspace.get()));
    FoundTokensPanel *panel = m_workspace->foundTokensPanel();
    QSignalSpy finished(panel, &FoundTokensPanel::scanFinished);
    QVERIFY(m_workspace->openFile(path));
    QVERIFY(finished.wait(20000));
    QVERIFY(panel->isVisible());

    // One row per distinct token, in the order first seen, with how often each was seen.
    ScanResultsModel *model = panel->model();
    QCOMPARE(model->rowCount(), expected.size());
    for (int row = 0; row < expected.size(); ++row) {
        const QJsonObject want = expected[row].toObject();
        const QByteArray token = model->index(row, 0).data(ScanResultsModel::TokenTextRole).toByteArray();
        QCOMPARE(u"sha256:"_s
                     + QString::fromLatin1(QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex()),
                 want.value(u"fingerprint").toString());
        QCOMPARE(model->index(row, ScanResultsModel::CountColumn).data().toString(),
                 QString::number(want.value(u"count").toInt()));
        QVERIFY(!model->index(row, ScanResultsModel::SeenColumn).data().toString().isEmpty());
        QCOMPARE(model->index(row, ScanResultsModel::SeenColumn)
                     .data(Qt::ToolTipRole)
                     .toString()
                     .contains(want.value(u"path").toString()),
                 true);
    }
    QVERIFY2(panel->summaryLabel()->text().contains(u"%1 distinct tokens"_s.arg(expected.size())),
             qPrintable(panel->summaryLabel()->text()));

    // The first token is inspected when the scan ends; a click on another row inspects that one.
    const QByteArray first = model->index(0, 0).data(ScanResultsModel::TokenTextRole).toByteArray();
    QCOMPARE(m_workspace->inputText(), QString::fromLatin1(first));
    QTableView *table = panel->tableView();
    const QRect rowRect = table->visualRect(panel->filterModel()->index(3, ScanResultsModel::IssuerColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::NoModifier, rowRect.center());
    const QByteArray fourth = model->index(3, 0).data(ScanResultsModel::TokenTextRole).toByteArray();
    QCOMPARE(m_workspace->inputText(), QString::fromLatin1(fourth));
    QVERIFY(m_workspace->analysis().token());

    // The filter narrows the list by any column (typed, as a user would).
    const QString issuer = model->index(3, ScanResultsModel::IssuerColumn).data().toString();
    panel->filterEdit()->clear();
    QTest::keyClicks(panel->filterEdit(), u"no-such-issuer-anywhere"_s);
    QCOMPARE(panel->filterModel()->rowCount(), 0);
    panel->filterEdit()->clear();
    QTest::keyClicks(panel->filterEdit(), issuer);
    QVERIFY(panel->filterModel()->rowCount() >= 1);
    for (int row = 0; row < panel->filterModel()->rowCount(); ++row) {
        const QModelIndex index = panel->filterModel()->index(row, 0);
        bool matches = false;
        for (int column = 0; column < ScanResultsModel::ColumnCount; ++column)
            matches |= index.siblingAtColumn(column).data().toString().contains(issuer, Qt::CaseInsensitive);
        QVERIFY(matches);
    }
    QVERIFY(panel->summaryLabel()->text().contains(u"shown"_s));
}

void TestInspectWorkspace::openingALogListsEachTokenOnceWithItsStatusNow()
{
    // Two tokens, one of them logged twice: one expires 10 minutes from now, the other expired an hour ago.
    const QByteArray live
        = makeToken(R"({"alg":"ES256","kid":"k1"})", R"({"iss":"https://live.test","sub":"alice","exp":1795001200})");
    const QByteArray dead
        = makeToken(R"({"alg":"RS256"})", R"({"iss":"https://old.test","sub":"bob","exp":1794996400})");
    QByteArray log;
    log += "2026-11-18T12:00:00Z GET /items Authorization: Bearer " + live + "\n";
    log += "2026-11-18T12:00:01Z session=" + dead + "\n";
    log += "2026-11-18T12:00:02Z GET /items Authorization: Bearer " + live + "\n";
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"app.log"_s, log);
    FoundTokensPanel *panel = m_workspace->foundTokensPanel();
    QSignalSpy finished(panel, &FoundTokensPanel::scanFinished);
    QVERIFY(m_workspace->openFile(path));
    QVERIFY(finished.wait(20000));

    ScanResultsModel *model = panel->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(0, ScanResultsModel::IssuerColumn).data().toString(), u"https://live.test"_s);
    QCOMPARE(model->index(0, ScanResultsModel::CountColumn).data().toString(), u"2"_s);
    QCOMPARE(model->index(0, ScanResultsModel::SeenColumn).data().toString(),
             u"app.log line 1 · Authorization header"_s);
    QCOMPARE(model->index(1, ScanResultsModel::SeenColumn).data().toString(), u"app.log line 2 · session"_s);
    QCOMPARE(model->index(0, ScanResultsModel::StatusColumn).data().toString(), u"still valid"_s);
    QCOMPARE(model->index(1, ScanResultsModel::StatusColumn).data().toString(), u"expired"_s);
    QVERIFY2(panel->summaryLabel()->text().contains(u"still valid now: 1"_s),
             qPrintable(panel->summaryLabel()->text()));

    // Time travel past the first token's expiry re-judges the list too.
    m_workspace->setNowOverride(1795001200 + 60);
    QCOMPARE(model->index(0, ScanResultsModel::StatusColumn).data().toString(), u"expired"_s);
    m_workspace->setNowOverride(std::nullopt);
    QCOMPARE(model->index(0, ScanResultsModel::StatusColumn).data().toString(), u"still valid"_s);

    // A small file with one token is still a paste: no list.
    QVERIFY(m_workspace->openFile(writeFile(dir, u"one.jwt"_s, live)));
    QVERIFY(!panel->isVisibleTo(m_workspace.get()));
    QCOMPARE(m_workspace->inputText(), QString::fromLatin1(live));
}

void TestInspectWorkspace::aMalformedHarNamesTheJsonPath()
{
    const QByteArray har
        = R"({"log":{"version":"1.2","entries":[{"startedDateTime":"2026-11-18T12:00:00Z",)"
          R"("request":{"method":"GET","url":"https://api.test/","headers":[{"name":"Authorization"}]},)"
          R"("response":{"status":200,"headers":[]}}]}})";
    QTemporaryDir dir;
    FoundTokensPanel *panel = m_workspace->foundTokensPanel();
    QSignalSpy finished(panel, &FoundTokensPanel::scanFinished);
    QVERIFY(m_workspace->openFile(writeFile(dir, u"broken.har"_s, har)));
    QVERIFY(finished.wait(20000));
    const QString message = m_workspace->messageBanner()->text();
    QVERIFY2(message.contains(u"log.entries[0].request.headers[0]"_s), qPrintable(message));
    QVERIFY(m_workspace->messageBanner()->kind() == MessageKind::Error);
    QVERIFY(panel->summaryLabel()->text().startsWith(u"Stopped:"_s));
}

void TestInspectWorkspace::escapeCancelsTheScanOfALargeFile()
{
    // 64 MiB of log lines with a token at the very end: far more than one 4 MiB chunk.
    QByteArray log;
    const QByteArray line = "2026-11-18T12:00:00Z INFO request served in 12 ms by worker 7 of the pool\n";
    log.reserve(64 * 1024 * 1024 + 1024);
    while (log.size() < 64 * 1024 * 1024)
        log += line;
    log += "Authorization: Bearer " + sampleToken() + "\n";
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"huge.log"_s, log);
    log.clear();
    log.squeeze();

    m_workspace->show();
    m_workspace->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_workspace.get()));
    FoundTokensPanel *panel = m_workspace->foundTokensPanel();
    QSignalSpy finished(panel, &FoundTokensPanel::scanFinished);
    QSignalSpy busy(m_workspace.get(), &InspectWorkspace::busyChanged);
    QVERIFY(m_workspace->openFile(path));
    QVERIFY(panel->isScanning());
    QVERIFY(panel->progressBar()->isVisible());
    QVERIFY(panel->cancelButton()->isVisible());
    QCOMPARE(busy.count(), 1);
    QTest::keyClick(m_workspace.get(), Qt::Key_Escape);
    QVERIFY(finished.wait(20000));
    QVERIFY(!panel->isScanning());
    QVERIFY(!panel->progressBar()->isVisible());
    QVERIFY2(panel->summaryLabel()->text().startsWith(u"Cancelled after"_s), qPrintable(panel->summaryLabel()->text()));
    QCOMPARE(panel->model()->rowCount(), 0); // the token at the end was never reached
    QCOMPARE(busy.count(), 2);
}

void TestInspectWorkspace::compareWithShowsMovesLifetimesAndKeyDifferences()
{
    m_workspace->setInputText(QString::fromLatin1(sampleToken()));
    m_workspace->show();
    m_workspace->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_workspace.get()));
    // Ctrl+D opens "Compare with…" with the inspected token as A.
    QTest::keyClick(m_workspace.get(), Qt::Key_D, Qt::ControlModifier);
    auto *dialog = m_workspace->findChild<TokenDiffDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->firstEdit()->toPlainText(), QString::fromLatin1(sampleToken()));
    QAbstractItemModelTester tester(dialog->diffModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    // B after a refresh: exp 15 minutes later, another key, a claim added and one removed, a number changed.
    const QByteArray refreshed = makeToken(R"({"alg":"ES256","kid":"k2","typ":"JWT"})",
                                           R"({"iss":"https://issuer.test","sub":"alice","iat":1795000000,)"
                                           R"("exp":1795004500,"amount":12345678901234567890124,"scope":"read"})",
                                           "b3RoZXI");
    QTest::keyClicks(dialog->secondEdit(), u"Authorization: Bearer "_s + QString::fromLatin1(refreshed));
    TokenDiffModel *model = dialog->diffModel();
    QVERIFY(model->hasDiff());
    const auto cell = [model](const QString &part, const QString &name, int column) {
        const int row = model->rowOf(part, name);
        return row < 0 ? u"(no row)"_s : model->index(row, column).data().toString();
    };
    QCOMPARE(cell(u"Claims"_s, u"exp"_s, TokenDiffModel::ChangeColumn), u"exp +15m"_s);
    QCOMPARE(cell(u"Claims"_s, u"exp"_s, TokenDiffModel::FirstColumn), u"1795003600"_s);
    QCOMPARE(cell(u"Claims"_s, u"amount"_s, TokenDiffModel::SecondColumn), u"12345678901234567890124"_s);
    QCOMPARE(cell(u"Claims"_s, u"scope"_s, TokenDiffModel::ChangeColumn), u"added"_s);
    QCOMPARE(cell(u"Claims"_s, u"roles"_s, TokenDiffModel::ChangeColumn), u"removed"_s);
    QCOMPARE(model->rowOf(u"Claims"_s, u"sub"_s), -1); // the same: not listed
    QCOMPARE(cell(u"Header"_s, u"kid"_s, TokenDiffModel::ChangeColumn), u"changed"_s);
    QCOMPARE(cell(u"Signature"_s, u"kid"_s, TokenDiffModel::ChangeColumn), u"differs"_s);
    QCOMPARE(cell(u"Signature"_s, u"alg"_s, TokenDiffModel::ChangeColumn), u"same"_s);
    const QString lifetime = u"lifetime (iat to exp)"_s;
    QCOMPARE(cell(u"Signature"_s, lifetime, TokenDiffModel::FirstColumn), u"1h"_s);
    QCOMPARE(cell(u"Signature"_s, lifetime, TokenDiffModel::SecondColumn), u"1h 15m"_s);
    QCOMPARE(cell(u"Signature"_s, lifetime, TokenDiffModel::ChangeColumn), u"+15m"_s);
    QCOMPARE(cell(u"Signature"_s, u"signature"_s, TokenDiffModel::ChangeColumn), u"differs"_s);
    QVERIFY2(dialog->statusLabel()->text().contains(u"signatures differ"_s), qPrintable(dialog->statusLabel()->text()));

    // The same token as B: identical. Garbage as B: said, no rows.
    dialog->setSecondText(QString::fromLatin1(sampleToken()));
    QCOMPARE(dialog->statusLabel()->text(), u"The tokens are identical."_s);
    dialog->setSecondText(u"no token here"_s);
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(dialog->statusLabel()->text().contains(u"no token"_s));

    // A follows the inspected token.
    m_workspace->setInputText(QString::fromLatin1(refreshed));
    QCOMPARE(dialog->firstEdit()->toPlainText(), QString::fromLatin1(refreshed));
    dialog->close();
}

void TestInspectWorkspace::exportsARedactedReportInEachFormat_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("starts");
    QTest::newRow("markdown") << u"report.md"_s << QByteArray("# Token report");
    QTest::newRow("json") << u"report.json"_s << QByteArray("{");
    QTest::newRow("html") << u"report.html"_s << QByteArray("<!DOCTYPE html>");
    QTest::newRow("no suffix: markdown") << u"report"_s << QByteArray("# Token report");
}

void TestInspectWorkspace::exportsARedactedReportInEachFormat()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, starts);
    const QByteArray token = sampleToken("alice@example.com");
    m_workspace->setInputText(QString::fromLatin1(token));
    QTemporaryDir dir;
    const QString path = dir.filePath(fileName);
    QVERIFY(m_workspace->shareActions()->exportReport(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray report = file.readAll();
    QVERIFY2(report.startsWith(starts), report.left(80).constData());
    // Shareable: no signature, no token segment, the subject masked; the rest readable, numbers as written.
    QVERIFY(!report.contains("c2lnbmF0dXJl"));
    QVERIFY(!report.contains(token.left(token.indexOf('.'))));
    QVERIFY(!report.contains("alice@example.com"));
    QVERIFY(report.contains("[masked]"));
    QVERIFY(report.contains("https://issuer.test"));
    QVERIFY(report.contains("12345678901234567890123"));
    QVERIFY(report.contains("cannot be verified"));
    QVERIFY(m_workspace->messageBanner()->text().contains(QFileInfo(path).fileName()));

    // Without a token there is nothing to export.
    m_workspace->setInputText(QString());
    QVERIFY(!m_workspace->shareActions()->exportReport(dir.filePath(u"empty.md"_s)));
    QVERIFY(!QFile::exists(dir.filePath(u"empty.md"_s)));
}

void TestInspectWorkspace::copyAsMarkdownPutsTheRedactedReportOnTheClipboard()
{
    m_workspace->setInputText(QString::fromLatin1(sampleToken("bob")));
    m_workspace->show();
    m_workspace->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_workspace.get()));
    QGuiApplication::clipboard()->clear();
    QTest::keyClick(m_workspace.get(), Qt::Key_M, Qt::ControlModifier | Qt::AltModifier);
    const QString copied = QGuiApplication::clipboard()->text();
    QVERIFY2(copied.startsWith(u"# Token report"_s), qPrintable(copied.left(80)));
    QCOMPARE(copied, m_workspace->shareActions()->redactedMarkdown());
    QVERIFY(!copied.contains(u"\"bob\""_s));
    QVERIFY(copied.contains(u"[masked]"_s));
}

// With TOKENSCOPE_SCREENSHOTS=<folder>: the found-tokens list, the comparison and the decryption box, light and dark,
// to look at alignment (found-*.png, compare-*.png, decrypt-*.png).
void TestInspectWorkspace::screenshots()
{
    const QString folder = qEnvironmentVariable("TOKENSCOPE_SCREENSHOTS");
    if (folder.isEmpty())
        QSKIP("set TOKENSCOPE_SCREENSHOTS=<folder> to render the found tokens, the comparison and the decryption box");
    QTemporaryDir dir;
    const QString har = writeFile(dir, u"capture.har"_s, readTestData(u"scan/capture.har"_s));
    const QJsonObject nesting = test::readVectorObject(u"jwe/rfc7520/6.nesting_signatures_and_encryption.json"_s);
    const QJsonObject encrypt = nesting.value(u"encrypt").toObject();
    const auto json = [](const QJsonValue &value) {
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    };
    for (const bool dark : {false, true}) {
        const QString theme = dark ? u"dark"_s : u"light"_s;
        QApplication::setPalette(dark ? Theme::darkPalette() : Theme::lightPalette());
        InspectWorkspace workspace(m_settings.get(), m_clock.get(), &m_network);
        workspace.resize(1400, 900);
        workspace.show();
        QVERIFY(QTest::qWaitForWindowExposed(&workspace));
        QSignalSpy finished(workspace.foundTokensPanel(), &FoundTokensPanel::scanFinished);
        QVERIFY(workspace.openFile(har));
        QVERIFY(finished.wait(20000));
        QVERIFY(workspace.grab().save(folder + u"/found-"_s + theme + u".png"_s));

        workspace.setInputText(QString::fromLatin1(sampleToken()));
        TokenDiffDialog *dialog = workspace.shareActions()->openCompareDialog();
        dialog->setSecondText(QString::fromLatin1(
            makeToken(R"({"alg":"ES256","kid":"k2","typ":"JWT"})",
                      R"({"iss":"https://issuer.test","sub":"alice","iat":1795000000,"exp":1795004500,)"
                      R"("amount":12345678901234567890124,"scope":"read"})",
                      "b3RoZXI")));
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QVERIFY(dialog->grab().save(folder + u"/compare-"_s + theme + u".png"_s));
        dialog->close();

        if (encrypt.isEmpty())
            continue;
        workspace.foundTokensPanel()->closeList();
        workspace.setInputText(encrypt.value(u"output").toObject().value(u"compact").toString());
        DecryptionBox *box = workspace.verifyPanel()->decryptionBox();
        box->setKeyKind(DecryptionBox::KeyKind::PrivateJwk);
        box->setKeyText(json(encrypt.value(u"input").toObject().value(u"key")));
        QTest::qWait(50);
        QVERIFY(workspace.grab().save(folder + u"/decrypt-"_s + theme + u".png"_s));
    }
    QApplication::setPalette(Theme::lightPalette());
}

QTEST_MAIN(TestInspectWorkspace)
#include "tst_inspectworkspace.moc"
