// SecureBytes: value semantics (copy, move, clear) and the constant-time comparison.

#include "crypto/SecureBytes.h"

#include <QTest>

using namespace tokenscope;

class TestSecureBytes : public QObject
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

    // Output buffers for OpenSSL: zero-filled at the size asked, then cut to what was written.
    void growsToSizeAndTruncates()
    {
        SecureBytes buffer = SecureBytes::withSize(8);
        QCOMPARE(buffer.size(), 8);
        QVERIFY(buffer.equals(QByteArray(8, '\0')));
        for (int index = 0; index < 8; ++index)
            buffer.mutableData()[index] = static_cast<unsigned char>('a' + index);
        buffer.truncate(3);
        QCOMPARE(buffer.view(), QByteArrayView("abc"));
        buffer.truncate(10); // never grows
        buffer.truncate(-1);
        QCOMPARE(buffer.size(), 3);
        buffer.truncate(0);
        QVERIFY(buffer.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSecureBytes)
#include "tst_securebytes.moc"
