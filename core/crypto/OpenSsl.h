#pragma once

#include <QString>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include <memory>

namespace tokenscope::OpenSsl {

// RAII owners for the OpenSSL objects crypto/ uses: every handle is freed with its matching _free, on every path.
template<typename T, void (*Free)(T *)> struct Deleter
{
    void operator()(T *object) const { Free(object); }
};

inline void freeBignum(BIGNUM *number)
{
    BN_clear_free(number);
}
inline void freeParameters(OSSL_PARAM *parameters)
{
    OSSL_PARAM_free(parameters);
}
inline void freeBio(BIO *bio)
{
    BIO_free(bio);
}

using PkeyPointer = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyContextPointer = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdContextPointer = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using MdPointer = std::unique_ptr<EVP_MD, Deleter<EVP_MD, EVP_MD_free>>;
using MacPointer = std::unique_ptr<EVP_MAC, Deleter<EVP_MAC, EVP_MAC_free>>;
using MacContextPointer = std::unique_ptr<EVP_MAC_CTX, Deleter<EVP_MAC_CTX, EVP_MAC_CTX_free>>;
using BignumPointer = std::unique_ptr<BIGNUM, Deleter<BIGNUM, freeBignum>>;
using ParameterBuildPointer = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using ParametersPointer = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, freeParameters>>;
using BioPointer = std::unique_ptr<BIO, Deleter<BIO, freeBio>>;
using X509Pointer = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using CipherPointer = std::unique_ptr<EVP_CIPHER, Deleter<EVP_CIPHER, EVP_CIPHER_free>>;
using CipherContextPointer = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>>;
using KdfPointer = std::unique_ptr<EVP_KDF, Deleter<EVP_KDF, EVP_KDF_free>>;
using KdfContextPointer = std::unique_ptr<EVP_KDF_CTX, Deleter<EVP_KDF_CTX, EVP_KDF_CTX_free>>;

// Takes a new reference on `key` (EVP_PKEY_up_ref) so the returned owner can outlive the caller's.
[[nodiscard]] std::shared_ptr<EVP_PKEY> share(PkeyPointer key);

// The OpenSSL error queue as text ("error:1E08010C:DECODER routines::unsupported"), most recent last, joined
// with "; ". The queue is cleared: OpenSSL errors become text at the crypto/ boundary and never leak into the
// next operation's diagnosis.
[[nodiscard]] QString takeErrors();
// Clears the queue without reading it (expected failures such as trying one PEM decoder after another).
void clearErrors();

// A read-only memory BIO over `bytes` (which must outlive it).
[[nodiscard]] BioPointer memoryBio(const void *bytes, qsizetype size);

} // namespace tokenscope::OpenSsl
