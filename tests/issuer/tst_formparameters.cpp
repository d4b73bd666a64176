// OAuth form parameters (RFC 6749 §3.1, Appendix B): strict decoding, repeated and empty parameters.
#include "issuer/FormParameters.h"

#include <QTest>

using namespace tokenscope::issuer;

class TestFormParameters : public QObject
{
    Q_OBJECT

private slots:
    void parses_data()
    {
        QTest::addColumn<QByteArray>("encoded");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("name"); // a parameter to look at
        QTest::addColumn<QString>("value"); // its value ("" when absent)
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("repeated"); // repeatedName

        QTest::newRow("two parameters") << QByteArray("a=1&b=2") << true << "b"
                                        << "2" << 2 << "";
        QTest::newRow("percent escapes") << QByteArray("a=%41%2b") << true << "a"
                                         << "A+" << 1 << "";
        QTest::newRow("plus is a space") << QByteArray("a+b=c+d") << true << "a b"
                                         << "c d" << 1 << "";
        QTest::newRow("UTF-8") << QByteArray("n=%C3%A9") << true << "n" << QString::fromUtf8("é") << 1 << "";
        QTest::newRow("empty value is omitted") << QByteArray("a=&b=2") << true << "a"
                                                << "" << 1 << "";
        QTest::newRow("no equals sign is omitted") << QByteArray("a&b=2") << true << "a"
                                                   << "" << 1 << "";
        QTest::newRow("stray ampersands") << QByteArray("&&a=1&&") << true << "a"
                                          << "1" << 1 << "";
        QTest::newRow("empty body") << QByteArray() << true << "a"
                                    << "" << 0 << "";
        QTest::newRow("repeated") << QByteArray("a=1&a=2") << false << "a"
                                  << "" << 0 << "a";
        QTest::newRow("repeated after an empty one") << QByteArray("a=&a=2") << true << "a"
                                                     << "2" << 1 << "";
        QTest::newRow("bad escape") << QByteArray("a=%zz") << false << "a"
                                    << "" << 0 << "";
        QTest::newRow("truncated escape") << QByteArray("a=%4") << false << "a"
                                          << "" << 0 << "";
        QTest::newRow("escape at the end") << QByteArray("a=%") << false << "a"
                                           << "" << 0 << "";
        QTest::newRow("invalid UTF-8") << QByteArray("a=%FF") << false << "a"
                                       << "" << 0 << "";
        QTest::newRow("overlong UTF-8") << QByteArray("a=%C0%AF") << false << "a"
                                        << "" << 0 << "";
        QTest::newRow("no name") << QByteArray("=x") << false << "a"
                                 << "" << 0 << "";
    }

    void parses()
    {
        QFETCH(QByteArray, encoded);
        QFETCH(QString, name);
        const FormParameters form = FormParameters::parse(encoded);
        QTEST(bool(form), "ok");
        QTEST(form.repeatedName, "repeated");
        if (!form) {
            QVERIFY(!form.error.isEmpty());
            return;
        }
        QTEST(form.value(name), "value");
        QTEST(int(form.values.size()), "count");
    }
};

QTEST_GUILESS_MAIN(TestFormParameters)
#include "tst_formparameters.moc"
