#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace tokenscope {

// Hash functions named as in the IANA "Named Information Hash Algorithm Registry" (RFC 6920 §9.4), which is where
// SD-JWT's "_sd_alg" and the KB-JWT's sd_hash take their names from (RFC 9901 §4.1.1). Computed with OpenSSL.
namespace NamedHash {

enum class Strength {
    Strong, // a full-length SHA-2 or SHA-3 digest
    Weak, // computable but not collision resistant enough for digests of disclosures: truncated SHA-256
          // (sha-256-128 … sha-256-32) and the broken "sha-1" and "md5" that issuers sometimes write
    Unknown, // not a name Tokenscope can compute
};

[[nodiscard]] Strength strength(QStringView name);
// The digest of `data` under `name`, or nullopt for an unknown name.
[[nodiscard]] std::optional<QByteArray> digest(QStringView name, QByteArrayView data);

} // namespace NamedHash
} // namespace tokenscope
