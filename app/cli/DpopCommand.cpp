#include "BundleOutput.h"
#include "CliSupport.h"
#include "Commands.h"
#include "binding/BundleChecks.h"
#include "report/BindingReport.h"
#include "report/TokenReport.h"

#include <QCoreApplication>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

std::optional<qint64> seconds(const QCommandLineParser &parser, const QCommandLineOption &option, const QString &name)
{
    bool ok = false;
    const qint64 value = parser.value(option).toLongLong(&ok);
    if (!ok || value < 0 || value > 366LL * 86400) {
        printError(CliText::tr("--%1 expects whole seconds from 0 to one year").arg(name));
        return std::nullopt;
    }
    return value;
}

} // namespace

int runDpop(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("TEXT"),
        CliText::tr("A DPoP proof, a proof beside its access token, an HTTP request or a curl command "
                    "with 'Authorization: DPoP …' and 'DPoP: …' headers; '-' or nothing reads standard "
                    "input."),
        QStringLiteral("[TEXT|-]"));
    const QCommandLineOption methodOption(QStringLiteral("method"),
                                          CliText::tr("The request's HTTP method (htm); default: from the text."),
                                          QStringLiteral("METHOD"));
    const QCommandLineOption urlOption(
        QStringLiteral("url"), CliText::tr("The request's URL (htu); default: from the text."), QStringLiteral("URL"));
    const QCommandLineOption nonceOption(QStringLiteral("nonce"),
                                         CliText::tr("The DPoP-Nonce the server gave; the proof's must match."),
                                         QStringLiteral("NONCE"));
    const QCommandLineOption accessTokenOption(
        QStringLiteral("access-token"),
        CliText::tr("The access token sent with the proof (ath, cnf.jkt); '-' reads standard input."),
        QStringLiteral("TOKEN"));
    const QCommandLineOption windowOption(QStringLiteral("iat-window"),
                                          CliText::tr("How old a proof may be (default 300)."),
                                          QStringLiteral("SECONDS"), QStringLiteral("300"));
    const QCommandLineOption leewayOption(QStringLiteral("leeway"),
                                          CliText::tr("How far in the future iat may lie (default 60)."),
                                          QStringLiteral("SECONDS"), QStringLiteral("60"));
    const QCommandLineOption nowOption(QStringLiteral("now"), CliText::tr("Judge iat at UNIX_SECONDS instead of now."),
                                       QStringLiteral("UNIX_SECONDS"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), CliText::tr("Print one JSON object."));
    parser.addOptions(
        {methodOption, urlOption, nonceOption, accessTokenOption, windowOption, leewayOption, nowOption, jsonOption});
    if (const int code = finishParsing(
            parser, arguments,
            CliText::tr(
                "Check a DPoP proof (RFC 9449) and its binding to an access token, one line per check: dpop_typ "
                "(typ dpop+jwt), dpop_alg (asymmetric), dpop_jwk (a public key only), dpop_signature (by that key), "
                "dpop_htm, dpop_htu (compared after RFC 3986 normalisation, query and fragment ignored), dpop_nonce, "
                "dpop_iat (within the window), dpop_jti, dpop_ath (base64url SHA-256 of the access token) and "
                "dpop_jkt (the access token's cnf.jkt is the RFC 7638 thumbprint of the proof's key). Method, URL and "
                "access token are read from an HTTP request or curl command; the options override them.\n"
                "Exit codes: 0 every check passed or was not checked, 1 no proof found or a check failed (--json: the "
                "first failed check's reason, e.g. dpop_htu_mismatch), 2 usage or input error."));
        code >= 0)
        return code;

    const Result<qint64> now = parseNow(parser);
    if (!now) {
        printError(now.error().message());
        return UsageError;
    }
    const std::optional<qint64> window = seconds(parser, windowOption, QStringLiteral("iat-window"));
    const std::optional<qint64> leeway = seconds(parser, leewayOption, QStringLiteral("leeway"));
    if (!window || !leeway)
        return UsageError;
    const ReadResult input = readTokenArgument(parser.positionalArguments());
    if (!input) {
        printError(input.error);
        return UsageError;
    }
    BundleOptions options;
    const FixedClock clock(*now);
    options.dpop.clock = &clock;
    options.dpop.method = parser.value(methodOption);
    options.dpop.url = parser.value(urlOption);
    options.dpop.nonce = parser.value(nonceOption);
    options.dpop.iatWindowSeconds = *window;
    options.dpop.iatLeewaySeconds = *leeway;
    if (parser.isSet(accessTokenOption)) {
        const ReadResult accessToken = readValueOrStandardInput(parser.value(accessTokenOption));
        if (!accessToken) {
            printError(accessToken.error);
            return UsageError;
        }
        options.dpop.accessToken = accessToken.bytes.trimmed();
    }

    TokenBundle bundle = TokenBundleReader::read(QString::fromUtf8(input.bytes));
    const bool json = parser.isSet(jsonOption);
    if (!bundle.dpopProof) {
        // A lone token without typ dpop+jwt is still checked as the proof: the verdict then says why it is not one.
        const bool lone = bundle.source == TokenBundle::Source::Tokens
            && bundle.accessToken.has_value() != bundle.idToken.has_value();
        if (lone) {
            bundle.dpopProof = bundle.accessToken ? bundle.accessToken : bundle.idToken;
            bundle.accessToken.reset();
            bundle.idToken.reset();
        } else {
            const QString message = CliText::tr("no DPoP proof found in the input");
            if (json)
                printOut(Json::write(TokenReport::decodeErrorReport({DecodeErrorCode::Empty, -1, -1, message})) + '\n');
            printError(message);
            return TokenFailure;
        }
    }
    const BundleReport report = BundleChecks::check(bundle, options);
    const BundleToken *proof = report.token(u"dpop_proof");
    const QString reason = BindingReport::firstReason(report.checks);
    const Findings findings = Binding::findings(report.checks);
    if (json) {
        JsonValue output = JsonValue::makeObject();
        output.append(QStringLiteral("valid"), JsonValue::makeBool(report.isValid()));
        output.append(QStringLiteral("reason"), JsonValue::makeString(reason));
        output.append(QStringLiteral("method"),
                      JsonValue::makeString(options.dpop.method.isEmpty() ? bundle.method : options.dpop.method));
        output.append(QStringLiteral("url"),
                      JsonValue::makeString(options.dpop.url.isEmpty() ? bundle.url : options.dpop.url));
        output.append(QStringLiteral("thumbprint"),
                      report.dpop && !report.dpop->thumbprint.isEmpty() ? JsonValue::makeString(report.dpop->thumbprint)
                                                                        : JsonValue {});
        output.append(QStringLiteral("checks"), BindingReport::checksArray(report.checks));
        output.append(QStringLiteral("header"), proof && proof->decoded ? proof->decoded->header : JsonValue {});
        output.append(QStringLiteral("payload"),
                      proof && proof->decoded && proof->decoded->payload ? *proof->decoded->payload : JsonValue {});
        output.append(QStringLiteral("findings"), TokenReport::findingsArray(findings));
        printOut(Json::write(output) + '\n');
        return report.isValid() ? Success : TokenFailure;
    }
    QString text
        = report.isValid() ? CliText::tr("valid DPoP proof\n") : CliText::tr("invalid DPoP proof (%1)\n").arg(reason);
    if (report.dpop && !report.dpop->thumbprint.isEmpty())
        text += CliText::tr("  key thumbprint (jkt) %1\n").arg(report.dpop->thumbprint);
    text += u'\n' + CliText::tr("Checks") + u'\n' + describeChecks(report.checks);
    if (!findings.isEmpty())
        text += u'\n' + CliText::tr("Findings") + u'\n' + describeFindings(findings);
    printOut(text);
    return report.isValid() ? Success : TokenFailure;
}

} // namespace tokenscope::cli
