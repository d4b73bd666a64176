// The "floor" of JWS verification: the least work any verifier must do per token, to measure Tokenscope against.
// Per token it finds the dots, base64url-decodes the signature with a table, and runs one OpenSSL verification over
// the signing input (RFC 7515 §5.2 steps 7-8 without the JSON): EVP_DigestVerifyInit_ex + EVP_DigestVerify for
// RS256, PS256, ES256 (R||S converted to DER, RFC 7518 §3.4) and EdDSA (RFC 8037 §3.1), EVP_MAC_init + update +
// final + constant-time compare for HS256. No header or claims parsing, no alg or exp checks.
//
// Usage: tokenscope_bench_floor --alg ALG (--key PEM_FILE | --secret-file FILE | --secret-b64 TEXT)
//                               [--threads N] [--min-time SECONDS] TOKENS_FILE
// Prints: verified N in S s (R tokens/s)

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

enum class Algorithm { RS256, PS256, ES256, EdDSA, HS256 };

struct PkeyFree
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
struct MdContextFree
{
    void operator()(EVP_MD_CTX *context) const { EVP_MD_CTX_free(context); }
};
struct MacFree
{
    void operator()(EVP_MAC *mac) const { EVP_MAC_free(mac); }
};
struct MacContextFree
{
    void operator()(EVP_MAC_CTX *context) const { EVP_MAC_CTX_free(context); }
};
struct BioFree
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};
using PkeyPointer = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdContextPointer = std::unique_ptr<EVP_MD_CTX, MdContextFree>;
using MacPointer = std::unique_ptr<EVP_MAC, MacFree>;
using MacContextPointer = std::unique_ptr<EVP_MAC_CTX, MacContextFree>;
using BioPointer = std::unique_ptr<BIO, BioFree>;

[[noreturn]] void die(const std::string &message)
{
    std::fprintf(stderr, "tokenscope_bench_floor: %s\n", message.c_str());
    ERR_print_errors_fp(stderr);
    std::exit(2);
}

std::optional<Algorithm> algorithmFromName(std::string_view name)
{
    if (name == "RS256")
        return Algorithm::RS256;
    if (name == "PS256")
        return Algorithm::PS256;
    if (name == "ES256")
        return Algorithm::ES256;
    if (name == "EdDSA")
        return Algorithm::EdDSA;
    if (name == "HS256")
        return Algorithm::HS256;
    return std::nullopt;
}

std::string readFile(const std::string &path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        die("cannot read " + path);
    return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// RFC 4648 §5 alphabet; 0xff marks a byte outside it.
constexpr std::array<std::uint8_t, 256> makeDecodeTable()
{
    std::array<std::uint8_t, 256> table {};
    for (auto &entry : table)
        entry = 0xff;
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (std::size_t i = 0; i < alphabet.size(); ++i)
        table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::uint8_t>(i);
    return table;
}
constexpr std::array<std::uint8_t, 256> decodeTable = makeDecodeTable();

// Decodes unpadded base64url into `out` (sized by the caller); returns the byte count, or -1 on a bad character.
long decodeBase64Url(std::string_view text, std::uint8_t *out)
{
    std::uint32_t accumulator = 0;
    int bits = 0;
    long written = 0;
    for (const char character : text) {
        const std::uint8_t value = decodeTable[static_cast<unsigned char>(character)];
        if (value == 0xff)
            return -1;
        accumulator = (accumulator << 6) | value;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[written++] = static_cast<std::uint8_t>(accumulator >> bits);
        }
    }
    return written;
}

// ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3) from JWS's fixed-width R||S.
std::size_t appendInteger(const std::uint8_t *value, std::size_t length, std::uint8_t *out)
{
    while (length > 1 && value[0] == 0) {
        ++value;
        --length;
    }
    const bool pad = (value[0] & 0x80) != 0;
    std::size_t written = 0;
    out[written++] = 0x02;
    out[written++] = static_cast<std::uint8_t>(length + (pad ? 1 : 0));
    if (pad)
        out[written++] = 0;
    std::memcpy(out + written, value, length);
    return written + length;
}

