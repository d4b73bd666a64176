#include "crypto/EcdsaScalars.h"

#include "crypto/OpenSsl.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <memory>
#include <optional>

namespace tokenscope::EcdsaScalars {
namespace {

struct GroupFree
{
    void operator()(EC_GROUP *group) const { EC_GROUP_free(group); }
};

// Scalar bytes per algorithm (RFC 7518 §3.4: 32, 48 and 66) and the curve's OpenSSL name.
struct Curve
{
    int scalarBytes;
    int nid;
};

std::optional<Curve> curveOf(Algorithm algorithm)
{
    switch (algorithm) {
    case Algorithm::ES256:
        return Curve {32, NID_X9_62_prime256v1};
    case Algorithm::ES384:
        return Curve {48, NID_secp384r1};
    case Algorithm::ES512:
        return Curve {66, NID_secp521r1};
    default:
        return std::nullopt;
    }
}

// The group order n, read once per curve from OpenSSL (immutable afterwards, so safe to share between threads).
const BIGNUM *groupOrder(int nid)
{
    static const auto load = [](int curve) {
        return std::unique_ptr<EC_GROUP, GroupFree>(EC_GROUP_new_by_curve_name(curve));
    };
    static const std::unique_ptr<EC_GROUP, GroupFree> p256 = load(NID_X9_62_prime256v1);
    static const std::unique_ptr<EC_GROUP, GroupFree> p384 = load(NID_secp384r1);
    static const std::unique_ptr<EC_GROUP, GroupFree> p521 = load(NID_secp521r1);
    const EC_GROUP *group = nid == NID_X9_62_prime256v1 ? p256.get() : nid == NID_secp384r1 ? p384.get() : p521.get();
    return group ? EC_GROUP_get0_order(group) : nullptr;
}

} // namespace

Problem check(Algorithm algorithm, QByteArrayView signature)
{
    const std::optional<Curve> curve = curveOf(algorithm);
    if (!curve || signature.size() != 2 * curve->scalarBytes)
        return Problem::NotApplicable;
    const BIGNUM *order = groupOrder(curve->nid);
    if (!order)
        return Problem::NotApplicable;
    const auto *bytes = reinterpret_cast<const unsigned char *>(signature.data());
    const OpenSsl::BignumPointer r(BN_bin2bn(bytes, curve->scalarBytes, nullptr));
    const OpenSsl::BignumPointer s(BN_bin2bn(bytes + curve->scalarBytes, curve->scalarBytes, nullptr));
    if (!r || !s) {
        OpenSsl::clearErrors();
        return Problem::NotApplicable;
    }
    if (BN_is_zero(r.get()))
        return Problem::RZero;
    if (BN_is_zero(s.get()))
        return Problem::SZero;
    if (BN_cmp(r.get(), order) >= 0)
        return Problem::RNotBelowOrder;
    if (BN_cmp(s.get(), order) >= 0)
        return Problem::SNotBelowOrder;
    return Problem::None;
}

} // namespace tokenscope::EcdsaScalars
