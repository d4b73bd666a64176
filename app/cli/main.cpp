// tokenscope-cli: Tokenscope's command-line face. It links only tokenscope_core, so the core stays free of widgets.
#include "CliSupport.h"
#include "Commands.h"
#include "IssuerCommand.h"
#include "LabCommand.h"
#include "ProbeCommand.h"
#include "SimulateCommand.h"

#include <QCoreApplication>

#include <openssl/opensslv.h>

#include <functional>

using namespace tokenscope::cli;

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

QString usage()
{
    return CliText::tr(
        "Usage: tokenscope-cli COMMAND [options]\n"
        "\n"
        "Commands:\n"
        "  decode   Show a token's header, payload, times and findings (SD-JWT: disclosures too)\n"
        "  verify   Verify a token's signature and claims against a key, JWK Set, JWKS URL or issuer\n"
        "           (SD-JWT: disclosures and key binding too)\n"
        "  decrypt  Decrypt an encrypted token (JWE) and show its content or the token nested in it\n"
        "  sign     Make a signed token from a payload\n"
        "  keygen   Generate a signing key\n"
        "  jwks     Load or fetch keys and show them\n"
        "  bench    Measure verification speed over a file of tokens\n"
        "  scan     Find, count and judge every token in logs, captures and HAR files\n"
        "  diff     Compare two tokens: claims, time moves, lifetimes, keys\n"
        "  dpop     Check a DPoP proof (RFC 9449) and its binding to an access token\n"
        "  simulate Run a token-lifecycle simulation headless and print its metrics\n"
        "  issuer   Serve the mock issuer on loopback ('issuer serve'), switch its faults ('issuer faults')\n"
        "  lab      Serve the live lab: resource servers, Redis, a load balancer ('lab serve')\n"
        "  probe    Probe an OIDC issuer's refresh-token, reuse and revocation behaviour\n"
        "\n"
        "Run 'tokenscope-cli COMMAND --help' for a command's options.\n"
        "Exit codes: 0 success or valid, 1 the token does not decode or verify,\n"
        "            2 usage or input error, 3 network error while fetching keys.\n");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tokenscope-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TOKENSCOPE_VERSION));

    const QStringList arguments = QCoreApplication::arguments();
    const QString command = arguments.value(1);
    if (command.isEmpty() || command == u"--help" || command == u"-h" || command == u"help") {
        printOut(usage());
        return command.isEmpty() ? UsageError : Success;
    }
    if (command == u"--version" || command == u"-v") {
        printOut(QStringLiteral("tokenscope-cli %1 (Qt %2, %3)\n")
                     .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()),
                          QString::fromLatin1(OPENSSL_VERSION_TEXT)));
        return Success;
    }
    const std::pair<const char16_t *, std::function<int(const QStringList &)>> commands[] = {
        {u"decode", runDecode}, {u"verify", runVerify}, {u"sign", runSign},         {u"keygen", runKeygen},
        {u"jwks", runJwks},     {u"bench", runBench},   {u"simulate", runSimulate}, {u"issuer", runIssuer},
        {u"lab", runLab},       {u"probe", runProbe},   {u"decrypt", runDecrypt},   {u"scan", runScan},
        {u"diff", runDiff},     {u"dpop", runDpop},
    };
    for (const auto &[name, run] : commands) {
        if (command == QStringView(name))
            return finishCommand(arguments, run(arguments));
    }
    printError(CliText::tr("unknown command \"%1\"; run 'tokenscope-cli --help'").arg(command));
    return UsageError;
}
