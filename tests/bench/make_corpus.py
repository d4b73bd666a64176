#!/usr/bin/python3
"""Generates the benchmark corpus: keys and 2,000 realistic signed JWTs per algorithm.

Usage: /usr/bin/python3 make_corpus.py OUTPUT_DIR [--count N] [--seed S]

Writes into OUTPUT_DIR:
  rsa.pem / rsa.pub.pem          RSA 2048 (RS256 and PS256), PKCS#8 private key and SubjectPublicKeyInfo
  ec.pem / ec.pub.pem            P-256 (ES256)
  ed25519.pem / ed25519.pub.pem  Ed25519 (EdDSA)
  hs256.key                      the 32-byte HS256 secret, raw bytes
  hs256.b64                      the same secret as base64url text (for --secret-b64)
  jwks.json                      the public keys and the secret as a JWK Set (kid on each)
  RS256.tokens PS256.tokens ES256.tokens EdDSA.tokens HS256.tokens   one token per line

Claims iss/sub/aud/exp/iat/jti/scope with varied values; iat is now and exp ten years later so the corpus stays
valid. aud is always AUDIENCE below, so benchmarks that check aud can pass it. Tokens are 300 to 600 bytes.
Claims, the P-256 and Ed25519 keys and the HMAC secret come from the seeded generator; the RSA key does not
(cryptography cannot seed it), which does not change the cost of a verification.

Needs Debian's python3-cryptography and python3-jwt (run with /usr/bin/python3).
"""

import argparse
import base64
import json
import os
import random
import sys
import time

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

AUDIENCE = "api://orders"
ALGORITHMS = ["RS256", "PS256", "ES256", "EdDSA", "HS256"]
MIN_LENGTH, MAX_LENGTH = 300, 600
# base64url characters of each signature
SIGNATURE_LENGTHS = {"RS256": 342, "PS256": 342, "ES256": 86, "EdDSA": 86, "HS256": 43}

# The first two are short enough for RSA tokens, whose 256-byte signature takes 342 of the 600 characters.
ISSUERS = [
    "https://idp.example.com",
    "https://sso.example.org",
    "https://login.example.org/realms/main",
    "https://auth.example.net/oauth2/default",
    "https://sso.example.com/tenant-42/v2.0",
]
SCOPES = ["openid", "profile", "email", "offline_access", "read:orders", "write:orders", "read:invoices",
          "admin:users", "read:reports", "write:comments", "billing", "support:tickets", "api:full"]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def pem_pair(private_key):
    private_pem = private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption())
    public_pem = private_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                       serialization.PublicFormat.SubjectPublicKeyInfo)
    return private_pem, public_pem


def make_keys(rng: random.Random):
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    # A P-256 scalar in [1, n-1] from the seeded generator.
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    ec_key = ec.derive_private_key(rng.randrange(1, order), ec.SECP256R1())
    ed_key = ed25519.Ed25519PrivateKey.from_private_bytes(rng.randbytes(32))
    secret = rng.randbytes(32)
    return rsa_key, ec_key, ed_key, secret


