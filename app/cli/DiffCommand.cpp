#include "CliSupport.h"
#include "Commands.h"
#include "common/TimeFormat.h"
#include "diff/TokenDiff.h"

#include <QCoreApplication>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

QString changesText(const QString &title, const std::vector<MemberChange> &changes)
{
    QString text = title + u'\n';
    if (changes.empty())
        text += CliText::tr("  same\n");
    for (const MemberChange &change : changes) {
        switch (change.kind) {
        case MemberChange::Kind::Added:
            text += QStringLiteral("  + %1: %2\n").arg(change.name, QString::fromUtf8(change.after));
            break;
        case MemberChange::Kind::Removed:
            text += QStringLiteral("  - %1: %2\n").arg(change.name, QString::fromUtf8(change.before));
            break;
        case MemberChange::Kind::Changed:
            text += QStringLiteral("  ~ %1: %2 → %3")
                        .arg(change.name, QString::fromUtf8(change.before), QString::fromUtf8(change.after));
            if (change.moveSeconds)
                text += QStringLiteral(" (%1)").arg(TokenDiffer::move(change));
            text += u'\n';
            break;
        }
    }
    return text;
}

QString pairText(const QString &name, const QString &first, const QString &second)
{
    const auto shown = [](const QString &value) {
        return value.isEmpty() ? QStringLiteral("-") : value;
    };
    return first == second ? CliText::tr("%1 %2 (same)").arg(name, shown(first))
                           : CliText::tr("%1 %2 → %3").arg(name, shown(first), shown(second));
}

QString lifetimeText(const SideFacts &facts)
{
    return facts.lifetimeSeconds ? TimeFormat::duration(*facts.lifetimeSeconds) : CliText::tr("unknown");
}

} // namespace

int runDiff(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("A"),
                                 CliText::tr("The first token, or text holding it; '-' reads standard input."));
    parser.addPositionalArgument(QStringLiteral("B"),
                                 CliText::tr("The second token, or text holding it; '-' reads standard input."));
    const QCommandLineOption jsonOption(QStringLiteral("json"), CliText::tr("Print one JSON object."));
    parser.addOption(jsonOption);
    if (const int code
        = finishParsing(parser, arguments,
                        CliText::tr("Compare two tokens: header and claims added, removed and changed, time "
                                    "claims as moves, lifetimes, and signature and key differences."));
        code >= 0)
        return code;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2) {
        printError(CliText::tr("expected two tokens, A and B, got %1").arg(positional.size()));
        return UsageError;
    }
    std::optional<DecodedToken> tokens[2];
    for (int index = 0; index < 2; ++index) {
        const ReadResult input = readValueOrStandardInput(positional[index]);
        if (!input) {
            printError(input.error);
            return UsageError;
        }
        const PickedToken picked = pickToken(input.bytes, 0);
        const DecodeResult decoded = picked.token.isEmpty() ? DecodeResult {} : CompactToken::decode(picked.token);
        if (!decoded) {
            printError(CliText::tr("%1: %2").arg(index == 0 ? QStringLiteral("A") : QStringLiteral("B"),
                                                 picked.token.isEmpty() ? picked.error : decoded.error.message));
            return TokenFailure;
        }
        tokens[index] = *decoded.token;
    }
    const TokenDiff diff = TokenDiffer::compare(*tokens[0], *tokens[1]);
    if (parser.isSet(jsonOption)) {
        printOut(Json::write(TokenDiffer::toJson(diff)) + '\n');
        return Success;
    }
    QString text = diff.identical() ? CliText::tr("The tokens are identical.\n\n") : QString();
    text += changesText(CliText::tr("Header"), diff.header);
    text += changesText(CliText::tr("Payload"), diff.payload);
    text += CliText::tr("Lifetime (iat to exp): %1 → %2\n").arg(lifetimeText(diff.first), lifetimeText(diff.second));
    text += CliText::tr("Signature: %1; %2; %3; %4\n")
                .arg(pairText(QStringLiteral("alg"), diff.first.alg, diff.second.alg),
                     pairText(QStringLiteral("kid"), diff.first.kid, diff.second.kid),
                     pairText(QStringLiteral("iss"), diff.first.iss, diff.second.iss),
                     diff.sameSignature ? CliText::tr("same signature") : CliText::tr("signatures differ"));
    printOut(text);
    return Success;
}

} // namespace tokenscope::cli
