#include "BundleOutput.h"

#include "CliSupport.h"
#include "Commands.h"
#include "binding/TokenBundle.h"
#include "report/BindingReport.h"
#include "report/TokenReport.h"
#include "verify/Findings.h"
#include "verify/TokenVerifier.h"

#include <QCoreApplication>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

QString sourceTitle(const TokenBundle &bundle)
{
    switch (bundle.source) {
    case TokenBundle::Source::TokenResponse:
        return bundle.tokenType.isEmpty() ? CliText::tr("Token response")
                                          : CliText::tr("Token response (token_type %1)").arg(bundle.tokenType);
    case TokenBundle::Source::RedirectUrl:
        return CliText::tr("Authorization response (redirect URL)");
    case TokenBundle::Source::HttpRequest:
        return CliText::tr("HTTP request: %1 %2").arg(bundle.method, bundle.url);
    case TokenBundle::Source::Tokens:
        break;
    }
    return CliText::tr("Tokens");
}

// {kind, source, valid, reason, token_type, method, url, dpop_thumbprint, tokens, checks, findings}
JsonValue bundleJson(const BundleReport &report, bool valid, const QString &reason, JsonValue tokens)
{
    const auto optionalString = [](const QString &text) {
        return text.isEmpty() ? JsonValue {} : JsonValue::makeString(text);
    };
    const TokenBundle &bundle = report.bundle;
    JsonValue json = JsonValue::makeObject();
    json.append(QStringLiteral("kind"), JsonValue::makeString(QStringLiteral("bundle")));
    json.append(QStringLiteral("source"), JsonValue::makeString(TokenBundleReader::sourceName(bundle.source)));
    json.append(QStringLiteral("valid"), JsonValue::makeBool(valid));
    json.append(QStringLiteral("reason"), JsonValue::makeString(reason));
    json.append(QStringLiteral("token_type"), optionalString(bundle.tokenType));
    json.append(QStringLiteral("method"), optionalString(bundle.method));
    json.append(QStringLiteral("url"), optionalString(bundle.url));
    json.append(QStringLiteral("dpop_thumbprint"), optionalString(report.dpop ? report.dpop->thumbprint : QString()));
    json.append(QStringLiteral("tokens"), std::move(tokens));
    json.append(QStringLiteral("checks"), BindingReport::checksArray(report.checks));
    json.append(QStringLiteral("findings"), TokenReport::findingsArray(Binding::findings(report.checks)));
    return json;
}

// The check lines, then the findings of the failed ones.
QString checksText(const BundleReport &report)
{
    QString text = u'\n' + CliText::tr("Checks") + u'\n' + describeChecks(report.checks);
    if (const Findings findings = Binding::findings(report.checks); !findings.isEmpty())
        text += u'\n' + CliText::tr("Binding findings") + u'\n' + describeFindings(findings);
    return text;
}

} // namespace

CompanionOptions::CompanionOptions()
    : accessToken(QStringLiteral("access-token"),
                  CliText::tr("The access token that came with the ID token (at_hash)."), QStringLiteral("TOKEN")),
      code(QStringLiteral("code"), CliText::tr("The authorization code that came with the ID token (c_hash)."),
           QStringLiteral("CODE")),
      state(QStringLiteral("state"), CliText::tr("The state that came with the ID token (s_hash)."),
            QStringLiteral("STATE")),
      nonce(QStringLiteral("nonce"), CliText::tr("The nonce the client sent; the ID token's must match."),
            QStringLiteral("NONCE"))
{ }

void CompanionOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({accessToken, code, state, nonce});
}

bool CompanionOptions::anySet(const QCommandLineParser &parser) const
{
    return parser.isSet(accessToken) || parser.isSet(code) || parser.isSet(state) || parser.isSet(nonce);
}

std::optional<BundleReport> readBundle(const QCommandLineParser &parser, const CompanionOptions &options,
                                       const QByteArray &input, const Clock &clock)
{
    TokenBundle bundle = TokenBundleReader::read(QString::fromUtf8(input));
    const bool companions = options.anySet(parser);
    if (companions) {
        // Two pastes: the text is the ID token, the options carry what came with it.
        if (!bundle.idToken && bundle.accessToken) {
            bundle.idToken = bundle.accessToken;
            bundle.accessToken.reset();
        }
        if (parser.isSet(options.accessToken))
            bundle.accessToken = parser.value(options.accessToken).toUtf8();
        if (parser.isSet(options.code))
            bundle.code = parser.value(options.code).toUtf8();
        if (parser.isSet(options.state))
            bundle.state = parser.value(options.state).toUtf8();
    }
    if (!companions && (bundle.source == TokenBundle::Source::Tokens || !bundle.isCompound()))
        return std::nullopt;
    BundleOptions bundleOptions;
    bundleOptions.dpop.clock = &clock;
    bundleOptions.oidcNonce = parser.value(options.nonce);
    return BundleChecks::check(bundle, bundleOptions);
}

