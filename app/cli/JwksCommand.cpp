#include "CliSupport.h"
#include "Commands.h"
#include "jose/Json.h"

#include <QCoreApplication>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

} // namespace

int runJwks(const QStringList &arguments)
{
    QCommandLineParser parser;
    addKeySourceOptions(parser, KeySources::LocalAndNetwork);
    const QCommandLineOption jsonOption(QStringLiteral("json"), CliText::tr("Print the public JWK Set as JSON."));
    parser.addOption(jsonOption);
    if (const int code = finishParsing(
            parser, arguments, CliText::tr("Load or fetch keys and show them (kid, type, algorithm, thumbprint)."));
        code >= 0)
        return code;
    const KeyLoadResult keys = loadKeys(parser, PrivateKey::Optional);
    if (!keys) {
        printError(keys.error);
        return keys.exitCode;
    }
    if (parser.isSet(jsonOption)) {
        JsonValue array = JsonValue::makeArray();
        for (const Key &key : keys.keys) {
            if (key.type() == Key::Type::Oct)
                continue; // secrets are never printed
            const JsonParseResult jwk = Json::parse(key.toJwk(Key::Export::PublicOnly));
            if (jwk)
                array.elements.push_back(*jwk.value);
        }
        JsonValue set = JsonValue::makeObject();
        set.append(QStringLiteral("keys"), std::move(array));
        printOut(Json::write(set) + '\n');
        return Success;
    }
    QString text;
    for (const Key &key : keys.keys) {
        text += CliText::tr("%1 %2%3  kid %4  alg %5  use %6  thumbprint %7\n")
                    .arg(key.kty(),
                         key.curve().isEmpty() ? QString::number(key.bits()) + CliText::tr(" bits") : key.curve(),
                         key.hasPrivate() ? CliText::tr(" (private)") : QString(),
                         key.kid().isEmpty() ? QStringLiteral("-") : key.kid(),
                         key.jwkAlgorithm().isEmpty() ? QStringLiteral("-") : key.jwkAlgorithm(),
                         key.use().isEmpty() ? QStringLiteral("-") : key.use(), key.thumbprint());
    }
    for (const QString &skipped : keys.skipped)
        text += CliText::tr("skipped: %1\n").arg(skipped);
    printOut(text);
    return Success;
}

} // namespace tokenscope::cli
