// libjwt (1.10, Debian's libjwt-dev) as an independent implementation for the benchmark: jwt_decode() verifies the
// signature with the given key (PEM public key, or the HMAC secret) and parses header and claims; it does not check
// exp. Supports HS256, RS256 and ES256 (libjwt 1.10 has no PS256 or EdDSA). Single thread, whole passes until
// --min-time.
//
// Usage: tokenscope_bench_libjwt --alg ALG (--key PEM_FILE | --secret-file FILE) [--min-time SECONDS] TOKENS_FILE
// Prints: verified N in S s (R tokens/s)

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <jwt.h>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void die(const std::string &message)
{
    std::fprintf(stderr, "tokenscope_bench_libjwt: %s\n", message.c_str());
    std::exit(2);
}

std::string readFile(const std::string &path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        die("cannot read " + path);
    return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

} // namespace

int main(int argc, char **argv)
{
    std::string algorithmName;
    std::string key;
    double minSeconds = 1.0;
    std::string tokensFile;
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                die(std::string(argument) + " needs a value");
            return argv[++i];
        };
        if (argument == "--alg")
            algorithmName = value();
        else if (argument == "--key" || argument == "--secret-file")
            key = readFile(value());
        else if (argument == "--min-time")
            minSeconds = std::atof(value().c_str());
        else if (!argument.empty() && argument[0] != '-' && tokensFile.empty())
            tokensFile = argument;
        else
            die("unknown argument " + std::string(argument));
    }
    const jwt_alg_t expected = jwt_str_alg(algorithmName.c_str());
    if (expected == JWT_ALG_INVAL || expected == JWT_ALG_NONE)
        die("this libjwt does not support --alg " + algorithmName);
    if (key.empty() || tokensFile.empty())
        die("usage: tokenscope_bench_libjwt --alg ALG (--key PEM | --secret-file FILE) [--min-time S] TOKENS_FILE");

    std::vector<std::string> tokens;
    const std::string text = readFile(tokensFile);
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        if (end > start)
            tokens.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    if (tokens.empty())
        die(tokensFile + " holds no tokens");

    const auto *keyBytes = reinterpret_cast<const unsigned char *>(key.data());
    const int keyLength = static_cast<int>(key.size());
    // One verification: the signature, and the header's alg against the one expected (no alg confusion).
    const auto verify = [&](const std::string &token) {
        jwt_t *decoded = nullptr;
        const int error = jwt_decode(&decoded, token.c_str(), keyBytes, keyLength);
        const bool ok = error == 0 && decoded != nullptr && jwt_get_alg(decoded) == expected;
        jwt_free(decoded);
        return ok;
    };
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (!verify(tokens[i]))
            die("token " + std::to_string(i + 1) + " does not verify");
    }

    using Clock = std::chrono::steady_clock;
    const auto begin = Clock::now();
    unsigned long long verified = 0;
    unsigned long long failures = 0;
    double seconds = 0;
    do {
        for (const std::string &token : tokens)
            failures += verify(token) ? 0 : 1;
        verified += tokens.size();
        seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    } while (seconds < minSeconds);
    if (failures != 0)
        die(std::to_string(failures) + " verifications failed during the run");
    std::printf("verified %llu in %.3f s (%.0f tokens/s)\n", verified, seconds,
                static_cast<double>(verified) / seconds);
    return 0;
}
