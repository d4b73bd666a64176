<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Base64Url</name>
    <message>
        <source>&apos;=&apos; padding is followed by more characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a base64url character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the last character %1 has non-zero unused bits (not the canonical encoding)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;=&apos; padding is not allowed in base64url (RFC 7515 §2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BundleChecks</name>
    <message>
        <source>the request has %1 DPoP header fields; exactly one is allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token is sent with the DPoP scheme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token is sent as %1 beside a DPoP proof; use the DPoP scheme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a bare token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not in both the access token and the ID token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token&apos;s %1 is %2, the ID token&apos;s %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both tokens have %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token has no client_id to compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token&apos;s client_id %1 is not an audience of the ID token (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token&apos;s client_id %1 is not the ID token&apos;s azp %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token&apos;s client_id %1 is the ID token&apos;s audience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token is opaque: only at_hash relates it to the ID token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the DPoP header does not hold a JWT</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClaimCatalogue</name>
    <message>
        <source>the claim catalogue resource %1 cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the claim catalogue is not JSON: %1 at byte %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the claim catalogue must be a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the claim catalogue has no &quot;claims&quot; array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>claim catalogue entry %1 is not an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>claim catalogue entry %1 has no &quot;name&quot; string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>claim catalogue entry %1 (&quot;%2&quot;) has no &quot;description&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>claim catalogue entry %1 (&quot;%2&quot;): &quot;where&quot; must be &quot;payload&quot; or &quot;header&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>claim catalogue entry %1 (&quot;%2&quot;): &quot;source&quot; must be a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>claim catalogue entry %1 (&quot;%2&quot;): &quot;timestamp&quot; must be true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>claim catalogue entry %1: &quot;%2&quot; is listed twice</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompactToken</name>
    <message>
        <source>%1 (part %2), character %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encrypted key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>initialization vector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ciphertext</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>authentication tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token is %1 bytes, more than the limit of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>found %1 dot-separated parts; a signed token (JWS) has 3 and an encrypted token (JWE) 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not JSON: %1 (byte %2 of the decoded header)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header is JSON but not an object (RFC 7515 §4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;alg&quot; must be a string (RFC 7515 §4.1.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header has no &quot;alg&quot; (RFC 7515 §4.1.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the payload part is empty (detached content, RFC 7515 Appendix F)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Crypto</name>
    <message>
        <source>no key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key type %1 cannot verify %2: HMAC needs a shared secret, never a public key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the HMAC secret is the text of a public key, which is no secret: %1 refuses it (RFC 8725 §2.1 key confusion)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HMAC key of %1 bytes is shorter than the %2 bytes %3 requires (RFC 7518 §3.2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key type %1 cannot verify %2: it needs an RSA key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA key of %1 bits is below the 2048-bit minimum (RFC 7518 §3.3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key type %1 cannot verify %2: it needs an EC %3 key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs a key on %2 (RFC 7518 §3.4), this key is on %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key type %1 cannot verify %2: it needs an OKP Ed25519 or Ed448 key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a key agreement curve (RFC 8037 §3.2), it cannot verify %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs an %1 key (RFC 9864 §2.2), this key is on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key has no private part to sign with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the JWK is for %1, not %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK use is %1, not sig</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK key_ops does not include %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no random bytes: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA keys for %1 must have 2048 to 16384 bits, not %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs a key on %2, not %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs a key on %1, not %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EdDSA keys are Ed25519 or Ed448, not %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key generation failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>generated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encrypted private keys are not supported (decrypt it with `openssl pkey` first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a %1 block holds no key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot decode the %1 block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot decode the %1 block: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: member %1 must be a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: missing member %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: member %1 is not canonical unpadded base64url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: member %1 is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: member %1 is %2 bytes, the curve needs exactly %3 (RFC 7518 §6.2.1.2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: member %1 must be an array of strings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: member %1 lists %2 twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: multi-prime RSA keys (&quot;oth&quot;) are not supported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: RSA modulus of %1 bits is over the %2-bit limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: an RSA private key needs all of &quot;p&quot;, &quot;q&quot;, &quot;dp&quot;, &quot;dq&quot;, &quot;qi&quot; or none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: missing member &quot;d&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: cannot build the RSA key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: EC curve %1 is not supported (P-256, P-384, P-521 are)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: cannot build the EC key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: the point (&quot;x&quot;, &quot;y&quot;) is not on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: OKP curve %1 is not supported (Ed25519, Ed448, X25519, X448 are)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: &quot;d&quot; does not belong to the public key &quot;x&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: OpenSSL refuses the key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: unsupported kty %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: unusable key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 bytes is over the %3-byte limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not valid JSON at byte %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK: duplicate member %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS: not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS: missing member &quot;keys&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS: member &quot;keys&quot; must be an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS: %1 keys is over the limit of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS: duplicate member %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (key %2 of %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key %1 (kid %2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS: the set holds no keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS: no usable key (%1 skipped; first: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM: %1 bytes is over the %2-byte limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM: malformed BEGIN line at line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM: the %1 block at line %2 has no END line (truncated?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM: more than %1 blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM: no &quot;-----BEGIN&quot; line found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM: %1 block at line %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (PEM block at line %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM: no key found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a PEM key or certificate, JWK or JWKS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 signature is %2 bytes, not %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HMAC failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the HMAC does not match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 signature is %2 bytes, the key&apos;s modulus %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot verify: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signature does not verify with this key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot sign: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot sign: unexpected ECDSA signature encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the RSA key has no modulus or exponent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA modulus of %1 bits is over the %2-bit limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;n&quot; is not an RSA modulus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA public exponent &quot;e&quot; must be odd, greater than 1 and at most 64 bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA private key: &quot;p&quot; × &quot;q&quot; is not &quot;n&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EC key without a named curve (explicit curve parameters are not supported)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EC curve %1 is not one JWS uses (P-256, P-384, P-521)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key type %1 is not a JOSE key (RSA, EC P-256/384/521, Ed25519, Ed448, X25519 and X448 are)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the EC private key does not match its public point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the public key: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Dpop</name>
    <message>
        <source>the proof has no &quot;typ&quot;; it must be dpop+jwt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;typ&quot; is %1, not dpop+jwt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>typ is dpop+jwt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proof has no &quot;jwk&quot; header to check it with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the &quot;jwk&quot; header is not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the &quot;jwk&quot; header holds private key members (%1): the key is leaked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proof&apos;s jwk header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the &quot;jwk&quot; header is not a usable key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the &quot;jwk&quot; header key cannot check %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>public %1 key in the jwk header, thumbprint %2 (used for this proof only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proof has no &quot;htm&quot; (HTTP method)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>htm is %1; no request method given to compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>htm is %1 but the request is %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>htm %1 matches the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proof has no &quot;htu&quot; (HTTP target URI)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>htu %1 is not usable: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>htu is %1; no request URL given to compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the request URL %1 is not usable: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>htu %1 is not the request&apos;s %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>htu matches the request as %1 (query and fragment ignored)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proof has no &quot;iat&quot; NumericDate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issued %1 in the future (iat %2), more than the %3 s allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issued %1 ago (iat %2), older than the %3 s window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>iat %1 is within the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proof has no &quot;jti&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>jti %1 present (only the server can tell a replay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no nonce expected, none sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nonce %1; no server nonce given to compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proof has no &quot;nonce&quot;; the server asked for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nonce %1 is not the server&apos;s %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nonce matches the server&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no access token given, no ath in the proof</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ath %1; give the access token to check it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proof has no &quot;ath&quot; but travels with an access token (hash %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ath %1 is not the access token&apos;s hash %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ath is the SHA-256 of the access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no access token given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token is opaque (or encrypted): its cnf.jkt is known to the authorization server (introspection, RFC 9449 §6.2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token has no cnf.jkt: it is not bound to a DPoP key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cnf.jkt is %1; the proof has no usable key to compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cnf.jkt %1 is not the proof key&apos;s thumbprint %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cnf.jkt is the proof key&apos;s RFC 7638 thumbprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a URI (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not an absolute http or https URI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proof is encrypted (JWE), not signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proof is unsecured (alg none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proof&apos;s payload is not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alg %1 is symmetric; a proof needs an asymmetric signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alg %1 is not an asymmetric JWS algorithm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alg %1 is asymmetric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signature verifies with the jwk header key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signature does not verify with the jwk header key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no usable key and algorithm to check the signature with</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DpopProofCheck</name>
    <message>
        <source>more than one DPoP header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the DPoP header is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the DPoP proof is longer than %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the DPoP proof is not a JWT: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the DPoP proof has a JSON member twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proof&apos;s jwk header is larger than %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the DPoP proof could not be judged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proof&apos;s jti is longer than %1 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the authorization server requires a nonce in the DPoP proof</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the DPoP proof&apos;s nonce is not one of this server&apos;s, or too old</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Findings</name>
    <message>
        <source>Unsecured token (alg none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header says &quot;alg&quot;: &quot;none&quot;, so nothing protects the token: anyone can write one. A verifier must never accept it (RFC 8725 §3.1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown algorithm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header names an algorithm that is not a JWS algorithm of RFC 7518 or RFC 8037. Names are case-sensitive: &quot;None&quot; or &quot;hs256&quot; are probes for lax verifiers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header names a signing algorithm but the signature part is empty; such a token can only pass a verifier that skips the signature check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without &quot;exp&quot; the token is valid forever once stolen. Issue short-lived tokens (RFC 7519 §4.1.4, RFC 8725 §3.10).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Long lifetime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token stays valid for more than 24 hours. A stolen bearer token works until it expires, so keep access tokens short and refresh them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued in the future</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;iat&quot; is later than now: the issuer&apos;s clock is ahead, or the token was forged or pre-minted (RFC 7519 §4.1.6).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;exp&quot; is not after &quot;iat&quot; or &quot;nbf&quot;, so there is no moment at which the token is valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The expiry time has passed; a verifier must refuse the token (RFC 7519 §4.1.4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;nbf&quot; lies in the future; a verifier must refuse the token until then (RFC 7519 §4.1.5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Malformed date claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A date claim (exp, nbf, iat, auth_time, …) must be a JSON number of seconds since 1970 (RFC 7519 §2 NumericDate). Verifiers differ on strings like &quot;1700000000&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Malformed audience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;aud&quot; must be a string or an array of strings (RFC 7519 §4.1.3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key URL in the header (jku)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token points at where to fetch its own key. Tokenscope never uses it for verification: following it lets an attacker choose the key (RFC 8725 §3.10).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate URL in the header (x5u)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token points at where to fetch its own certificate. Tokenscope never uses it for verification: following it lets an attacker choose the key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded key (jwk)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token carries its own public key. Tokenscope never uses it for verification: trusting it means trusting whoever made the token (CVE-2018-0114).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded certificate chain (x5c)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token carries its own certificate chain. Tokenscope never uses it for verification; a verifier that does must validate the chain to a trusted root.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspicious key id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The &quot;kid&quot; holds path, quote, SQL or control characters. Verifiers that use kid to open a file or query a database can be tricked into using a key the attacker knows (RFC 8725 §3.10).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A name occurs twice in one JSON object. Parsers disagree on which value wins, which lets two systems read different claims from the same token (RFC 7515 §5.2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payload is only encoded, not encrypted: anyone who sees the token reads this personal data. Prefer an opaque identifier and fetch profile data separately.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unusual typ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;typ&quot; is not a media type commonly used for JWTs (JWT, at+jwt, secevent+jwt, logout+jwt, dpop+jwt, …). Explicit types stop one kind of token being accepted as another (RFC 8725 §3.11).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unusual cty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;cty&quot; is only meant for nested tokens, where it is &quot;JWT&quot; (RFC 7519 §5.2). Elsewhere it confuses verifiers about what the payload is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non-canonical base64url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A part uses &apos;=&apos; padding or non-zero unused bits, so several spellings decode to the same bytes. Verification refuses it: the spelling is what is signed (RFC 7515 §2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payload is not a claims set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A JWS may sign any bytes, but a JWT&apos;s payload is a JSON object of claims (RFC 7519 §7.2); claim checks do not apply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critical header extensions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;crit&quot; lists header parameters a recipient must understand or else reject the token (RFC 7515 §4.1.11). Tokenscope implements none (not even b64), so verification fails unless the policy names them as understood.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Malformed crit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;crit&quot; must be a non-empty array of names of extension parameters that are present in the header, never registered names (RFC 7515 §4.1.11).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypted token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access token lacks required claims</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A JWT access token (typ at+jwt) must carry iss, exp, aud, sub, client_id, iat and jti (RFC 9068 §2.2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Characters dropped around the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something was stuck to the token with no separator (a dot, or a character outside base64url) and was left out to show what remains. Where the token really ends is a guess, so verification refuses it as malformed (RFC 7515 §7.1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claims not checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payload is not a JSON object, so exp, nbf, iat, iss, aud and required claims could not be checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Short HMAC secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An HMAC key shorter than the hash output (32 bytes for HS256) can be brute-forced offline from any one token (RFC 7518 §3.2, RFC 8725 §3.5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Well-known HMAC secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret is one of the values found in tutorials and default configurations; anyone can forge tokens with it. Generate a random secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Small RSA key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA keys under 2048 bits are too weak for JWS (RFC 7518 §3.3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Psychic signature (ECDSA r or s out of range)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An ECDSA signature needs 0 &lt; r &lt; n and 0 &lt; s &lt; n for the group order n. A signature with r or s zero, or not below n, never verifies; it is the shape of CVE-2022-21449, which made Java 15-18 accept r = s = 0 for any message and key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed with an empty HMAC secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The HMAC verifies with a zero-length secret, which some libraries accept when the secret is missing from the configuration. Anyone can forge such tokens; refuse empty secrets (RFC 8725 §3.5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HMAC secret found in the weak-secret list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenscope tried its built-in list of default, tutorial and common secrets offline and one of them verifies this token. Attackers run the same lists: rotate to a random secret of at least the hash size (RFC 7518 §3.2, RFC 8725 §3.5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA/EC public key used as HMAC secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The HS* signature verifies when your RSA or EC public key, as text or bytes, is the HMAC secret: the key-confusion attack on verifiers that let the token choose the algorithm. Tokenscope never accepts such a token; pin the algorithm to the key type (RFC 8725 §2.1, §3.1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key URL off the issuer&apos;s host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;jku&quot; or &quot;x5u&quot; points somewhere other than the host of the issuer&apos;s discovered jwks_uri. A verifier that follows it fetches a key the attacker chose (RFC 8725 §3.10); only keys the issuer publishes may verify its tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weak-secret search cut short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token is so long that Tokenscope tried only part of its weak-secret list, to keep the work per token bounded. No finding about a guessed secret does not mean the secret is strong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is a JWE (RFC 7516): without the recipient&apos;s key only its header is readable. Give the key in the Signature / Decryption pane (or to tokenscope-cli decrypt) to read the claims and check any inner signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPoP proof unreadable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A DPoP proof is a signed JWT with a JSON object of claims (RFC 9449 §4.2); this one is not, so a server must refuse the request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPoP proof without typ dpop+jwt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A DPoP proof must say &quot;typ&quot;: &quot;dpop+jwt&quot; (RFC 9449 §4.2, §4.3 step 4), so that no other signed JWT can be replayed as a proof (RFC 8725 §3.11).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPoP proof algorithm not asymmetric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A DPoP proof is signed with an asymmetric algorithm (RFC 9449 §4.2): never none, never an HMAC, whose secret the server would have to share.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPoP proof key missing or unusable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proof must carry its public key in the &quot;jwk&quot; header (RFC 9449 §4.2), of a type its alg can use. This is the one place a header key is trusted, and only to check the proof itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPoP proof carries a private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The &quot;jwk&quot; header holds private key members: the key is leaked to every server that sees the request, and the proof must be refused (RFC 9449 §4.3 step 7). Make a new key pair.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPoP proof signature invalid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proof&apos;s signature does not verify with the key in its own &quot;jwk&quot; header (RFC 9449 §4.3 step 6).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPoP proof for another method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;htm&quot; must be the request&apos;s HTTP method, compared exactly (RFC 9449 §4.3 step 8): a proof made for one method must not authorise another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPoP proof for another URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;htu&quot; must be the request&apos;s URL without query and fragment, compared after RFC 3986 §6.2.2-6.2.3 normalisation: scheme and host case-insensitive, default port left out (RFC 9449 §4.3 step 9).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPoP proof too old or from the future</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A server accepts proofs only within a short window around &quot;iat&quot; (RFC 9449 §4.3 step 11, §11.1): an old proof may be a replay; a proof from the future a pre-made one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPoP proof without jti</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;jti&quot; is what a server remembers to refuse a replayed proof (RFC 9449 §4.2, §11.1); without it, a proof is required to be refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPoP nonce differs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server asked for a nonce (DPoP-Nonce) and the proof does not carry it; it answers use_dpop_nonce and the client must retry (RFC 9449 §8, §9).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPoP proof not for this access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With an access token, the proof&apos;s &quot;ath&quot; must be base64url(SHA-256(access token)) (RFC 9449 §4.2, §7): otherwise the proof was made for another token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access token bound to another key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A DPoP-bound access token names its key in &quot;cnf&quot;: {&quot;jkt&quot;: …}, the RFC 7638 thumbprint of the proof&apos;s key (RFC 9449 §6.1). A different or missing jkt means the token is not bound to the key that signed this proof.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPoP token sent as Bearer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A DPoP-bound access token travels with the DPoP authorization scheme (RFC 9449 §7.1); sent as Bearer, a server that does not check the binding accepts it as a bearer token, which is the downgrade DPoP is meant to prevent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at_hash does not match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;at_hash&quot; is the base64url left half of the hash of the access token, the hash the ID token&apos;s alg uses (OIDC Core §3.1.3.6, §3.2.2.9). A mismatch means the access token was swapped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>c_hash does not match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;c_hash&quot; is the base64url left half of the hash of the authorization code (OIDC Core §3.3.2.11). A mismatch means the code was swapped (code injection).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s_hash does not match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;s_hash&quot; is the base64url left half of the hash of the state value (FAPI 1.0 Advanced §5.1, computed as at_hash is). A mismatch means the state was swapped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID token nonce differs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ID token&apos;s &quot;nonce&quot; must be the value the client sent in its authentication request (OIDC Core §3.1.3.7 step 11); otherwise the ID token is a replay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens from different issuers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tokens of one token response come from one authorization server, so a JWT access token&apos;s &quot;iss&quot; (RFC 9068 §2.2) is the ID token&apos;s &quot;iss&quot; (OIDC Core §2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens about different subjects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The access token and the ID token of one response name different &quot;sub&quot; values. That is legitimate only with pairwise or per-audience identifiers (RFC 9068 §6); otherwise the tokens belong to different users.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens for different clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A JWT access token&apos;s &quot;client_id&quot; (RFC 9068 §2.2) is the client the ID token was issued to: one of its &quot;aud&quot; values and its &quot;azp&quot; when present (OIDC Core §2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disclosure nothing refers to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No digest in the issuer-signed JWT or in another Disclosure matches this Disclosure, so the issuer never vouched for it: it was added or altered. A verifier must reject the SD-JWT (RFC 9901 §7.1 step 5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digest referred to twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same digest appears more than once in the payload or through Disclosures, so one Disclosure could fill two places. A verifier must reject the SD-JWT (RFC 9901 §7.1 step 4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reserved claim name in a Disclosure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Disclosure names the claim &quot;_sd&quot; or &quot;...&quot;, which would smuggle digests past the issuer. A verifier must reject the SD-JWT (RFC 9901 §7.1 step 3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disclosed claim already present</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Disclosure discloses a claim that the object already holds in the clear. A verifier must reject the SD-JWT rather than pick one (RFC 9901 §7.1 step 3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Malformed selective-disclosure structure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An &quot;_sd&quot; member that is not an array of digest strings, an array-element Disclosure behind &quot;_sd&quot; or a claim Disclosure behind &quot;...&quot;, or nesting past the limit (RFC 9901 §4.2.4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown digest algorithm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;_sd_alg&quot; names a hash that is not in the IANA Named Information Hash Algorithm registry or that Tokenscope cannot compute, so no Disclosure can be checked (RFC 9901 §4.1.1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weak digest algorithm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;_sd_alg&quot; names a truncated or broken hash (sha-256-128, sha-1, md5, …). Digests must be collision resistant, or a holder can swap in another Disclosure with the same digest (RFC 9901 §4.1.1, §9.5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key binding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The verifier asks for key binding but the SD-JWT has no Key Binding JWT: whoever holds a copy can present it (RFC 9901 §7.3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key binding does not verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Key Binding JWT is not signed by the key in the issuer&apos;s cnf, or its sd_hash, nonce, aud or iat do not fit this presentation (RFC 9901 §4.3, §7.3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>r is zero</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s is zero</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>r is not below the group order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s is not below the group order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 signature&apos;s %2: it can never verify, and only a verifier that skips the range check accepts it (CVE-2022-21449)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 signature verifies with an empty secret: anyone can forge this token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 signature verifies with entry %2 of the built-in weak-secret list &quot;%3&quot;: anyone can forge this token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signing input is %1 bytes, so only the empty secret and the first %2 of the %3 weak secrets were tried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 PEM text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 PEM text without its final newline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 PEM text with CRLF line ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SubjectPublicKeyInfo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SubjectPublicKeyInfo DER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#1 DER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>canonical JWK (RFC 7638)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 signature verifies with your %2 public key (%3 from %4) used as the HMAC secret: the token was forged for verifiers that take the algorithm from the token; Tokenscope refuses it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no usable host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; names %2, but the issuer&apos;s discovered jwks_uri is on %3: a key location the issuer does not publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a control character (U+%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the SQL word &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;=&apos; padding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>non-zero unused bits in its last character &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 is not canonical base64url: %2 (character %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 has &quot;%2&quot; twice; parsers disagree on which one counts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;alg&quot; is &quot;none&quot;: the token is not signed at all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;alg&quot; is &quot;%1&quot;, a different spelling of &quot;none&quot; that lax verifiers may accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;alg&quot; is &quot;%1&quot;, which is not a JWS algorithm Tokenscope knows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;alg&quot; is %1 but the signature part is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; points to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header carries &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; never used for verification, keys come only from you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;kid&quot; contains %1, a sign of path traversal or injection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;typ&quot; is not a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;typ&quot; is &quot;%1&quot;, not a usual JWT media type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;cty&quot; is not a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;cty&quot; is &quot;%1&quot;; only &quot;JWT&quot; (a nested token) is expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;cty&quot; says the payload is a nested JWT, but the payload is JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a non-empty array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it holds a value that is not a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it lists the registered name &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it lists &quot;%1&quot;, which is not in the header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;crit&quot; is malformed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;crit&quot; requires understanding %1; verification fails unless the policy accepts them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the payload is not JSON (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the payload is JSON but not an object of claims</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a NumericDate (a number of seconds within years 1 to 9999)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token has no &quot;exp&quot;: it never expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token lives %1 (from iat to exp), more than 24h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token is valid for another %1, more than 24h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (exp %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;exp&quot; (%1) is not after &quot;iat&quot; (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;exp&quot; (%1) is not after &quot;nbf&quot; (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issued %1 in the future (iat %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid only from %1 (nbf %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;aud&quot; is neither a string nor an array of strings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is personal data readable by anyone holding the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>typ is at+jwt but %1 missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encrypted with %1 / %2: the claims need the recipient&apos;s key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown enc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>left out of the token: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the HMAC secret is a well-known value from the built-in weak-secret list (samples, defaults, common passwords)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the HMAC secret is %1 bytes; %2 needs at least %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the HMAC secret is %1 bytes; HMAC needs at least %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the RSA key has %1 bits, fewer than the 2048 required</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HarReader</name>
    <message>
        <source>: expected an object (an entry)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request header %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request cookie %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>query parameter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>form parameter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response header %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response cookie %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;encoding&quot; is base64 but the text is not</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>redirect URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an object with string &quot;name&quot; and &quot;value&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an object with a string &quot;name&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file ends where &apos;%1&apos; was expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &apos;%1&apos; at byte %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file ends inside this value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>larger than %1 MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected &apos;%1&apos; at byte %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a member name at byte %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a member name is not a valid JSON string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid JSON at byte %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InspectPanes</name>
    <message>
        <source>Token input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text that holds one or more tokens; they are found and decoded as you type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token to inspect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoding…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoding in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time until expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validity timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time travel to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time travel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Judge the token at another moment instead of now (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time travel moment (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Leeway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leeway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock skew tolerated on exp, nbf and iat (RFC 7519 §4.1.4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoded token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token with its parts coloured; select characters to find the member they encode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payload JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payload claims table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disclosures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature / Decryption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token Bundle</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InspectWorkspaceActions</name>
    <message>
        <source>&amp;Open Token File…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paste and Inspect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lear Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy &amp;Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy &amp;Header JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Pa&amp;yload JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go to Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next Token in Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;revious Token in Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claims as &amp;Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Time Travel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to &amp;Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a file that holds a token (a .jwt file, a log, a HAR excerpt…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the input with the clipboard and inspect it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the token; marked concealed so clipboard managers do not keep it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IssuerAdminMessage</name>
    <message>
        <source>Revoked %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to revoke: the issuer does not know %1 (a database from another run?).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer refused to revoke %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach the issuer to revoke %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot change the ban of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lifted the ban of %1 (revoked sessions stay revoked).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Banned %1: every session is revoked and logins fail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot rotate the keys: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published the new key %1; it signs from %2, after the policy&apos;s key overlap.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot advance the clock: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the issuer&apos;s state: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IssuerConfig</name>
    <message>
        <source>expected a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a whole number of seconds (0 or more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an array of strings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>appears twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected one of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be at least 1 second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a percentage from 1 to 100</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an asymmetric JWS algorithm (ES256, RS256, EdDSA, …)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected at least one public key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>holds a private key; give the client&apos;s public keys only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown grant type &quot;%1&quot; (expected %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a whole number from %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &quot;normal&quot;, &quot;server_error&quot; or &quot;stale&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not valid JSON: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an array of clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client &quot;%1&quot; is defined twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an array of users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user &quot;%1&quot; is defined twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: larger than %2 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a tenant cannot hold issuers of its own; list every issuer in the top-level &quot;issuers&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most %1 issuers on one server</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IssuerDatabaseLocation</name>
    <message>
        <source>%1:// URLs are not supported: give a SQLite file or a postgresql:// URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a valid URL (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the user is missing (postgresql://USER@HOST:PORT/DATABASE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the host is missing (postgresql://USER@HOST:PORT/DATABASE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the port must be a number from 1 to 65535</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database name is missing or has a slash (postgresql://USER@HOST:PORT/DATABASE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>query parameters and fragments are not supported</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IssuerLauncher</name>
    <message>
        <source>The issuer did not start: the config file is not valid. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer did not start: there is no preset named %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer did not start: cannot create a temporary folder for its database (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer did not start: choose a database file first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer did not start: port %1 on %2 is already in use. Choose another port, or 0 for any free one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer did not start: this user may not listen on port %1 (ports below 1024 need privileges). Choose a port from 1024 up, or 0 for any free one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer did not start: the database %1 comes from a newer Tokenscope and was left untouched (%2). Choose another database, or a temporary one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer did not start with the database %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer did not start: it has no signing key (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer did not start: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IssuerMigrations</name>
    <message>
        <source>cannot start the schema migration: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot create the schema_version table: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the schema version: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database has schema version %1; this Tokenscope knows versions up to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>schema migration %1 (%2) failed, nothing of it was applied: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot record schema migration %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot commit schema migration %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IssuerPresets</name>
    <message>
        <source>Auth0: access token 24 h; rotating refresh token, 30 d absolute lifetime for the family; reuse leeway 0; reuse revokes the family.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Okta: access token 1 h; rotating refresh token with a 30 s grace period; reuse revokes the family; the refresh token dies after 7 d unused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amazon Cognito: access and ID tokens 1 h; refresh token 30 d; with rotation a new token inherits the remaining lifetime; the old one stays valid for a grace period of 0-60 s (60 s here); later reuse is rejected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keycloak: access token 5 min; SSO session idle 30 min, maximum 10 h; a new refresh token on each refresh while older ones stay valid (Revoke Refresh Token off).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node-oidc-provider (confidential client): access token 1 h; refresh token 14 d; rotated once older than 70 % of its lifetime; reuse revokes the family; no grace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node-oidc-provider (public client): as the confidential preset, but public clients always rotate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dex: ID token 24 h; refresh tokens rotate and do not expire by default; a 3 s reuse interval returns the same token; later replay is rejected without revoking the family.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two-token pattern: access token 15 min, refresh token 7 d, no rotation.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IssuerStore</name>
    <message>
        <source>the Qt SQLite driver (QSQLITE, Debian package libqt6sql6-sqlite) is not installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot make %1 private (0600)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot open the database %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot set up the database %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the Qt PostgreSQL driver (QPSQL, Debian package libqt6sql6-psql) is not installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostgreSQL at %1 refused the connection: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot reach PostgreSQL at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a step of the transaction failed; it was rolled back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot create the schema at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IssuerTenantName</name>
    <message>
        <source>&quot;%1&quot; is not a tenant name: use 1 to %2 of a-z, 0-9 and -, starting with a letter or digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is a path of the root issuer; choose another tenant name</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IssuerTenants</name>
    <message>
        <source>%1 tenants: a server holds at most %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tenant: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tenant: &quot;%1&quot; is given twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tenant %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IssuerWorkspaceActions</name>
    <message>
        <source>&amp;Start Mock Issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top Mock Issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Issuer &amp;URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open in Inspect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Revoke Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke &amp;Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ban User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate &amp;Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advance Clock 1 &amp;Minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advance Clock 1 &amp;Hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Advance Clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show S&amp;ecrets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Client S&amp;ecret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy User &amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lear Request Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in Inspect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the mock issuer on 127.0.0.1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode and verify the selected token in the Inspect workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selected token; marked concealed so clipboard managers do not keep it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke the selected token through the issuer&apos;s admin API (a refresh token revokes its whole family)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke every token of the selected token&apos;s session (refresh family)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ban the selected user: logins and refreshes fail and every session is revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish a new signing key now; it signs after the policy&apos;s key overlap</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Json</name>
    <message>
        <source>the JSON text is %1 bytes, more than the limit of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a byte order mark is not allowed (RFC 8259 §8.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty input, expected a JSON value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only whitespace, expected a JSON value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected %1 after the end of the JSON value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected end of input, expected a value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected %1, expected a value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a digit after &apos;-&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leading zeros are not allowed in numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a digit after &apos;.&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a digit in the exponent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nesting deeper than %1 levels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected end of input, expected &apos;,&apos; or &apos;]&apos; in an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected %1, expected &apos;,&apos; or &apos;]&apos; in an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected end of input, expected a member name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected %1, expected a member name in double quotes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &apos;:&apos; after member name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected end of input, expected &apos;,&apos; or &apos;}&apos; in an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected %1, expected &apos;,&apos; or &apos;}&apos; in an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unterminated string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control character U+%1 must be escaped inside a string (RFC 8259 §7)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>\u escape needs four hexadecimal digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unterminated escape sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lone low surrogate escape \u%1 (RFC 8259 §8.2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>high surrogate escape \u%1 is not followed by a low surrogate escape (RFC 8259 §8.2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid escape sequence \%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid UTF-8: overlong encoding (byte 0x%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid UTF-8: code point above U+10FFFF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid UTF-8: byte 0x%1 cannot start a character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid UTF-8: truncated sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid UTF-8: truncated sequence at the end of the input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid UTF-8: overlong encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid UTF-8: encoded surrogate (U+D800..U+DFFF)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JweDecryptor</name>
    <message>
        <source>the token does not decrypt with the given key (wrong key, or the token was altered)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header has no %1 member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header member %1 must be a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header member %1 is not canonical unpadded base64url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header member %1 is %2 bytes; it must be %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header member %1 is %2 bytes; it must be at least %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs an RSA private key, this is %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA key of %1 bits is below the 2048-bit minimum (RFC 7518 §4.2, §4.3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs a symmetric key, this is %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs a %2-bit key, this one has %3 bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dir needs a symmetric key, this is %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dir with %1 needs a %2-bit key, this one has %3 bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs a password, this is a %2 key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs an EC (P-256/384/521) or X25519/X448 private key, this is %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the JWK is for %1, not %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK use is %1, not enc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK key_ops does not include %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not an encrypted token: a compact JWE has five dot-separated parts (RFC 7516 §7.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 is not canonical base64url (padding or non-zero unused bits) at character %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header has the member %1 twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not a string)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header marks %1 critical, an extension Tokenscope does not understand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key management algorithm %1 is not supported (supported: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the content encryption algorithm %1 is not supported (supported: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the compression algorithm %1 is not supported (RFC 7516 §4.1.3 defines only &quot;DEF&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 (part %2) is %3 bytes; %4 needs %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exactly %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a non-zero multiple of 16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the encrypted key (part 2) is %1 bytes; %2 with %3 needs %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (RFC 7516 §5.1 step 5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one RSA block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header member &quot;p2c&quot; must be a positive integer (RFC 7518 §4.8.1.2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header member &quot;p2c&quot; asks for %1 PBKDF2 iterations, over the cap of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header member &quot;epk&quot; (the ephemeral public key) must be a JWK object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>header epk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no key given has the kid %1 the token names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no key given can decrypt %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA1_5 (RSAES-PKCS1-v1_5) key encryption is deprecated: its padding invites oracle attacks (RFC 8725 §3.2); use RSA-OAEP-256 or ECDH-ES</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the content inflates past the cap of %1 bytes (&quot;zip&quot;:&quot;DEF&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the decrypted content does not inflate (&quot;zip&quot;:&quot;DEF&quot;): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the content is over the cap of %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decrypted with %1 and %2; the content is a nested JWT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decrypted with %1 and %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the JWE JSON serialization with %1 recipients (RFC 7516 §7.2.1) is not supported; only the compact serialization is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the JWE JSON serialization (RFC 7516 §7.2) is not supported; only the compact serialization is</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeyBindingVerifier</name>
    <message>
        <source>key binding is required but the SD-JWT ends without a key-binding JWT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no key-binding JWT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the issuer-signed JWT has no cnf.jwk, so the key-binding JWT cannot be checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cnf.jwk of the issuer-signed JWT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cnf.jwk is not a usable key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key-binding JWT&apos;s typ is not &quot;kb+jwt&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key-binding JWT: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sd_hash %1 is not the %2 digest of this presentation (%3): disclosures were added, removed or changed after the holder signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sd_hash cannot be checked: &quot;%1&quot; is not a hash algorithm Tokenscope can compute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nonce &quot;%1&quot; is not the expected &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key-binding JWT was issued %1 s ago, more than the %2 s allowed: it may be replayed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key binding verified with the holder&apos;s key (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LabForRun</name>
    <message>
        <source>cannot start a lab for the live run: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LabResourceServers</name>
    <message>
        <source>a store outage with a store per server cannot run on a lab: those stores live in the servers&apos; memory, and the lab takes down only its Redis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2, the scenario needs %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it has %1 servers, the scenario needs %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its servers keep the %1 clock, not its own issuer&apos;s (start it without --issuer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer from the lab at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Tokenscope lab (GET /lab/state answered %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the lab at %1 does not fit %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the lab refused %1 (HTTP %2: %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a lab server did not answer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a lab server answered HTTP %1 to a request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the lab&apos;s blocklist to catch up with the issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the lab&apos;s revocation feed cannot read the issuer&apos;s state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waited %1 s for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the lab refused a login (HTTP %1: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the store to go down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab server %1 to go down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the store to come back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab server %1 to come back</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LiveIssuer</name>
    <message>
        <source>%1 clients is too many for a live run (at most %2: every login and refresh is an HTTP exchange); run it against the model instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 users is too many for a live run (at most %2); run it against the model instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer from %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an OpenID Connect issuer: no discovery document at /.well-known/openid-configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no %2 (RFC 7517/7009/7662), which a live run needs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no Tokenscope admin API (GET /admin/state answered %2): a live run sets the issuer&apos;s policy and clock through it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused the run&apos;s configuration (POST /admin/config answered %2: %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not move its clock (POST /admin/set-clock answered %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token endpoint refused a login: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the issuer issued no refresh token although its policy has them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token endpoint answered 200 without an access_token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the introspection endpoint answered %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the revocation endpoint answered %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POST /admin/ban answered %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POST /admin/roles answered %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POST /admin/rotate-keys answered %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer from %1 within %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the JWKS at %1 could not be fetched: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LocalMockIssuer</name>
    <message>
        <source>cannot create a temporary folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LocalRequestCheck</name>
    <message>
        <source>the Host header does not name this issuer (localhost or %1, port %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requests from another origin are refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cross-site requests are refused</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OidcHashes</name>
    <message>
        <source>%1 present; give the %2 to check it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no %1 and no %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the ID token has no %1, required when the %2 comes from the authorization endpoint with it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the ID token has no %1 (optional here)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alg %1 names no hash to compute %2 with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is the left half of the %2 of the %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 with %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2 but the %3 hashes to %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> or </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nonce %1; give the nonce the client sent to check it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no nonce expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nonce %1 is not the client&apos;s %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the ID token has no nonce; the client sent %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nonce matches the client&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrettyJson</name>
    <message>
        <source>… shortened for display: the rest of this document is not shown here</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProbeReport</name>
    <message>
        <source>rotates on every refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keeps the refresh token right after issue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>preset rotates on every refresh, the issuer did not</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>preset keeps the refresh token right after issue, the issuer rotated it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grace window: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grace window: issuer %1, preset %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reuse handling: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reuse handling: issuer %1, preset %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>access token lifetime %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>access token lifetime: issuer %1 s, preset %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source># Issuer probe: %1

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>- Discovery: %1
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>- Client: `%1`, flow `%2`
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>- **Stopped**: %1 (`%2`)
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>- Closest preset: **%1** (%2 of %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; agrees: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; differs: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
## Findings

| Finding | Result | Summary | Evidence |
|---|---|---|---|
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
## Requests

| # | Step | Request | Grant | Status | Error | Note |
|---|---|---|---|---|---|---|
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Tokens, secrets and error descriptions are never included in this report.
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RedactedReport</name>
    <message>
        <source>Redacted report: the signature is removed and %1 value(s) are masked, so this %2 cannot be verified from it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source># Token report (%1, alg %2)

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>## Header

```json
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>## Claims

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not shown: encrypted, or not a JSON object of claims)

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>## Times

| claim | UTC | relative |
|---|---|---|
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>## Findings

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token report (%1, alg %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claims</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not shown: encrypted, or not a JSON object of claims)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportExport</name>
    <message>
        <source>Markdown (*.md);;JSON (*.json);;HTML (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunDescription</name>
    <message>
        <source>AT %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RT %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rotation %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reuse %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no grace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grace %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no refresh tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>against the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live run against a mock issuer started for the run at %1: %2 HTTP exchanges, and every token on the timeline is one the issuer returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live run against the Issuer workspace&apos;s mock issuer at %1: %2 HTTP exchanges, and every token on the timeline is one the issuer returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 clients · %2 events · %3 tokens issued · ran live in %4 ms, %5 HTTP exchanges · seed %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 clients · %2 events · %3 tokens issued · ran headless in %4 ms · seed %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · timeline shows the first %1 clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · too many tokens to keep for opening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · event list truncated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not run: %1. The previous run is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running “%1” live against a mock issuer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running “%1” headless…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The live run failed: %1. The previous run is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live run failed; showing the previous run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run stopped after %1 events, at %2 simulated: the engine&apos;s event limit. The previous run is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run stopped at %1 simulated; showing the previous run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live run against a mock issuer at %1, its API calls on a live lab at %2 (real resource servers and Redis), both started for the run: %3 HTTP exchanges with the issuer; every token on the timeline is one it returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running “%1” live against a mock issuer, on a live lab…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunExport</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be written</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScanJob</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScenarioLoader</name>
    <message>
        <source>expected a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>longer than 4096 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an integer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is out of range (%2 to %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a number from 0 to 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a duration such as 90, &quot;45s&quot;, &quot;15m&quot;, &quot;1h30m&quot; or &quot;7d&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s is out of range (%2 to %3 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected one of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an object with &quot;mode&quot; and &quot;seconds&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a JWS algorithm such as ES256, RS256 or EdDSA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be shorter than signing.rotateEvery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a key rotation interval under 60 s is not supported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &quot;tokenscope-scenario/1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected seconds since the epoch or a UTC time such as &quot;2026-01-01T00:00:00Z&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected one of exponential, fixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an array of at most 10000 user numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a user number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than %1 attackers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>required: access_token, refresh_token or session_id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than %1 events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>required: one of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client %1 does not exist (clients.count is %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after the end of the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resource servers use sessions: only session_id can be stolen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resource servers take tokens: there is no session id to steal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the issuer issues no refresh tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user %1 does not exist (%2 users)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a server outage needs the server&apos;s number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a server outage needs a duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a store outage needs a duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more users than clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is %1 bytes; scenarios may be at most %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not valid JSON at byte %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member appears twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a JSON object at the top level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overrides must be a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a non-empty array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than %1 variants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an object with &quot;name&quot; and &quot;overrides&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a non-empty string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is used twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (in variant &quot;%2&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no built-in scenario &quot;%1&quot; (built in: %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SdJwt</name>
    <message>
        <source>disclosure %1 (character %2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty; two &apos;~&apos; in a row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not base64url: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not JSON: %1 at byte %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a JSON array of two or three elements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the salt (first element) is not a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the claim name (second element) is not a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the SD-JWT is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the SD-JWT is %1 bytes, more than the %2 allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an SD-JWT has at least one &apos;~&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issuer-signed JWT: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issuer-signed JWT: an SD-JWT starts with a JWS, not an encrypted token (RFC 9901 §4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than %1 disclosures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key-binding JWT (after character %1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key-binding JWT (after character %1): an encrypted token, not a JWS</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SdJwtAnalysis</name>
    <message>
        <source>disclosure %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SD-JWT VC+KB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SD-JWT+KB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SD-JWT VC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SD-JWT</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SdJwtClaims</name>
    <message>
        <source>&quot;_sd_alg&quot; %1 is not a hash algorithm Tokenscope can compute; no digest can be checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;_sd_alg&quot; &quot;%1&quot; is not collision resistant: a holder could find another Disclosure with the same digest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disclosure %1 (%2): no digest in the token refers to it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>claim &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an array element</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the digest %1 appears more than once (again at %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disclosed values nest more than %1 levels deep at %2; deeper digests were not followed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;_sd&quot; at %1 is not an array of digests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;_sd&quot; at %1 holds a value that is not a digest string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disclosure %1 is an array element but its digest sits in &quot;_sd&quot; at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disclosure %1 names the reserved claim &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disclosure %1 discloses &quot;%2&quot;, which already exists at %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an array element at %1 has a &quot;...&quot; that is not a digest string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disclosure %1 is a claim (&quot;%2&quot;) but its digest is an array element at %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SdJwtVerifier</name>
    <message>
        <source>the issuer&apos;s signature is valid, but the Disclosures are not: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the issuer&apos;s signature and the Disclosures are valid, but the key binding is not: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; %2 disclosure(s) match their digests; %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; %2 disclosure(s) match their digests; no key binding</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SimMetrics</name>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>simulated time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>events processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>legitimate requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>legitimate requests accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 accepted, %3 rejected; %4 store down, %5 unknown key, %6 no server)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attacker requests accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>store lookups per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blocklist lookups per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>introspection calls per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS fetches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 denied)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>users wrongly logged out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 times, %2 clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>victims logged out by theft defence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refreshes per hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refresh failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refresh answers lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reuse detections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 families revoked, %3 grace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>families revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grace honoured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blocklist size (max)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>credential bytes per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens issued / signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 access, %2 refresh, %3 sessions / %4 signatures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, still open at the end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exposure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 (%3): %4%5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exposure %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (open)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StartupCheck</name>
    <message>
        <source>claim catalogue %1 cannot be read: %2; claims are shown without explanations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>claim catalogue %1 is broken: %2; claims are shown without explanations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>icon folder %1 has no application icon (tokenscope.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>icon %1 is not a valid SVG; it is left blank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no built-in scenarios were found; the Simulate workspace can still open scenario files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>built-in scenario %1 cannot be used: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimeFormat</name>
    <message>
        <source>y</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired %1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelinePainter</name>
    <message>
        <source>day %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>d%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running the scenario…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rt %1.%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sid #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blocklist ≤ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>access · refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T+ %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenAnalysis</name>
    <message>
        <source>Encrypted (JWE): the payload is ciphertext. Tokenscope shows the protected header.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payload is not JSON: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenExtractor</name>
    <message>
        <source>%1 before the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 right before the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 after the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 right after the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cookie %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authorization header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenVerifier</name>
    <message>
        <source>the header has no &quot;typ&quot;; the policy requires %1 (RFC 8725 §3.11)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;typ&quot; is %1; the policy requires %2 (RFC 8725 §3.11)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;crit&quot; must be a non-empty array of header names (RFC 7515 §4.1.11)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;crit&quot; holds a value that is not a string (RFC 7515 §4.1.11)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;crit&quot; lists &quot;%1&quot;, a registered header parameter it must not name (RFC 7515 §4.1.11)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;crit&quot; lists &quot;%1&quot;, which is not in the header (RFC 7515 §4.1.11)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;crit&quot; requires &quot;b64&quot; (RFC 7797 unencoded payload), which Tokenscope does not support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;crit&quot; requires &quot;%1&quot;, which this verifier does not understand (RFC 7515 §4.1.11)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a NumericDate (a number of seconds within years 1 to 9999, RFC 7519 §2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired %1 ago (exp %2, leeway %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not valid for another %1 (nbf %2, leeway %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issued %1 in the future (iat %2, leeway %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token has no &quot;iss&quot;; expected &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;iss&quot; is not a string; expected &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;iss&quot; is &quot;%1&quot;, expected &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token has no &quot;aud&quot;; expected &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;aud&quot; is %1, which does not include &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the required claim &quot;%1&quot; is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an encrypted token (JWE, alg %1, enc %2): give a decryption key to verify the token inside it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a signed token (JWS) has three parts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 is not canonical base64url (padding or non-zero unused bits) at character %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 has the member &quot;%2&quot; twice (character %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;kid&quot; must be a string (RFC 7515 §4.1.4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;alg&quot; is &quot;none&quot;: the token is unsigned, and unsigned tokens never verify (RFC 8725 §3.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;alg&quot; is &quot;%1&quot;, which is not a supported JWS algorithm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;alg&quot; %1 is not allowed (allowed: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no keys were given to verify with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no key with kid &quot;%1&quot; among %2 keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no candidate key can verify %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 signature does not verify with the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 signature does not verify with any of the %2 keys that fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is JSON but not an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the payload cannot be read as JWT claims (RFC 7519 §7.2): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the payload is not a JSON object, so exp, nbf and iat were not checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>characters are stuck to the token with no separator: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 signature verifies and the claims pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kid differs (the token asks for &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signature does not verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signature does not verify: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signature verifies</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UrlPolicy</name>
    <message>
        <source>no URL given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not a valid URL (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not an absolute URL; give one that starts with https://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the &quot;%2&quot; scheme is not supported; keys are fetched over https</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the URL has no host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: URLs with a user name or password are not accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: plain http is refused for a host other than this machine, since anyone on the path could swap the keys; use https, or allow insecure URLs explicitly</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkEstimate</name>
    <message>
        <source>client requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refresh-ahead refreshes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sign-ins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>concurrent refreshes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attacker calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issuer events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the run would take about %1 events (%2); a run may take at most %3 (see &quot;Limits&quot; in docs/scenarios.md)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Tokenscope: a desktop workbench for bearer tokens (JWT). Paste a token, see it decoded, verified and explained.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A file holding a token, or the token (any text holding it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render the window after loading, save it as a PNG, quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neither read nor write saved window layout or preferences.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Palette: system (default), light or dark.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window size, e.g. 1400x900.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start in this workspace: inspect (default), simulate or issuer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select this payload claim after loading (screenshots).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokenscope: give at most one file or token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokenscope: --theme is system, light or dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokenscope: --workspace is inspect, simulate or issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokenscope: --size is WIDTHxHEIGHT, at least 400x300</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokenscope: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).
Run it in a desktop session, under Xvfb (xvfb-run -a tokenscope …), or with QT_QPA_PLATFORM=offscreen for screenshots. tokenscope-cli works without a display.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokenscope: the payload has no claim %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokenscope: cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::BindingChecksModel</name>
    <message>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::BundleTokensModel</name>
    <message>
        <source>DPoP proof</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>opaque, %n characters</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>JWE (encrypted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unsecured JWT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>typ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opaque: not a JWT, so only its issuer can read it (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown in the panes (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activate to show this token in the panes (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::BundleView</name>
    <message>
        <source>Token bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token bundle summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens in the bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activate a token to show it in the Encoded, Header and Payload panes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bundle checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One row per check, with its outcome, reason code and message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPoP request method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The HTTP method of the request the proof came with, compared with its htm (RFC 9449 §4.3). Empty: the pasted request&apos;s method, if any.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPoP request URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The URL of the request the proof came with, compared with its htu without query and fragment (RFC 9449 §4.3). Empty: the pasted request&apos;s URL, if any.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server DPoP nonce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The DPoP-Nonce the server gave; the proof&apos;s nonce must equal it (RFC 9449 §8, §9). Empty: no nonce expected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server &amp;nonce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OIDC nonce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The nonce the client sent in its authentication request; the ID token&apos;s nonce must equal it (OIDC Core §3.1.3.7). Empty: not compared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the nonce the client sent (not compared)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OIDC n&amp;once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token response (token_type %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authorization response in a redirect URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP request %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens pasted together</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n tokens</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n checks failed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n checks, none failed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not checked</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1: opaque. It has no JOSE structure, so there is nothing to decode; only its issuer can read it (token introspection, RFC 7662).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not compared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the request&apos;s URL (htu not compared)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none expected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::ClaimsTableModel</name>
    <message>
        <source>%1  (%2, %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::ClientDirectoryModel</name>
    <message>
        <source>confidential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>public</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(hashed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all its type allows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only its SHA-256 is in the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirect URIs: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grants</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::DecryptionBox</name>
    <message>
        <source>// header
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
// claims
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not JSON: %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(%1 bytes, not UTF-8 text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decryption key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decryption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decryption key kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private JWK or JWK Set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Symmetric key (base64url)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password (PBES2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K&amp;ey:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decryption key (JWK or PEM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decryption secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decryption key status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decryption result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decrypted content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a private JWK {&quot;kty&quot;:…,&quot;d&quot;:…} or a JWK Set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a PEM private key (-----BEGIN PRIVATE KEY-----…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password (PBES2, RFC 7518 §4.8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key, base64url (A*KW, A*GCMKW or dir)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the key the token was encrypted to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pasted PEM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pasted JWK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 key loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 keys loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the shared key, base64url.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is not valid base64url.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>symmetric key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1-bit key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not decrypted (%1, %2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, key %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decrypted (%1%2): a nested %3 token, verified below with the key source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decrypted (%1%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nested token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::DisclosuresView</name>
    <message>
        <source>SD-JWT summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SD-JWT disclosures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the claims at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Salt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the disclosed value sits in the processed claims (a JSON Pointer, RFC 6901)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key binding check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key-binding JWT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(array element)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>referred to by no digest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(undisclosed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>withheld claim or decoy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disclosures: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>undisclosed digests (withheld claims or decoys): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>digest algorithm: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>problems: %1, see Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: the SD-JWT ends without a key-binding JWT, so anyone holding it can present it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✖ %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key binding:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>header: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payload: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected sd_hash: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::EventLogModel</name>
    <message>
        <source>login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>login denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>concurrent refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>theft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attacker request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attacker refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>store outage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>store restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exposure ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>d%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attacker %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::FetchErrorText</name>
    <message>
        <source>Keys are fetched over https only, except from this machine. If you trust the network, allow plain http for this URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a URL Tokenscope can fetch: check for typos and the https:// prefix.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host name does not resolve: check its spelling, your DNS or your VPN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is listening there: is the server running, and is the port right?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted. For a staging issuer with an internal CA, choose its CA bundle below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not answer in time. It may be down or behind a firewall.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server has nothing at this URL: check the path (for an issuer, its exact URL).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refuses to hand out the keys without credentials: is this the public JWKS URL?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server failed to answer: try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered with an error instead of the keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer is larger than a key set should be, so Tokenscope stopped reading it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not send JSON: is this really a JWKS or discovery URL?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key set holds no key Tokenscope can use for verifying signatures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer&apos;s discovery document does not say where its keys are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server redirected somewhere Tokenscope will not follow (e.g. from https to http).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You cancelled the fetch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The discovery document belongs to a different issuer: check the issuer URL (with or without a trailing path).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fetch failed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::FoundTokensPanel</name>
    <message>
        <source>Tokens found in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter Found Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel Scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lose Found Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter found tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter: issuer, subject, status, place… (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close found tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Found tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning… (Esc cancels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning… %1 read (Esc cancels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning %1 stopped: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token found in %1 (%2 read).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 distinct token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 distinct tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, seen once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, seen %1 times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · still valid now: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled after %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: %1. %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::InspectInputLoader</name>
    <message>
        <source>Paste a token, an Authorization header, a cookie, a curl command or a log line, or drop a file here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 characters from %2 are being inspected; they are not shown here. Type or paste to replace them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is larger than %2 bytes, the most Tokenscope reads into the input.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a file holding a token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens and text (*.jwt *.jws *.jwe *.txt *.log *.har *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::InspectWorkspace</name>
    <message>
        <source>JWS (signed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsecured JWT (alg none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWE (encrypted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspect workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n tokens in the input:</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No token found. Tokenscope looks for three (JWS) or five (JWE) base64url parts separated by dots, e.g. eyJhbGciOi…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot decode this token: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This token has %1 characters; the first %2 are shown. Header, payload and findings cover all of it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not decoded: the Encoded pane marks where the token is broken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not decodable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kid %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signature not checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a key source in the Signature pane to verify the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signature not checked: choose a key source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ signature valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ signature valid (key %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✖ %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (time travel)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::IssuedTokensModel</name>
    <message>
        <source>Access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rotated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 via %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grant %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grant %1, session (sid) %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>session revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user banned</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::IssuedTokensView</name>
    <message>
        <source>Issued tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens the mock issuer handed out in this session, newest first, with their status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::IssuerAdminClient</name>
    <message>
        <source>cannot reach the issuer (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::IssuerClockBar</name>
    <message>
        <source>Issuer clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount to advance the issuer clock by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit of the clock advance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer clock: not running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer clock: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(%1 ahead)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2): published from %3, signs from %4%5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, retires %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Signing key %1 · %n published</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tokenscope::IssuerDirectoryPanes</name>
    <message>
        <source>Clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide S&amp;ecrets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show S&amp;ecrets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This client has no secret that Tokenscope knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenscope does not know this user&apos;s password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::IssuerEndpointsTable</name>
    <message>
        <source>Endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discovery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authorize (login page)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revocation (RFC 7009)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Introspection (RFC 7662)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Userinfo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the %1 URL</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::IssuerFaultsPanel</name>
    <message>
        <source>Faults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answers 500</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stale (no current key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What /jwks serves: the key set, a 500 server_error, or the set without the key that signs now, as a forgotten cache would</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;JWKS:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much later /jwks answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS &amp;delay:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much later the token endpoint answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Token delay:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The share of token requests answered 503 temporarily_unavailable, spread evenly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token &amp;errors:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moves the iat and nbf of issued tokens: ahead refuses them until verifiers catch up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock &amp;skew:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign with an &amp;unpublished kid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued tokens name a kid the JWKS does not publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trailing &amp;slash on discovery&apos;s issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discovery&apos;s issuer differs from the tokens&apos; iss by a trailing slash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop &amp;refresh answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A refresh is committed, then the connection closes without the answer: the lost response that logs users out under rotation without grace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply Faults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch the issuer to exactly these faults (POST /admin/faults)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lear All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch every fault off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Faults now on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the issuer to switch faults.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No faults are on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer refused the faults: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS delay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token delay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply faults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear all faults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock skew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the issuer&apos;s faults…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::IssuerPicker</name>
    <message>
        <source>Issuer shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer whose endpoints, clients, users, tokens, clock and faults are shown: the root issuer or one of the tenants served under their own path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Issuer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Root issuer (/)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::IssuerServerBar</name>
    <message>
        <source>Mock issuer set-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer policy preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As configured (demo: rotate, revoke family on reuse)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A provider preset replaces the config file&apos;s policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;ort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port on 127.0.0.1 (0: any free port)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer listens on 127.0.0.1 only; 0 picks a free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Con&amp;fig file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: the demo clients and user (docs/issuer.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer config file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an issuer config file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the issuer keeps its state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temporary, for this session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User data folder (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SQLite database holds clients, refresh families, revocations and the issuer&apos;s throwaway keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mock issuer status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer Config File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQLite databases (*.sqlite *.db);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State: temporary database %1, deleted when Tokenscope closes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State: a temporary database, deleted when Tokenscope closes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State: %1 in the user data folder, shared with &lt;code&gt;tokenscope-cli issuer serve&lt;/code&gt;; kept between sessions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State: %1; kept between sessions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>demo policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:%1&quot;&gt;●&lt;/span&gt; &lt;b&gt;Running&lt;/b&gt; at &lt;a href=&quot;%2&quot;&gt;%3&lt;/a&gt; · %4 · %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:%1&quot;&gt;●&lt;/span&gt; &lt;b&gt;Stopped&lt;/b&gt; · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Te&amp;nants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none, or names such as acme globex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenants served under their own path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Further issuers on the same port, each under /NAME with the demo clients and user; a config file&apos;s &quot;issuers&quot; are added to these</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::IssuerWorkspace</name>
    <message>
        <source>&amp;Ban User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer workspace tabs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local mock issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staging issuer probe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe a staging issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lift &amp;Ban</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the session %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Faults</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::JsonView</name>
    <message>
        <source>%1 · %2 · %3 local</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A claim the catalogue does not know.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A header parameter the catalogue does not know.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A long value: only its beginning is shown here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::JwksClient</name>
    <message>
        <source>%1: an issuer URL has no query or fragment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no network access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: too many redirects (more than %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: redirect to %2 not followed, since it changes the scheme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: redirect not followed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the response is %2 bytes, more than the limit of %3 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the response is larger than the limit of %2 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: HTTP %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: HTTP %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: host %2 not found (the name does not resolve)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: connection refused by %2 on port %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: TLS error: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the connection timed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the %2-compressed response could not be decompressed within the limit of %3 bytes (it expands too far, as a decompression bomb does, or it is corrupt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no HTTP response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the discovery document is not valid JSON: %2 at offset %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the discovery document is not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the discovery document names the issuer &quot;%2&quot;, not &quot;%3&quot; that was asked for (OpenID Connect Discovery 1.0 §4.3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the discovery document has no &quot;jwks_uri&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>jwks_uri from %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the JWK Set is not valid JSON: %2 at offset %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the JWK Set has no keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no usable key: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no complete answer within %2 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::JwksFetchBox</name>
    <message>
        <source>Allow plain &amp;http for this URL (this session only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys fetched over plain http can be swapped by anyone on the network path. Loopback addresses are always allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. In the background, at most %2 s and %3 KiB per answer; https only, except from this machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cached keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom CA bundle file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: CA bundle (PEM) for an issuer with an internal CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;A bundle:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA bundle %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA bundle %1: larger than %2 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA bundle %1: no PEM certificate in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a URL to fetch the keys from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetched %1, trusted until %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(stale: fetched again at the next verification)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys from %1, named by the discovery document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching again: the token&apos;s kid is not in the cached keys…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose CA Bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::KeyAttemptsModel</name>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kid: %1
thumbprint (RFC 7638): %2
from: %3
%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why not used</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::KeySourceBox</name>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer (OpenID Connect discovery)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pasted JWK or JWK Set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM key or certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HMAC secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://issuer.example/.well-known/jwks.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://issuer.example (prefilled from the token&apos;s iss)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys are fetched only when you press Fetch Keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a JWK {&quot;kty&quot;:…} or a JWK Set {&quot;keys&quot;:[…]}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK or JWK Set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a PEM public key, certificate or private key (-----BEGIN …)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open File…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shared secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text (UTF-8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base64 / base64url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fetch Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel Fetching Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to &amp;Key Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Key or Certificate File…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Show Secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch the keys from the JWKS URL or through the issuer&apos;s discovery document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 key loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 keys loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a JWK or a JWK Set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pasted JWK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No usable key in the pasted text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a PEM key or certificate, or open a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pasted PEM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No PEM key or certificate in the pasted text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the HMAC secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret is not valid base64 or base64url: check for stray characters, or choose Text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HMAC secret (base64)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HMAC secret (text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1-bit secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the issuer URL, then fetch its keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the JWKS URL, then fetch its keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 key from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 keys from %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not fetched yet: press Fetch Keys (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Key or Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys and certificates (*.pem *.crt *.cer *.key *.pub *.json *.jwk *.jwks);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: larger than a key file should be</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::LabCostBox</name>
    <message>
        <source>1 store round trip per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 issuer round trip per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 store round trips per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 issuer round trips per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost measured on this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measured cost per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measurement error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs a few seconds of real load on loopback (127.0.0.1): a lab resource server in this mode, with its own redis-server and HAProxy, is started, measured and stopped. Only the numbers are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure Cost &amp;Here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortcut: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measurement progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the measurement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stops the load and the lab; nothing is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms per request (p99 %2 ms), %3 req/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no store or issuer round trips</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 requests refused or unanswered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting a lab server in %1 mode…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in to the lab…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending requests for %1 s…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping the lab…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measured here: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lab mode %1: %2 requests in %3 s with %4 in flight, straight to one server on 127.0.0.1; mean %5 ms, p50 %6 ms, p99 %7 ms, as the client saw them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not measured on this machine yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lab mode %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measuring failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::MainWindow</name>
    <message>
        <source>Tokenscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoding a large input…</source>
        <translation>Große Eingabe wird dekodiert…</translation>
    </message>
    <message>
        <source>&amp;Inspect</source>
        <translation>&amp;Untersuchen</translation>
    </message>
    <message>
        <source>&amp;Simulate</source>
        <translation>&amp;Simulieren</translation>
    </message>
    <message>
        <source>Iss&amp;uer</source>
        <translation>Aus&amp;steller</translation>
    </message>
    <message>
        <source>Decode, verify and explain a token</source>
        <translation>Ein Token dekodieren, prüfen und erklären</translation>
    </message>
    <message>
        <source>Token lifetimes, refresh, rotation and revocation on a timeline</source>
        <translation>Token-Lebensdauer, Erneuerung, Rotation und Widerruf auf einer Zeitleiste</translation>
    </message>
    <message>
        <source>A local mock issuer and a staging issuer probe</source>
        <translation>Ein lokaler Test-Aussteller und eine Prüfung des Staging-Ausstellers</translation>
    </message>
    <message>
        <source>Follow the &amp;System</source>
        <translation>Dem &amp;System folgen</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <source>Show &amp;Toolbar</source>
        <translation>&amp;Werkzeugleiste anzeigen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;About Tokenscope</source>
        <translation>Über &amp;Tokenscope</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Farbschema</translation>
    </message>
    <message>
        <source>&amp;Signature</source>
        <translation>&amp;Signatur</translation>
    </message>
    <message>
        <source>Si&amp;mulation</source>
        <translation>Si&amp;mulation</translation>
    </message>
    <message>
        <source>Issue&amp;r</source>
        <translation>Ausst&amp;eller</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Workspaces</source>
        <translation>Arbeitsbereiche</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Start-up problems</source>
        <translation>Probleme beim Start</translation>
    </message>
    <message>
        <source>⚠ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n resource problem(s) at start-up; hover for details</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;h3&gt;Tokenscope %1&lt;/h3&gt;&lt;p&gt;A desktop workbench for bearer tokens: decode, verify and explain JWTs.&lt;/p&gt;&lt;p&gt;Licensed under the MIT licence.&lt;/p&gt;&lt;p&gt;Built on Qt %2 (built with %3) and %4.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Tokenscope</source>
        <translation>Über Tokenscope</translation>
    </message>
</context>
<context>
    <name>tokenscope::MessageBanner</name>
    <message>
        <source>Information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::MetricsTable</name>
    <message>
        <source>Metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exposure: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≥ %1 (open)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attacker requests accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attacker requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users wrongly logged out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrongful logouts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Victims logged out by theft defence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Legitimate requests rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store lookups per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocklist lookups per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Introspection calls per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshes per hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reuse detections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh families revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshes saved by the grace window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocklist size (max)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential bytes per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS fetches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Legitimate requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
From the theft or revocation until no resource server accepted the credential; “open”: it still worked when the run ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>higher than in the previous run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lower than in the previous run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>better than the previous run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>worse than the previous run</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::ParameterPanel</name>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ru&amp;n against:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access token &amp;TTL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lifetime of every access token (exp − iat)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue refresh tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without them, users sign in again when the access token expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh lifetime:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Absolute: from issue; sliding: the idle window; inherit: from login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lifetime mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How a refresh token&apos;s expiry is counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>absolute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sliding idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inherit remaining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max from login:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A cap from login over every mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rotation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether a refresh returns a new refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>always</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after % of lifetime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate once the token is older than this share of its lifetime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;use:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RFC 9700 §4.14.2: what the issuer does with a replayed refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoke the family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reject the replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Grace window:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Honour the previous generation for a few seconds (the concurrent-refresh race)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issue a new token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>return the same token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grace seconds:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length of the grace window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Key rotation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled signing-key rotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key overlap:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new key is published this long before it signs; an old one stays this long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session idle:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stateful sessions end after this long unused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session max:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stateful sessions end this long after login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How resource servers decide whether a credential is good</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stateless JWT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWT + jti blocklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>introspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Servers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource servers behind the load balancer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the load balancer picks a server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>round robin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>random</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sticky</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared session store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One store for every server, or one per server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Leeway:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RFC 7519 §4.1.4 clock-skew allowance on exp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;JWKS cache age:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long a fetched JWKS is trusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refetch JWKS on unknown kid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An unknown kid triggers a fetch (rate-limited)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refetch limit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limit for unknown-kid fetches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Introspection cache:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RFC 7662 answers cached per token for this long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocklist on revocation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revocations also blocklist the grant&apos;s live access tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clients and run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clients:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics cover every client; the timeline shows the first %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean time between API calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When clients refresh their access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ahead of expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on demand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after a 401</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh ahead by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ahead: refresh this long before exp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probability that a refresh is sent twice at once (two tabs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrent refresh probability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double refresh:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;uration:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulated time of the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same scenario and seed give the same run</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::PolicyBox</name>
    <message>
        <source>Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed algorithms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any Algorithm the Key Fits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;llowed algorithms:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected &amp;iss:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected audience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected a&amp;ud:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected key-binding nonce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KB-JWT n&amp;once:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected key-binding audience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KB-JWT au&amp;d:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any the key fits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only these algorithms are accepted; an attacker cannot pick another one (RFC 8725 §3.1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::ProbePanel</name>
    <message>
        <source>https://issuer.example or …/.well-known/openid-configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Issuer URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lient ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty for a public client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;secret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username and password (password grant)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client only (client_credentials, no refresh token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the first tokens come from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tokens from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long to wait before replaying the old refresh token again: longer than the issuer&apos;s grace window tells a grace window from accepted reuse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause before the late replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;ause before the late replay:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not run yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closest provider preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run probe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel probe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open access token in Inspect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export report as Markdown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export report as JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probing: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1 %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (grant_type=%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Done: %n finding(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Closest provider preset: %1 (%2 of %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — differs: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export probe report as Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export probe report as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with the browser (authorization code + PKCE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with a device code (RFC 8628)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in &amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open sign-in page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the sign-in page on any device, sign in and enter the code below. The probe goes on when the issuer says the device is allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in in the browser that opened. If none did, open this URL in one (it must run on this machine: the issuer sends it back to 127.0.0.1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the device code to be entered…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the browser sign-in…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::RequestLogModel</name>
    <message>
        <source>Time (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fault</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::RequestLogView</name>
    <message>
        <source>Request log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each request to the mock issuer: method, path, status, grant type, client and OAuth error code; never a token or secret</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::ResignDialog</name>
    <message>
        <source>%1, line %2, column %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: must be a JSON object {…}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, line %2, column %3: member &quot;%4&quot; appears twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit and Re-sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit and re-sign the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset to Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Header (alg is set from the algorithm below):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payload JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Payload:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing algorithm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Algorithm:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate a new key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private key (PEM or JWK)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HMAC secret (text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HMAC secret (base64)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate a fresh key for the algorithm (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-----BEGIN PRIVATE KEY----- … or a private JWK {&quot;kty&quot;:…,&quot;d&quot;:…}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HMAC secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing key status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the header&apos;s &amp;kid from the key (its kid, else its thumbprint)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify the new token with this key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign and load the new token (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new token appears here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy &amp;Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied marked concealed, so clipboard managers do not keep it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Public &amp;JWK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Private Key / Secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header and payload are valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not generate a key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2-bit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, thumbprint %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated %1 (in memory only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Generate, or sign: a new %1 key is generated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a private key (PEM or JWK).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pasted private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a public key cannot sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private key: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This key cannot sign %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the HMAC secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret is not valid base64 or base64url.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1-bit secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This secret cannot sign %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shared secret</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::ResultsTabs</name>
    <message>
        <source>Metrics and events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;vents</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::RunAgainstBox</name>
    <message>
        <source>Run against</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the run&apos;s logins, refreshes and revocations go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The in-memory model of the issuer: deterministic and fast, any size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A local mock issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A real mock issuer started on 127.0.0.1 for the run: every login, refresh and revocation is an HTTP exchange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Issuer workspace&apos;s issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the mock issuer in the Issuer workspace to run against it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mock issuer running in the Issuer workspace, %1: the run sets its policy, clients, users and clock, and its request log and issued tokens fill with the run&apos;s traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A local issuer and a lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A mock issuer and a live lab started on 127.0.0.1 for the run: the API calls go to real resource servers behind HAProxy, with a Redis of their own (docs/lab.md); needs redis-server and haproxy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::RunExportActions</name>
    <message>
        <source>Export Timeline as &amp;PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Timeline as &amp;SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Events as &amp;CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;Metrics as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Events and Metrics as &amp;JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenscope simulation timeline: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::ScanResultsModel</name>
    <message>
        <source>%1 line %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>still valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not yet valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exp %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>undecodable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kid %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First seen in %1, line %2, byte %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First seen at %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::ScenarioSource</name>
    <message>
        <source>Scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario variant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The built-in scenario “%1” cannot be loaded: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not loaded: it is larger than %2 bytes; the previous run is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be read: %2; the previous run is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no runnable variant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 is not a valid scenario&lt;/b&gt; (the previous run is kept):&lt;br&gt;%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(default)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::SecretLineEdit</name>
    <message>
        <source>Hide Secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show Secret</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::SimulateWorkspace</name>
    <message>
        <source>Simulate workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step &amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step &amp;Forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to &amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to &amp;End</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Slower</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;aster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom to &amp;Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Scenario File…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Compare with Previous Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to &amp;Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sc&amp;enario:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Variant:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre&amp;set:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario files (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token #%1 cannot be signed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::SimulationRun</name>
    <message>
        <source>Issuer · operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session store · servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attacker %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the issuer returned no token %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot start a mock issuer for the live run: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::TimelineLegend</name>
    <message>
        <source>Timeline legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rotation link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reuse detected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wrongful logout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>theft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revocation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key rotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exposure</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::TimelinePane</name>
    <message>
        <source>Playback speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1×</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spee&amp;d:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the timeline, the events or the metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run&apos;s policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous run&apos;s policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous run&apos;s timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playhead position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag to scrub through the run (or drag on the timeline&apos;s time axis)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics at the playhead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous run: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 simulated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T+%1 (%2) · requests %3 ok / %4 rejected · refreshes %5 · attacker requests accepted %6 · wrongful logouts %7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted over the clients shown on the timeline, up to the playhead</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::TimelineView</name>
    <message>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh with rotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reuse detected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrent refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrent refresh refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrongful logout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attacker request accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attacker request rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attacker refresh accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attacker refresh rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing key rotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exposure ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stolen credential in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulation timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lanes per actor with token lifetimes, events and exposure windows up to the playhead. Drag on the time axis to scrub; Ctrl+wheel zooms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>credential: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issued: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reason: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>note: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>family %1, generation %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>iat %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exp %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lifetime %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replaced after %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to open it in Inspect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exposure after theft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exposure after revocation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept working for %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::TokenDiffDialog</name>
    <message>
        <source>Compare Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A: the inspected token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;B: paste the token to compare with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A token, an Authorization header, a cookie or a log line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparison status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Differences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspect a token first: it is A.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a second token in B to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B: no token found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B cannot be decoded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 member differs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 members differ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tokens are identical.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signatures are the same</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signatures differ</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::TokenDiffModel</name>
    <message>
        <source>Signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>differs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lifetime (iat to exp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(absent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claims</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A (this token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B (compared with)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::TokenShareActions</name>
    <message>
        <source>&amp;Compare With…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export Redacted Report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Report as &amp;Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this token beside another one, with what was added, removed and changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a report to share: no signature, personal claims masked, no keys (Markdown, JSON or HTML)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the redacted report as Markdown, for a ticket or a chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no decoded token to report on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved a redacted report to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Redacted Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token-report.md</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the redacted report as Markdown.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::TokenSigner</name>
    <message>
        <source>the header must be a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no signing key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key is public only: signing needs a private key or a secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key cannot sign %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signing failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::TokenView</name>
    <message numerus="yes">
        <source>… the token has %Ln characters; the first %1 are shown</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>protected header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encrypted key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>initialization vector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ciphertext</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>authentication tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>part %1, character %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the dot after the %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (part %2), character %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disclosure %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key-binding JWT %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the tilde after disclosure %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the tilde after the %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, character %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::UntrustedHeaderKeys</name>
    <message>
        <source>an embedded JWK that is not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an embedded JWK that does not parse: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2-bit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>embedded %1 key%2, thumbprint %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, kid %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a certificate chain that is not an array of base64 certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a chain of 1 certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a chain of %1 certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 for &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL %1: never fetched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a URL member that is not a string</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::UserDirectoryModel</name>
    <message>
        <source>banned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(hashed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a salted SHA-256 is in the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claims</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::ValidityBar</name>
    <message>
        <source>never expires (no exp claim)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not valid yet: valid %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid %1 (accepted now within the %2 s leeway)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (still accepted within the %2 s leeway)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nbf </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>iat </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exp %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no exp</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::VerdictView</name>
    <message>
        <source>Copy Key &amp;Thumbprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key id of the verifying key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thumbprint of the verifying key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the verifying key came from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified by kid:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thumbprint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Candidate keys and why none verified:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key diagnostics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token names its own key: shown for information, never trusted or used (RFC 8725 §3.10).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untrusted keys named by the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token to verify.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decrypted: the content is not a signed token, so there is no signature to check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decrypted. The nested token&apos;s signature is not checked yet: choose a key source below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature not checked yet: choose a key source below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not decrypted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nested token: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no kid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2-bit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys of the source that cannot be used: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (untrusted, not used): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select to highlight the &quot;%1&quot; header member in the token</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::VerifyPanel</name>
    <message>
        <source>&amp;Verify Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit and Re-sign…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the header and payload and sign them with a key of your own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit and Re-sign…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::issuer::MockIssuer</name>
    <message>
        <source>the issuer is already running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot store the clients and users: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot listen on %1 port %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signing key %1 in the database cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot generate a signing key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot store the signing key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the clock only moves forward, by at most 100 years</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no user &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forbidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bad request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Unknown client or unregistered redirect_uri.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to %1 for the client %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenscope mock issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong username or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the clock only moves forward: it is %1, %2 was asked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot start a transaction: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot store the issuer&apos;s state: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refusing to listen on %1: the mock issuer listens on loopback only (127.0.0.1 or ::1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot listen on %1 port %2: the port is already in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot listen on %1 port %2: the address is not one of this machine&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot listen on %1 port %2: the system does not let this user listen there (ports below 1024 need privileges)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the code your device shows, then sign in to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deny</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect a device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That code is unknown or has expired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The device was not connected. You can close this page.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The device is signed in. You can close this page.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no issuer on this server has that path; the issuers are /%1 and the root</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>config: issuers: tenants are fixed when the server starts; reconfigure each at /NAME/admin/config</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::lab::ChildProcess</name>
    <message>
        <source>%1 is not installed (not found on PATH); packaging/install-deps.sh installs it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exited before it was ready (exit code %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not accept connections on 127.0.0.1:%2 within %3 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::lab::CostProbe</name>
    <message>
        <source>HTTP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the lab&apos;s server refused the demo login (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the lab&apos;s issuer gave no token (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server 1 accepted none of %1 requests (first answer: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a measurement is already running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the duration must be %1 to %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 to %1 requests may be in flight</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::lab::IssuerClient</name>
    <message>
        <source>no answer from %1 within %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::lab::Lab</name>
    <message>
        <source>cannot start the mock issuer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot start redis-server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot start the load balancer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot listen on 127.0.0.1 port %1 for the lab&apos;s control endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the Host header must name this lab on loopback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the control endpoint does not answer browsers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request body over %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>use GET</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>use POST</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds must be a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>losesData must be true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give exactly one of store, server=N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server must be a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot start the mock issuer: cannot create a temporary folder (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give at most one of store, server=N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not down</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::lab::LabOptions</name>
    <message>
        <source>the number of servers must be from 1 to 16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--store per-server applies to session mode only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the leeway must be from 0 to 3600 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the JWKS cache age must be from 0 to 86400 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the introspection cache TTL must be from 0 to 86400 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the store timeout must be from 1 to 10000 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the issuer timeout must be from 1 to 30000 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the revocation poll interval must be from 10 to 60000 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the issuer URL must be http or https</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the session lifetime must be from 1 to %1 seconds</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::lab::LabOutages</name>
    <message>
        <source>the lab did not start this Redis (--redis), so it cannot take it down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds must be from 1 to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the store is already down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot pause redis-server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server must be from 1 to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is already down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot bring the store back: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::lab::LoadBalancer</name>
    <message>
        <source>cannot create a temporary directory for haproxy: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::lab::RedisProcess</name>
    <message>
        <source>cannot create a temporary directory for redis-server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>redis-server was never started</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::lab::RedisStore</name>
    <message>
        <source>store unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot allocate a Redis connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot connect to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot set the Redis timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer from %1 within %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redis error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a redis://HOST:PORT URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot;: passwords and database numbers other than 0 are not supported</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::lab::ResourceServer</name>
    <message>
        <source>server %1: cannot fetch the issuer&apos;s keys from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server %1: cannot listen on 127.0.0.1 port %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request headers over %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request body over %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>use GET</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is for session mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>use POST</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no session cookie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no bearer token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no keys from the issuer %1 yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>malformed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing_claim: the blocklist needs a jti</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked: the token is on the blocklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inactive (cached introspection)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>introspection: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>introspection: the issuer answered HTTP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>introspection: the issuer&apos;s answer has no &quot;active&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inactive: the issuer says the token is not active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aud_mismatch: the token is for another audience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown session on server %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>username and password are required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the issuer answered HTTP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>login: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the issuer refused the username or password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the issuer&apos;s token response has no subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server %1 holds its maximum of sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the session expired</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::probe::BrowserLogin</name>
    <message>
        <source>nobody signed in within %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the login was cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the login&apos;s redirect is answered here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong Host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This login has already finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This answer does not belong to the login in progress.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the redirect&apos;s state does not match the request&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer came from another issuer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the redirect&apos;s iss &quot;%1&quot; is not the issuer &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The login was refused (%1). You can close this page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the issuer refused the login: error &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer has no code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the redirect carries neither a code nor an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenscope is signed in. You can close this page.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::probe::DeviceLogin</name>
    <message>
        <source>the device authorization endpoint answered HTTP %1, error &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the login was cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nobody entered the code within %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the user refused the device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the device code expired before anyone entered it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token endpoint refused the device code: HTTP %1, error &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tokenscope::probe::StagingProbe</name>
    <message>
        <source>&quot;%1&quot; is not an absolute issuer URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a client id is needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give either a refresh token or a username and password, not both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the probe was cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the response is larger than %2 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the redirect to %2 was refused (another scheme, or a URL that may not be fetched)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no answer within %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access token lifetime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires_in %1 s matches exp − iat %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires_in %1 s differs from exp − iat %2 s by %3 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires_in %1 s; the access token is not a JWT with exp and iat, so it cannot be compared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: HTTP %2 (OpenID Connect discovery needs 200)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the discovery document is not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the discovery document has no usable token_endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grant_types_supported not listed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grants: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no revocation endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revocation endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no introspection endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>introspection endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discovery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issuer &quot;%1&quot; differs from the URL asked for (%2); %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the discovery document has no jwks_uri</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: HTTP %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no Cache-Control</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache-Control max-age=%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache-Control without max-age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no usable key; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n key(s): %1; %2</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n key(s) skipped</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the probe starts from the refresh token it was given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token endpoint refused the %1 grant: HTTP %2, error &quot;%3&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>access token, no refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client_credentials issues no refresh token (RFC 6749 §4.4.3); the refresh policy cannot be probed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>access token and refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 grant issued an access and a refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token endpoint refused the given refresh token: HTTP %1, error &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refresh %1 failed: HTTP %2, error &quot;%3&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no refresh token in the response (the old one stays)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the same refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a new refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both refreshes returned a new refresh token (rotation, RFC 9700 §4.14.2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both refreshes returned the same refresh token: no rotation right after issue (an issuer that rotates only older tokens looks the same)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one refresh rotated the refresh token and the other did not</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reuse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the refresh token did not rotate, so there is no superseded token to replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accepted: the current refresh token again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accepted: another refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grace window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the superseded refresh token was rejected at once (error &quot;%1&quot;): no grace window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After the replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the replay was accepted, but then the newest refresh token was rejected (error &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the replay was accepted and rotation stopped; reuse handling could not be told</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accepted after %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected after %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no grace window observed: the superseded token kept working at once and after %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a superseded refresh token is accepted (or the grace window is longer than %1 s): a stolen refresh token keeps working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a grace window returning the current refresh token: accepted at once, rejected after %1 s (error &quot;%2&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a grace window issuing another refresh token: accepted at once, rejected after %1 s (error &quot;%2&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the replayed refresh token was rejected and the newest one still works: the family lives on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the newest refresh token still works after the replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the replay was rejected and revoked the whole family (RFC 9700 §4.14.2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the newest refresh token was rejected after the replay (error &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revocation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>discovery names no revocation_endpoint (RFC 8414 §2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a new family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no live token was left to revoke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the revocation endpoint answered HTTP %1, error &quot;%2&quot; (RFC 7009 §2.2 expects 200)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token was revoked (HTTP 200)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the revoked refresh token still refreshes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the revoked refresh token is refused (error &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Introspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>discovery names no introspection_endpoint, so a cascade to access tokens cannot be seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no introspection answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the introspection endpoint answered HTTP %1, error &quot;%2&quot; (RFC 7662 §2.3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>introspection reports the revoked refresh token as active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revocation cascade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token stays active after its refresh token was revoked (it lives until it expires)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoking the refresh token also made its access token inactive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the issuer&apos;s clock (its Date header)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this machine&apos;s clock (the issuer sends no Date header)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token names kid &quot;%1&quot;, which the JWKS does not publish: no verifier can check it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token does not verify with the JWKS: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token verifies with the JWKS key %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token&apos;s iss &quot;%1&quot; differs from discovery&apos;s issuer &quot;%2&quot;: verifiers that compare them exactly, as OpenID Connect requires, refuse it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token&apos;s iat is %1 s ahead of %2: verifiers refuse it until their clock catches up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token&apos;s iat is %1 s behind %2: it loses that much of its lifetime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 login takes no username or refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the password login needs a username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the refresh token login needs a refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>discovery names no authorization_endpoint, so the browser login cannot start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>browser login: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>discovery names no device_authorization_endpoint, so the device login cannot start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device login: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 grant issued no refresh token (is offline_access allowed?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no kid)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
