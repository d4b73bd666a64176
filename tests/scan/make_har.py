#!/usr/bin/env python3
"""Writes tests/data/scan/capture.har, a HAR 1.2 capture of a sign-in and two API calls with tokens planted where browsers put
them, and
tests/data/scan/capture.expected.json, what `tokenscope-cli scan` must find in it: each token once, with its count
and the JSON path where it is first seen. Deterministic: run it again and the files come out the same.

Tokens are HS256 (RFC 7515 A.1 style) made here with hmac/hashlib, keyed with the secret the scan tests use."""
import base64, hashlib, hmac, json, os, sys

SECRET = b"a-32-byte-secret-for-scan-tests!"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(payload: dict, header=None) -> str:
    header = header or {"alg": "HS256", "typ": "JWT", "kid": "k1"}
    signing_input = b64(json.dumps(header, separators=(",", ":")).encode()) + "." + \
        b64(json.dumps(payload, separators=(",", ":")).encode())
    mac = hmac.new(SECRET, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64(mac)


ISS = "https://login.example.com"
access = token({"iss": ISS, "sub": "alice", "aud": "api", "iat": 1764800000, "exp": 1764800900})
refresh = token({"iss": ISS, "sub": "alice", "typ": "refresh", "iat": 1764800000, "exp": 1767392000})
id_token = token({"iss": ISS, "sub": "alice", "aud": "web", "email": "alice@example.com", "iat": 1764800000,
                  "exp": 1764803600})
session = token({"iss": "https://app.example.com", "sid": "s-1", "sub": "alice", "iat": 1764800000})
second_access = token({"iss": ISS, "sub": "bob", "aud": "api", "iat": 1764801000, "exp": 1764801900},
                      {"alg": "HS256", "typ": "at+jwt", "kid": "k2"})
# Looks like a token to a regular expression, but its header is not a JOSE header.
decoy = b64(b'{"page":2,"size":50}') + "." + b64(b'{"cursor":"x"}') + "." + b64(b"not-a-signature")


def headers(**pairs):
    return [{"name": name.replace("_", "-"), "value": value} for name, value in pairs.items()]


def entry(started, method, url, request_headers, response_headers, status=200, body="", encoding=None,
          query=(), cookies=(), post=None, response_cookies=(), redirect=""):
    content = {"size": len(body), "mimeType": "application/json", "text": body}
    if encoding:
        content["encoding"] = encoding
    request = {"method": method, "url": url, "httpVersion": "HTTP/1.1", "headers": request_headers,
               "queryString": list(query), "cookies": list(cookies), "headersSize": -1, "bodySize": 0}
    if post is not None:
        request["postData"] = post
    return {"startedDateTime": started, "time": 42.0, "request": request,
            "response": {"status": status, "statusText": "OK", "httpVersion": "HTTP/1.1",
                         "headers": response_headers, "cookies": list(response_cookies), "content": content,
                         "redirectURL": redirect, "headersSize": -1, "bodySize": len(body)},
            "cache": {}, "timings": {"send": 1, "wait": 40, "receive": 1}}


token_response = json.dumps({"access_token": access, "refresh_token": refresh, "id_token": id_token,
                             "token_type": "Bearer", "expires_in": 900})
entries = [
    # 0: the token endpoint; the form body holds nothing, the response body (base64, as Chrome saves it) three tokens.
    entry("2025-12-03T22:13:20.000Z", "POST", "https://login.example.com/oauth/token",
          headers(Content_Type="application/x-www-form-urlencoded"),
          headers(Content_Type="application/json", Cache_Control="no-store"),
          body=base64.b64encode(token_response.encode()).decode(), encoding="base64",
          post={"mimeType": "application/x-www-form-urlencoded",
                "text": "grant_type=authorization_code&code=abc&cursor=" + decoy,
                "params": [{"name": "grant_type", "value": "authorization_code"}, {"name": "code", "value": "abc"}]}),
    # 1: an API call with the access token in the Authorization header; the response sets a session cookie.
    entry("2025-12-03T22:13:21.000Z", "GET", "https://api.example.com/v1/me",
          headers(Authorization="Bearer " + access, Accept="application/json"),
          headers(Set_Cookie="session=" + session + "; Path=/; HttpOnly; Secure"),
          body=json.dumps({"name": "Alice", "next": decoy}),
          response_cookies=[{"name": "session", "value": session, "path": "/", "httpOnly": True}]),
    # 2: the session cookie sent back (Cookie header and cookies list: once), the access token in the query string
    # (URL and queryString: once).
    entry("2025-12-03T22:13:22.000Z", "GET", "https://app.example.com/report?access_token=" + access + "&page=2",
          headers(Cookie="theme=dark; session=" + session),
          headers(Content_Type="text/html"), body="<html>ok</html>",
          query=[{"name": "access_token", "value": access}, {"name": "page", "value": "2"}],
          cookies=[{"name": "theme", "value": "dark"}, {"name": "session", "value": session}]),
    # 3: a redirect carrying the ID token in the fragment (implicit flow).
    entry("2025-12-03T22:13:23.000Z", "GET", "https://login.example.com/authorize?response_type=id_token",
          headers(Accept="text/html"), headers(Location="https://app.example.com/cb#id_token=" + id_token),
          status=302, redirect="https://app.example.com/cb#id_token=" + id_token + "&state=xyz"),
    # 4: a second user's token in a form post.
    entry("2025-12-03T22:13:24.000Z", "POST", "https://api.example.com/v1/items",
          headers(Authorization="Bearer " + second_access), headers(Content_Type="application/json"),
          body="{}", post={"mimeType": "application/json", "text": json.dumps({"on_behalf_of": second_access})}),
]

har = {"log": {"version": "1.2", "creator": {"name": "Tokenscope test data", "version": "1"},
               "pages": [{"startedDateTime": "2025-12-03T22:13:20.000Z", "id": "page_1", "title": "Sign in",
                          "pageTimings": {}}],
               "entries": entries}}

expected = [
    {"token": access, "count": 3, "path": "log.entries[0].response.content.text"},
    {"token": refresh, "count": 1, "path": "log.entries[0].response.content.text"},
    {"token": id_token, "count": 2, "path": "log.entries[0].response.content.text"},
    {"token": session, "count": 2, "path": "log.entries[1].response.headers[0]"},
    {"token": second_access, "count": 1, "path": "log.entries[4].request.headers[0]"},
]
for item in expected:
    item["fingerprint"] = "sha256:" + hashlib.sha256(item.pop("token").encode()).hexdigest()

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "scan")
with open(os.path.join(out, "capture.har"), "w") as f:
    json.dump(har, f, indent=2)
    f.write("\n")
with open(os.path.join(out, "capture.expected.json"), "w") as f:
    json.dump({"tokens": expected, "secret": SECRET.decode()}, f, indent=2)
    f.write("\n")
