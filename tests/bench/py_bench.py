#!/usr/bin/python3
"""Measures independent Python implementations on the benchmark corpus, in the same way as tokenscope-cli bench:
keys loaded untimed, then whole passes over the tokens on one thread until --min-time, checking each verifies.

  PyJWT:    jwt.decode(token, key, algorithms=[alg], audience=AUDIENCE) with a preloaded key object; verifies the
            signature, exp, iat and aud (aud must be given once the token has one); requires no claims.
  jwcrypto: jwcrypto.jwt.JWT(jwt=token, key=jwk, algs=[alg]); verifies the signature, exp and nbf.

Usage: /usr/bin/python3 py_bench.py --library pyjwt|jwcrypto --alg ALG (--key PEM | --secret-file FILE)
                                    [--min-time SECONDS] TOKENS_FILE
Prints: verified N in S s (R tokens/s)
"""

import argparse
import base64
import sys
import time

AUDIENCE = "api://orders"  # as in make_corpus.py


def load_tokens(path):
    with open(path, "r", encoding="ascii") as file:
        return [line.strip() for line in file if line.strip()]


def pyjwt_verifier(alg, key_bytes, is_secret):
    import jwt
    from cryptography.hazmat.primitives import serialization

    key = key_bytes if is_secret else serialization.load_pem_public_key(key_bytes)
    options = {"require": [], "verify_signature": True, "verify_exp": True, "verify_aud": True}

    def verify(token):
        jwt.decode(token, key, algorithms=[alg], audience=AUDIENCE, options=options)

    return verify


def jwcrypto_verifier(alg, key_bytes, is_secret):
    from jwcrypto import jwk, jwt

    if is_secret:
        key = jwk.JWK(kty="oct", k=base64.urlsafe_b64encode(key_bytes).rstrip(b"=").decode("ascii"))
    else:
        key = jwk.JWK.from_pem(key_bytes)

    def verify(token):
        jwt.JWT(jwt=token, key=key, algs=[alg])

    return verify


def main():
    parser = argparse.ArgumentParser(description="PyJWT / jwcrypto verification speed")
    parser.add_argument("--library", choices=["pyjwt", "jwcrypto"], required=True)
    parser.add_argument("--alg", required=True)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--key")
    group.add_argument("--secret-file")
    parser.add_argument("--min-time", type=float, default=1.0)
    parser.add_argument("tokens")
    arguments = parser.parse_args()

    with open(arguments.key or arguments.secret_file, "rb") as file:
        key_bytes = file.read()
    make = pyjwt_verifier if arguments.library == "pyjwt" else jwcrypto_verifier
    verify = make(arguments.alg, key_bytes, arguments.secret_file is not None)
    tokens = load_tokens(arguments.tokens)
    if not tokens:
        print("py_bench: %s holds no tokens" % arguments.tokens, file=sys.stderr)
        return 2
    # Warm-up pass that checks every token verifies (raises otherwise).
    for index, token in enumerate(tokens):
        try:
            verify(token)
        except Exception as error:  # noqa: BLE001 - any failure stops the benchmark
            print("py_bench: %s: token %d does not verify: %r" % (arguments.library, index + 1, error),
                  file=sys.stderr)
            return 1

    verified = 0
    start = time.perf_counter()
    while True:
        for token in tokens:
            verify(token)
        verified += len(tokens)
        seconds = time.perf_counter() - start
        if seconds >= arguments.min_time:
            break
    print("verified %d in %.3f s (%.0f tokens/s)" % (verified, seconds, verified / seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
