#!/usr/bin/env python3
"""Encrypted tokens for the decrypt end-to-end test, made by an independent implementation (python3-jwcrypto).

Writes into OUT_DIR, for every key management algorithm Tokenscope decrypts (each content encryption in turn):
  <name>.jwe        the compact JWE (plaintext: the name itself, so each case checks its own content)
  <name>.key        the recipient key as a private JWK (oct for symmetric algorithms), or
  <name>.password   the PBES2 password
and cases.txt, one name per line. Keys are generated fresh; nothing secret is kept after the test.
"""
import json
import os
import sys

from jwcrypto import jwe, jwk

ENCS = ["A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM"]
CEK_BITS = {"A128CBC-HS256": 256, "A192CBC-HS384": 384, "A256CBC-HS512": 512,
            "A128GCM": 128, "A192GCM": 192, "A256GCM": 256}


def main(out_dir):
    rsa = jwk.JWK.generate(kty="RSA", size=2048)
    curves = {crv: jwk.JWK.generate(kty="EC", crv=crv) for crv in ("P-256", "P-384", "P-521")}
    curves.update({crv: jwk.JWK.generate(kty="OKP", crv=crv) for crv in ("X25519", "X448")})
    cases = []

    def write(name, alg, enc, key, secret=None, extra=None):
        header = {"alg": alg, "enc": enc}
        header.update(extra or {})
        # jwcrypto leaves RSA1_5 out of its defaults; Tokenscope decrypts it (and flags it).
        token = jwe.JWE(name.encode(), protected=json.dumps(header), algs=[alg, enc])
        token.add_recipient(key)
        with open(os.path.join(out_dir, name + ".jwe"), "w") as f:
            f.write(token.serialize(compact=True))
        if secret is not None:
            with open(os.path.join(out_dir, name + ".password"), "w") as f:
                f.write(secret)
        else:
            with open(os.path.join(out_dir, name + ".key"), "w") as f:
                f.write(key.export(private_key=True))
        cases.append(name)

    # Every key management algorithm once, each case with the next content encryption in turn, and ECDH-ES
    # (alone and with key wrapping) on every curve.
    plans = [(alg, rsa, None) for alg in ("RSA-OAEP", "RSA-OAEP-256", "RSA1_5")]
    for bits in (128, 192, 256):
        plans.append((f"A{bits}KW", jwk.JWK.generate(kty="oct", size=bits), None))
        plans.append((f"A{bits}GCMKW", jwk.JWK.generate(kty="oct", size=bits), None))
    for index, (crv, key) in enumerate(curves.items()):
        plans.append(("ECDH-ES", key, None))
        plans.append((("ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW")[index % 3], key, None))
    for alg in ("PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW"):
        plans.append((alg, None, "correct horse battery staple " + alg))
    for index, (alg, key, password) in enumerate(plans):
        enc = ENCS[index % len(ENCS)]
        curve = f"_{key.get('crv')}" if key is not None and key.get("kty") in ("EC", "OKP") else ""
        if password is not None:
            write(f"{alg}_{enc}", alg, enc, jwk.JWK.from_password(password), secret=password)
        else:
            write(f"{alg}{curve}_{enc}", alg, enc, key)
    for enc in ENCS:
        write(f"dir_{enc}", "dir", enc, jwk.JWK.generate(kty="oct", size=CEK_BITS[enc]))
    write("zip_A128GCM", "A128KW", "A128GCM", jwk.JWK.generate(kty="oct", size=128), extra={"zip": "DEF"})
    with open(os.path.join(out_dir, "cases.txt"), "w") as f:
        f.write("\n".join(cases) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
