#!/usr/bin/env python3
"""Writes a log of about SIZE bytes for tests/bench/scan.sh: web-server and application lines (with words such as
"key" and "they" that start like a token), tokens planted at known lines in the places they leak to
(Authorization headers, token responses, URLs, cookies, SD-JWTs, JWEs), and decoys that a JWT regular expression
matches but that are not tokens (base64url JSON cursors without a JOSE header). Seeded: the same arguments give the
same bytes.

    make_scan_log.py OUTPUT SIZE [SEED]

Also writes OUTPUT.planted: one line per planted token, "LINE<TAB>sha256:HEX", in order."""
import base64, hashlib, hmac, json, random, sys

out_path, size = sys.argv[1], int(sys.argv[2])
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 15)
SECRET = b"a-32-byte-secret-for-scan-bench!"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jws(header: dict, payload: dict) -> str:
    signing_input = b64(json.dumps(header, separators=(",", ":")).encode()) + "." + \
        b64(json.dumps(payload, separators=(",", ":")).encode())
    return signing_input + "." + b64(hmac.new(SECRET, signing_input.encode(), hashlib.sha256).digest())


def make_token(index: int) -> str:
    issuer = rng.choice(["https://login.example.com", "https://auth.staging.example.net/realms/app",
                         "https://accounts.example.org"])
    kind = index % 20
    header = {"alg": rng.choice(["HS256", "RS256", "ES256"]), "typ": "JWT", "kid": "key-%d" % (index % 7)}
    payload = {"iss": issuer, "sub": "user-%05d" % rng.randrange(100000), "aud": "api",
               "iat": 1764800000 + index, "exp": 1764800000 + index + rng.choice([300, 900, 3600, 86400]),
               "jti": "%032x" % rng.getrandbits(128), "scope": " ".join(rng.sample(
                   ["openid", "profile", "email", "orders:read", "orders:write", "admin"], 3))}
    if kind == 0:  # a JWE: only the header is readable
        return b64(json.dumps({"alg": "dir", "enc": "A256GCM", "kid": "enc-1"}).encode()) + ".." + \
            b64(rng.randbytes(12)) + "." + b64(rng.randbytes(rng.randrange(200, 400))) + "." + b64(rng.randbytes(16))
    token = jws(header, payload)
    if kind == 1:  # an SD-JWT with two disclosures
        token += "~" + b64(json.dumps(["s%d" % index, "email", "u%d@example.com" % index]).encode()) + \
            "~" + b64(json.dumps(["t%d" % index, "phone", "+1555%07d" % index]).encode()) + "~"
    return token


tokens = [make_token(i) for i in range(400)]
words = ["GET", "POST", "PUT", "/api/v1/orders", "/api/v1/users/me", "/healthz", "/static/app.js", "200", "201",
         "204", "304", "401", "403", "500", "ms", "key", "they", "every", "money", "eyes", "journey", "keyword",
         "request", "served", "upstream", "cache", "hit", "miss", "retry", "timeout", "user_id=", "trace_id=",
         "session", "token", "refreshed", "valid", "expired", "json", "Bearer", "level=info", "level=warn"]


def plain_line() -> str:
    stamp = "2026-12-04T%02d:%02d:%02d.%03dZ" % (rng.randrange(24), rng.randrange(60), rng.randrange(60),
                                                 rng.randrange(1000))
    return stamp + " " + " ".join(rng.choice(words) for _ in range(rng.randrange(6, 22))) + \
        " latency=%dms id=%08x" % (rng.randrange(1, 900), rng.getrandbits(32))


base_lines = [plain_line() for _ in range(5000)]
decoys = [b64(json.dumps({"page": p, "size": 50}).encode()) + "." + b64(json.dumps({"after": p * 50}).encode()) +
          "." + b64(rng.randbytes(16)) for p in range(50)]


def token_line(token: str) -> str:
    form = rng.randrange(5)
    if form == 0:
        return '10.0.0.%d - - "GET /api/v1/orders HTTP/1.1" 200 Authorization: Bearer %s' % (rng.randrange(255), token)
    if form == 1:
        return 'level=debug msg="token response" body={"access_token":"%s","token_type":"Bearer"}' % token
    if form == 2:
        return "redirect to https://app.example.com/cb#id_token=%s&state=%08x" % (token, rng.getrandbits(32))
    if form == 3:
        return "Cookie: theme=dark; session=%s; lang=en" % token
    return "curl -H 'Authorization: Bearer %s' https://api.example.com/v1/me" % token


written = 0
line_number = 0
block_lines = 8192
with open(out_path, "w") as out, open(out_path + ".planted", "w") as planted:
    while written < size:
        lines = rng.choices(base_lines, k=block_lines)
        marks = sorted(rng.sample(range(block_lines), 12))
        for position, mark in enumerate(marks):
            if position < 10:
                token = rng.choice(tokens)
                lines[mark] = token_line(token)
                planted.write("%d\tsha256:%s\n" % (line_number + mark + 1, hashlib.sha256(token.encode()).hexdigest()))
            else:
                lines[mark] = "cursor=%s next page" % rng.choice(decoys)
        text = "\n".join(lines) + "\n"
        out.write(text)
        written += len(text)
        line_number += block_lines
