// SecureBytes: value semantics (copy, move, clear) and the constant-time comparison.

#include "crypto/SecureBytes.h"

#include <QTest>

using namespace tokenscope;

class SecureBytesTest : public QObject
{
    Q_OBJECT

private slots:
    void comparesBySizeAndContent_data()
    {
        QTest::addColumn<QByteArray>("stored");
        QTest::addColumn<QByteArray>("other");
        QTest::addColumn<bool>("equal");
        QTest::newRow("same") << QByteArray("secret") << QByteArray("secret") << true;
        QTest::newRow("last byte differs") << QByteArray("secret") << QByteArray("secreT") << false;
        QTest::newRow("prefix") << QByteArray("secret") << QByteArray("secre") << false;
        QTest::newRow("both empty") << QByteArray() << QByteArray() << true;
        QTest::newRow("embedded zero") << QByteArray("a\0b", 3) << QByteArray("a\0c", 3) << false;
    }
    void comparesBySizeAndContent()
    {
        QFETCH(QByteArray, stored);
        QFETCH(QByteArray, other);
        QFETCH(bool, equal);
        QCOMPARE(SecureBytes(stored).equals(other), equal);
    }

    void keepsValueSemantics()
    {
        SecureBytes original(QByteArrayView("0123456789"));
        SecureBytes copy = original;
        QVERIFY(copy.equals("0123456789"));
        SecureBytes moved = std::move(copy);
        QVERIFY(moved.equals("0123456789"));
        QVERIFY(copy.isEmpty()); // NOLINT(bugprone-use-after-move): moved-from is documented empty
        moved = SecureBytes(QByteArrayView("x"));
        QCOMPARE(moved.size(), 1);
        QCOMPARE(moved.view(), QByteArrayView("x"));
        original.clear();
        QVERIFY(original.isEmpty());
        QCOMPARE(original.size(), 0);
    }
};

QTEST_GUILESS_MAIN(SecureBytesTest)
#include "tst_securebytes.moc"
