#!/usr/bin/python3
"""Makes keys and tokens with PyJWT and pyca/cryptography (Debian's python3-jwt, python3-cryptography), an
implementation independent of Tokenscope, for the CLI's end-to-end tests. Writes into the folder given as argv[1]:
<alg>.pub.pem / <alg>.key.pem, <alg>.jwt (valid until 2100), expired.jwt, and secret.txt for HS256."""
import json
import os
import sys

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

out = sys.argv[1]
claims = {
    "iss": "https://issuer.example",
    "sub": "user-42",
    "aud": "api://orders",
    "iat": 1700000000,
    "exp": 4102444800,  # 2100-01-01
    "jti": "b7e0a9d2",
    "scope": "orders:read",
}


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def pem_pair(key):
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public


rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
keys = {
    "RS256": rsa_key, "RS384": rsa_key, "RS512": rsa_key,
    "PS256": rsa_key, "PS384": rsa_key, "PS512": rsa_key,
    "ES256": ec.generate_private_key(ec.SECP256R1()),
    "ES384": ec.generate_private_key(ec.SECP384R1()),
    "ES512": ec.generate_private_key(ec.SECP521R1()),
    "EdDSA": ed25519.Ed25519PrivateKey.generate(),
    "Ed448": ed448.Ed448PrivateKey.generate(),
}
index = {}
for name, key in keys.items():
    alg = "EdDSA" if name == "Ed448" else name
    private, public = pem_pair(key)
    write(name + ".key.pem", private)
    write(name + ".pub.pem", public)
    write(name + ".jwt", jwt.encode(claims, key, algorithm=alg, headers={"kid": name + "-key"}).encode())
    index[name] = alg

secret = b"a-32-byte-secret-for-hs256-tests!"
write("secret.txt", secret)
for alg in ("HS256", "HS384", "HS512"):
    write(alg + ".jwt", jwt.encode(claims, secret + b"x" * 32, algorithm=alg).encode())
write("secret64.txt", secret + b"x" * 32)
write("expired.jwt", jwt.encode(dict(claims, exp=1700003600), keys["ES256"], algorithm="ES256").encode())
print(json.dumps(index))