std::size_t rawToDer(const std::uint8_t *raw, std::size_t half, std::uint8_t *out)
{
    std::uint8_t body[2 * (2 + 1 + 66)];
    std::size_t length = appendInteger(raw, half, body);
    length += appendInteger(raw + half, half, body + length);
    out[0] = 0x30;
    out[1] = static_cast<std::uint8_t>(length); // < 128 for P-256
    std::memcpy(out + 2, body, length);
    return length + 2;
}

struct Verifier
{
    Algorithm algorithm;
    EVP_PKEY *key = nullptr; // shared, read-only
    const std::string *secret = nullptr;
    EVP_MAC *mac = nullptr;

    MdContextPointer mdContext {EVP_MD_CTX_new()};
    MacContextPointer macContext;
    std::array<std::uint8_t, 1024> signature {};
    std::array<std::uint8_t, 160> der {};

    Verifier(Algorithm chosen, EVP_PKEY *publicKey, const std::string *hmacSecret, EVP_MAC *hmac)
        : algorithm(chosen), key(publicKey), secret(hmacSecret), mac(hmac)
    {
        if (algorithm == Algorithm::HS256) {
            macContext.reset(EVP_MAC_CTX_new(mac));
            // The digest is set once; EVP_MAC_init with the key runs per token (the practical minimum).
            char digest[] = "SHA256";
            const OSSL_PARAM parameters[]
                = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
            if (!macContext || !EVP_MAC_CTX_set_params(macContext.get(), parameters))
                die("cannot set up HMAC-SHA256");
        }
    }

    bool verify(std::string_view token)
    {
        const std::size_t lastDot = token.rfind('.');
        if (lastDot == std::string_view::npos || token.find('.') == lastDot)
            return false;
        const std::string_view signingInput = token.substr(0, lastDot);
        const std::string_view encodedSignature = token.substr(lastDot + 1);
        if (encodedSignature.size() * 3 / 4 > signature.size())
            return false;
        const long signatureLength = decodeBase64Url(encodedSignature, signature.data());
        if (signatureLength < 0)
            return false;
        const auto *input = reinterpret_cast<const unsigned char *>(signingInput.data());

        if (algorithm == Algorithm::HS256) {
            unsigned char computed[EVP_MAX_MD_SIZE];
            std::size_t computedLength = 0;
            if (!EVP_MAC_init(macContext.get(), reinterpret_cast<const unsigned char *>(secret->data()), secret->size(),
                              nullptr)
                || !EVP_MAC_update(macContext.get(), input, signingInput.size())
                || !EVP_MAC_final(macContext.get(), computed, &computedLength, sizeof computed))
                return false;
            return static_cast<std::size_t>(signatureLength) == computedLength
                && CRYPTO_memcmp(computed, signature.data(), computedLength) == 0;
        }

        const unsigned char *toVerify = signature.data();
        std::size_t toVerifyLength = static_cast<std::size_t>(signatureLength);
        if (algorithm == Algorithm::ES256) {
            if (signatureLength != 64)
                return false;
            toVerifyLength = rawToDer(signature.data(), 32, der.data());
            toVerify = der.data();
        }
        EVP_MD_CTX *context = mdContext.get();
        EVP_MD_CTX_reset(context);
        EVP_PKEY_CTX *keyContext = nullptr;
        const char *digest = algorithm == Algorithm::EdDSA ? nullptr : "SHA256";
        if (EVP_DigestVerifyInit_ex(context, &keyContext, digest, nullptr, nullptr, key, nullptr) != 1)
            return false;
        if (algorithm == Algorithm::PS256) {
            // RFC 7518 §3.5: MGF1 with SHA-256 and a salt as long as the hash.
            if (EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) != 1
                || EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, RSA_PSS_SALTLEN_DIGEST) != 1)
                return false;
        }
        return EVP_DigestVerify(context, toVerify, toVerifyLength, input, signingInput.size()) == 1;
    }
};

} // namespace

