// MessageBanner: the workspaces' message line. Each kind shows its own icon and says its kind to assistive
// technology; the banner is hidden while empty, its text wraps and can be selected, and its tint follows the
// palette (light and dark) without the owner showing the message again.

#include "common/MessageBanner.h"
#include "common/Theme.h"

#include <QAccessible>
#include <QApplication>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QTest>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using namespace tokenscope;

Q_DECLARE_METATYPE(tokenscope::MessageKind)

namespace {

// The colour the banner paints a few pixels in from its leading edge, past the bar (its background tint).
QColor tintOf(MessageBanner &banner)
{
    const QImage image = banner.grab().toImage();
    return image.pixelColor(image.width() / 2, 2);
}

} // namespace

class TestMessageBanner : public QObject
{
    Q_OBJECT

private slots:
    void init() { QApplication::setPalette(Theme::lightPalette()); }

    void isHiddenUntilThereIsSomethingToSay()
    {
        QWidget window;
        auto *layout = new QVBoxLayout(&window);
        auto *banner = new MessageBanner(&window);
        layout->addWidget(banner);
        window.show();
        QVERIFY(banner->isHidden());
        QCOMPARE(banner->text(), QString());

        banner->showMessage(u"Cannot open token.jwt: no such file"_s, MessageKind::Error);
        QVERIFY(banner->isVisible());
        QCOMPARE(banner->text(), u"Cannot open token.jwt: no such file"_s);
        QCOMPARE(banner->textLabel()->text(), u"Cannot open token.jwt: no such file"_s);

        banner->showMessage(QString(), MessageKind::Error); // an empty message is no message
        QVERIFY(banner->isHidden());
        QCOMPARE(banner->text(), QString());

        banner->showMessage(u"Saved a redacted report."_s, MessageKind::Info);
        QVERIFY(banner->isVisible());
        banner->clearMessage();
        QVERIFY(banner->isHidden());
        QCOMPARE(banner->text(), QString());
    }

    void eachKindHasItsNameAndIcon_data()
    {
        QTest::addColumn<MessageKind>("kind");
        QTest::addColumn<QString>("name");
        QTest::newRow("info") << MessageKind::Info << u"Information"_s;
        QTest::newRow("warning") << MessageKind::Warning << u"Warning"_s;
        QTest::newRow("error") << MessageKind::Error << u"Error"_s;
    }

    void eachKindHasItsNameAndIcon()
    {
        QFETCH(MessageKind, kind);
        QFETCH(QString, name);
        MessageBanner banner;
        banner.setAccessibleName(u"Message"_s);
        banner.showMessage(u"Something happened"_s, kind);
        QCOMPARE(banner.kind(), kind);
        QCOMPARE(MessageBanner::kindName(kind), name);
        // The owner's name stays the banner's name; the kind is its description and the icon's name.
        QCOMPARE(banner.accessibleName(), u"Message"_s);
        QCOMPARE(banner.accessibleDescription(), name);
        QCOMPARE(banner.iconLabel()->accessibleName(), name);
        QVERIFY(!banner.iconLabel()->pixmap().isNull());
        QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(&banner);
        QVERIFY(accessible);
        QCOMPARE(accessible->text(QAccessible::Description), name);
    }

    void kindsLookDifferent()
    {
        MessageBanner banner;
        banner.resize(400, 40);
        QList<QImage> icons;
        QList<QColor> tints;
        for (const MessageKind kind : {MessageKind::Info, MessageKind::Warning, MessageKind::Error}) {
            banner.showMessage(u"Something happened"_s, kind);
            icons << banner.iconLabel()->pixmap().toImage();
            tints << tintOf(banner);
        }
        QVERIFY(icons[0] != icons[1] && icons[1] != icons[2] && icons[0] != icons[2]);
        QVERIFY(tints[0] != tints[1] && tints[1] != tints[2] && tints[0] != tints[2]);
    }

    void textWrapsAndCanBeSelected()
    {
        MessageBanner banner;
        QVERIFY(banner.textLabel()->wordWrap());
        QVERIFY(banner.textLabel()->textInteractionFlags().testFlag(Qt::TextSelectableByMouse));
        // Plain text unless the owner says otherwise: a claim or a path with '<' shows as typed.
        QCOMPARE(banner.textLabel()->textFormat(), Qt::PlainText);
        banner.showMessage(u"<b>not bold</b>"_s, MessageKind::Info);
        QCOMPARE(banner.text(), u"<b>not bold</b>"_s);
    }

    void tintFollowsThePalette()
    {
        MessageBanner banner;
        banner.resize(400, 40);
        banner.showMessage(u"Cannot decode this token"_s, MessageKind::Error);
        const QColor light = tintOf(banner);
        QVERIFY2(light.lightness() > 128, qPrintable(light.name()));

        // The application switching theme reaches the banner as a palette change; it re-tints itself.
        QApplication::setPalette(Theme::darkPalette());
        QTRY_COMPARE(banner.palette().color(QPalette::Window), Theme::darkPalette().color(QPalette::Window));
        const QColor dark = tintOf(banner);
        QVERIFY2(dark.lightness() < 128, qPrintable(dark.name()));
        QCOMPARE(banner.text(), u"Cannot decode this token"_s);
        QCOMPARE(banner.kind(), MessageKind::Error);
        // Text stays in the palette's own colour, readable on the tint in both themes.
        QCOMPARE(banner.textLabel()->palette().color(QPalette::WindowText),
                 Theme::darkPalette().color(QPalette::WindowText));
    }

    // With TOKENSCOPE_SCREENSHOTS=<folder>: the three kinds stacked, light and dark (messagebanner-light.png, …).
    void screenshots()
    {
        const QString folder = qEnvironmentVariable("TOKENSCOPE_SCREENSHOTS");
        if (folder.isEmpty())
            QSKIP("set TOKENSCOPE_SCREENSHOTS=<folder> to render messagebanner-light.png and messagebanner-dark.png");
        for (const bool dark : {false, true}) {
            QApplication::setPalette(dark ? Theme::darkPalette() : Theme::lightPalette());
            QWidget window;
            window.setAutoFillBackground(true);
            auto *layout = new QVBoxLayout(&window);
            const QList<std::pair<MessageKind, QString>> messages {
                {MessageKind::Info, u"This token has 1,048,576 characters; the first 65,536 are shown."_s},
                {MessageKind::Warning,
                 u"No token found. Tokenscope looks for three (JWS) or five (JWE) base64url "
                 "parts separated by dots, e.g. eyJhbGciOi…"_s},
                {MessageKind::Error, u"Cannot open capture.har: the file does not exist"_s},
            };
            for (const auto &[kind, text] : messages) {
                auto *banner = new MessageBanner(&window);
                banner->showMessage(text, kind);
                layout->addWidget(banner);
            }
            window.resize(640, window.sizeHint().height());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            const QString name = dark ? u"messagebanner-dark.png"_s : u"messagebanner-light.png"_s;
            QVERIFY(window.grab().save(QDir(folder).filePath(name)));
        }
    }
};

QTEST_MAIN(TestMessageBanner)
#include "tst_messagebanner.moc"