QString describeChecks(const BindingChecks &checks)
{
    qsizetype width = 0;
    for (const BindingCheck &check : checks)
        width = qMax(width, check.check.size());
    QString text;
    for (const BindingCheck &check : checks) {
        text += QStringLiteral("  %1  %2  %3\n")
                    .arg(Binding::outcomeName(check.outcome).leftJustified(11), check.check.leftJustified(width),
                         check.message);
    }
    return text;
}

int printBundleDecode(const BundleReport &report, qint64 nowSeconds, bool json)
{
    if (json) {
        JsonValue tokens = JsonValue::makeArray();
        for (const BundleToken &token : report.tokens) {
            JsonValue item = BindingReport::tokenSummary(token);
            item.append(QStringLiteral("report"),
                        token.decoded ? TokenReport::decodeReport(
                            *token.decoded, FindingsCatalogue::analyzeToken(*token.decoded, nowSeconds), nowSeconds)
                                      : JsonValue {});
            tokens.elements.push_back(std::move(item));
        }
        printOut(Json::write(
                     bundleJson(report, report.isValid(), BindingReport::firstReason(report.checks), std::move(tokens)))
                 + '\n');
        return Success;
    }
    QString text = sourceTitle(report.bundle) + u'\n';
    for (const BundleToken &token : report.tokens) {
        text += QStringLiteral("\n== %1 ==\n").arg(token.role);
        if (token.decoded)
            text += describeToken(*token.decoded, FindingsCatalogue::analyzeToken(*token.decoded, nowSeconds),
                                  nowSeconds);
        else
            text += CliText::tr("opaque, %1 characters (not a JWT: only its issuer can read it)\n")
                        .arg(token.value.size());
    }
    printOut(text + checksText(report));
    return Success;
}

int printBundleVerify(const BundleReport &report, const KeySet &keys, const VerificationPolicy &policy,
                      qint64 nowSeconds, bool json)
{
    bool valid = report.isValid();
    QString reason;
    JsonValue tokens = JsonValue::makeArray();
    QString text = sourceTitle(report.bundle) + u'\n';
    for (const BundleToken &token : report.tokens) {
        JsonValue item = BindingReport::tokenSummary(token);
        // The proof is checked with its own jwk (the checks below); a refresh token is for its issuer alone.
        const bool verified = token.decoded && (token.role == u"access_token" || token.role == u"id_token");
        if (!verified) {
            item.append(QStringLiteral("verification"), JsonValue {});
            tokens.elements.push_back(std::move(item));
            text += CliText::tr("  %1: %2\n")
                        .arg(token.role,
                             token.decoded ? CliText::tr("not verified with the key source") : CliText::tr("opaque"));
            continue;
        }
        VerificationPolicy tokenPolicy = policy;
        // OIDC Core §3.1.3.7 step 3: the ID token's audience is the client; the access token's is the resource
        // server's to check (RFC 9068 §4).
        if (token.role == u"access_token")
            tokenPolicy.expectedAudience.clear();
        // An explicit type (--require-typ at+jwt) names the access token's; an ID token has its own (usually JWT).
        if (token.role == u"id_token")
            tokenPolicy.requiredType.clear();
        const VerificationResult result = TokenVerifier::verify(*token.decoded, keys, tokenPolicy);
        Findings findings = FindingsCatalogue::analyzeToken(*token.decoded, nowSeconds);
        findings += result.findings;
        if (!result.isValid() && valid) {
            valid = false;
            reason = reasonName(result.reason);
        }
        item.append(QStringLiteral("verification"), TokenReport::verificationReport(&*token.decoded, result, findings));
        tokens.elements.push_back(std::move(item));
        text += result.isValid()
            ? CliText::tr("  %1: valid: %2\n").arg(token.role, result.message)
            : CliText::tr("  %1: invalid (%2): %3\n").arg(token.role, reasonName(result.reason), result.message);
    }
    if (reason.isEmpty())
        reason = BindingReport::firstReason(report.checks);
    if (json)
        printOut(Json::write(bundleJson(report, valid, reason, std::move(tokens))) + '\n');
    else
        printOut((valid ? CliText::tr("valid\n") : CliText::tr("invalid (%1)\n").arg(reason)) + text
                 + checksText(report));
    return valid ? Success : TokenFailure;
}

} // namespace tokenscope::cli