int main(int argc, char **argv)
{
    std::optional<Algorithm> algorithm;
    std::string keyFile;
    std::string secret;
    bool haveSecret = false;
    int threads = 1;
    double minSeconds = 1.0;
    std::string tokensFile;
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                die(std::string(argument) + " needs a value");
            return argv[++i];
        };
        if (argument == "--alg") {
            algorithm = algorithmFromName(value());
            if (!algorithm)
                die("--alg expects RS256, PS256, ES256, EdDSA or HS256");
        } else if (argument == "--key") {
            keyFile = value();
        } else if (argument == "--secret-file") {
            secret = readFile(value());
            haveSecret = true;
        } else if (argument == "--secret-b64") {
            const std::string text = value();
            secret.resize(text.size());
            const long length = decodeBase64Url(text, reinterpret_cast<std::uint8_t *>(secret.data()));
            if (length <= 0)
                die("--secret-b64: not base64url");
            secret.resize(static_cast<std::size_t>(length));
            haveSecret = true;
        } else if (argument == "--threads") {
            threads = std::atoi(value().c_str());
        } else if (argument == "--min-time") {
            minSeconds = std::atof(value().c_str());
        } else if (!argument.empty() && argument[0] != '-' && tokensFile.empty()) {
            tokensFile = argument;
        } else {
            die("unknown argument " + std::string(argument));
        }
    }
    if (!algorithm || tokensFile.empty() || threads < 1 || threads > 256)
        die("usage: tokenscope_bench_floor --alg ALG (--key PEM | --secret-file FILE | --secret-b64 TEXT) "
            "[--threads N] [--min-time SECONDS] TOKENS_FILE");

    // Untimed: the key and the tokens.
    PkeyPointer key;
    MacPointer mac;
    if (*algorithm == Algorithm::HS256) {
        if (!haveSecret)
            die("HS256 needs --secret-file or --secret-b64");
        mac.reset(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
        if (!mac)
            die("no HMAC in this OpenSSL");
    } else {
        if (keyFile.empty())
            die("--key PEM_FILE is required for this algorithm");
        const std::string pem = readFile(keyFile);
        BioPointer bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
        key.reset(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
        if (!key) {
            BioPointer again(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
            key.reset(PEM_read_bio_PrivateKey(again.get(), nullptr, nullptr, nullptr));
        }
        if (!key)
            die("cannot read a key from " + keyFile);
    }
    const std::string tokensText = readFile(tokensFile);
    std::vector<std::string> tokens;
    std::size_t start = 0;
    while (start < tokensText.size()) {
        std::size_t end = tokensText.find('\n', start);
        if (end == std::string::npos)
            end = tokensText.size();
        std::string line = tokensText.substr(start, end - start);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        if (!line.empty())
            tokens.push_back(std::move(line));
        start = end + 1;
    }
    if (tokens.empty())
        die(tokensFile + " holds no tokens");

    // Warm-up pass that also checks the corpus: a floor of failing verifications would measure the wrong thing.
    {
        Verifier verifier(*algorithm, key.get(), &secret, mac.get());
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (!verifier.verify(tokens[i]))
                die("token " + std::to_string(i + 1) + " does not verify");
        }
    }

    using Clock = std::chrono::steady_clock;
    std::atomic<std::uint64_t> failures {0};
    std::vector<std::uint64_t> counts(static_cast<std::size_t>(threads), 0);
    const auto begin = Clock::now();
    {
        std::vector<std::jthread> workers;
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                Verifier verifier(*algorithm, key.get(), &secret, mac.get());
                const auto threadStart = Clock::now();
                std::uint64_t verified = 0;
                do {
                    for (const std::string &token : tokens) {
                        if (!verifier.verify(token))
                            failures.fetch_add(1, std::memory_order_relaxed);
                    }
                    verified += tokens.size();
                } while (std::chrono::duration<double>(Clock::now() - threadStart).count() < minSeconds);
                counts[static_cast<std::size_t>(t)] = verified;
            });
        }
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    std::uint64_t total = 0;
    for (const std::uint64_t count : counts)
        total += count;
    if (failures.load() != 0)
        die(std::to_string(failures.load()) + " verifications failed during the run");
    std::printf("verified %llu in %.3f s (%.0f tokens/s)\n", static_cast<unsigned long long>(total), seconds,
                static_cast<double>(total) / seconds);
    return 0;
}