def claims(rng: random.Random, now: int, budget: int, compact: bool) -> dict:
    """Realistic claims; `budget` roughly bounds the scope string so the token lands in the length window, and
    `compact` keeps to short issuers, subjects and jti (for RSA tokens)."""
    if compact:
        subject = rng.choice([lambda: "user-%d" % rng.randrange(10**3, 10**8), lambda: "%012x" % rng.getrandbits(48)])()
    else:
        subject = rng.choice([
            lambda: "user-%d" % rng.randrange(10**5, 10**9),
            lambda: "%08x-%04x-4%03x-%04x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                                                     0x8000 | rng.getrandbits(14), rng.getrandbits(48)),
            lambda: "auth0|%024x" % rng.getrandbits(96),
        ])()
    scopes = rng.sample(SCOPES, rng.randint(1, len(SCOPES)))
    scope = " ".join(scopes)
    while len(scope) > budget and len(scopes) > 1:
        scopes.pop()
        scope = " ".join(scopes)
    return {
        "iss": rng.choice(ISSUERS[:2] if compact else ISSUERS),
        "sub": subject,
        "aud": AUDIENCE,
        "exp": now + 10 * 365 * 86400 + rng.randrange(0, 86400),
        "iat": now - rng.randrange(0, 600),
        "jti": b64url(rng.randbytes(rng.choice([6, 9]) if compact else rng.choice([12, 16, 18]))),
        "scope": scope,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20240601)
    arguments = parser.parse_args()

    rng = random.Random(arguments.seed)
    os.makedirs(arguments.output, exist_ok=True)
    rsa_key, ec_key, ed_key, secret = make_keys(rng)

    def write(name, data, mode=0o600):
        path = os.path.join(arguments.output, name)
        with open(path, "wb") as file:
            file.write(data)
        os.chmod(path, mode)

    for name, key in (("rsa", rsa_key), ("ec", ec_key), ("ed25519", ed_key)):
        private_pem, public_pem = pem_pair(key)
        write(name + ".pem", private_pem)
        write(name + ".pub.pem", public_pem, 0o644)
    write("hs256.key", secret)
    write("hs256.b64", b64url(secret).encode("ascii"))

    # JWK Set of the verification keys (PyJWT builds the public JWKs).
    jwks = []
    for kid, algorithm, key in (("rsa-1", "RS256", rsa_key.public_key()), ("ec-1", "ES256", ec_key.public_key()),
                                ("ed-1", "EdDSA", ed_key.public_key())):
        jwk = json.loads(jwt.get_algorithm_by_name(algorithm).to_jwk(key))
        jwk["kid"] = kid
        jwks.append(jwk)
    jwks.append({"kty": "oct", "kid": "hs-1", "alg": "HS256", "k": b64url(secret)})
    write("jwks.json", json.dumps({"keys": jwks}, indent=1).encode("utf-8"), 0o600)

    signing = {
        "RS256": (rsa_key, "rsa-1"),
        "PS256": (rsa_key, "rsa-1"),
        "ES256": (ec_key, "ec-1"),
        "EdDSA": (ed_key, "ed-1"),
        "HS256": (secret, "hs-1"),
    }
    now = int(time.time())
    for algorithm in ALGORITHMS:
        key, kid = signing[algorithm]
        lengths = []
        lines = []
        attempts = 0
        while len(lines) < arguments.count:
            attempts += 1
            if attempts > arguments.count * 50:
                print("could not make %s tokens of %d to %d bytes" % (algorithm, MIN_LENGTH, MAX_LENGTH),
                      file=sys.stderr)
                return 1
            # RSA signatures take 342 characters, so RSA tokens get short scopes; the others get longer ones.
            compact = algorithm in ("RS256", "PS256")
            budget = rng.randint(6, 30) if compact else rng.randint(20, 160)
            payload = claims(rng, now, budget, compact)
            # PyJWT serialises the payload compactly; skip claims that cannot fit before paying for a signature.
            encoded_payload = len(b64url(json.dumps(payload, separators=(",", ":")).encode("utf-8")))
            if not MIN_LENGTH <= encoded_payload + SIGNATURE_LENGTHS[algorithm] + 60 <= MAX_LENGTH + 10:
                continue
            token = jwt.encode(payload, key, algorithm=algorithm, headers={"kid": kid, "typ": "JWT"})
            if MIN_LENGTH <= len(token) <= MAX_LENGTH:
                lines.append(token)
                lengths.append(len(token))
        write(algorithm + ".tokens", ("\n".join(lines) + "\n").encode("ascii"), 0o644)
        print("%s: %d tokens, %d to %d bytes (mean %d)" % (algorithm, len(lines), min(lengths), max(lengths),
                                                           sum(lengths) // len(lengths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
