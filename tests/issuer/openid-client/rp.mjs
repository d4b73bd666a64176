// A relying party built on openid-client (an OpenID Certified library) against Tokenscope's mock issuer:
// discovery, client credentials, the password grant, authorization code + PKCE through the login form, ID token
// validation, refresh with rotation and a replay, userinfo, introspection, token exchange, revocation and the
// device flow, private_key_jwt client authentication, and DPoP with nonces, a bound refresh token, userinfo and an
// authorization code bound by dpop_jkt.
// Prints one JSON object of what it saw; tst_openidclient checks it. Usage: node rp.mjs ISSUER_URL, with the
// private JWK of client 'svc-jwt' in TOKENSCOPE_RP_CLIENT_JWK.
import * as client from 'openid-client';

const issuer = new URL(process.argv[2]);
const options = { execute: [client.allowInsecureRequests] }; // the mock issuer is plain http on loopback
const result = {};

async function errorCode(promise) {
  try {
    await promise;
    return 'none';
  } catch (error) {
    return error.error ?? error.code ?? String(error);
  }
}

const config = await client.discovery(issuer, 'demo', 'demo-secret', undefined, options);
result.issuer = config.serverMetadata().issuer;

const machine = await client.clientCredentialsGrant(config, { scope: 'openid' });
result.clientCredentials = { tokenType: machine.token_type, hasAccessToken: !!machine.access_token };

const password = await client.genericGrantRequest(config, 'password',
  { username: 'alice', password: 'alice', scope: 'openid offline_access' });
result.password = { sub: password.claims()?.sub, hasRefreshToken: !!password.refresh_token };

// Authorization code + PKCE (RFC 7636): the browser's part is a POST of the login form, from the issuer's origin.
const verifier = client.randomPKCECodeVerifier();
const state = client.randomState();
const nonce = client.randomNonce();
const authorizationUrl = client.buildAuthorizationUrl(config, {
  redirect_uri: 'http://127.0.0.1/callback',
  scope: 'openid profile email offline_access',
  code_challenge: await client.calculatePKCECodeChallenge(verifier),
  code_challenge_method: 'S256',
  state,
  nonce,
});
// Alice signs in on the login page of `url`; the redirect it answers with is the callback URL.
async function signIn(url) {
  const form = new URLSearchParams(url.searchParams);
  form.set('username', 'alice');
  form.set('password', 'alice');
  const login = await fetch(new URL('/authorize', issuer), {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { Origin: issuer.origin },
  });
  return new URL(login.headers.get('location'));
}
const callback = await signIn(authorizationUrl);
const code = await client.authorizationCodeGrant(config, callback,
  { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
const claims = code.claims();
result.code = { sub: claims.sub, nonce: claims.nonce === nonce, email: claims.email, iss: claims.iss };

// Rotation (RFC 9700 §4.14.2): the refresh gives a new refresh token; the old one replayed is refused.
const refreshed = await client.refreshTokenGrant(config, code.refresh_token);
result.refresh = { rotated: refreshed.refresh_token !== code.refresh_token, hasAccessToken: !!refreshed.access_token };
result.replay = await errorCode(client.refreshTokenGrant(config, code.refresh_token));

const password2 = await client.genericGrantRequest(config, 'password',
  { username: 'alice', password: 'alice', scope: 'openid profile offline_access' });
const userinfo = await client.fetchUserInfo(config, password2.access_token, password2.claims().sub);
result.userinfo = { sub: userinfo.sub, name: userinfo.name };
result.introspection = { active: (await client.tokenIntrospection(config, password2.access_token)).active };
// RFC 8693 token exchange, narrowing the scope.
const exchanged = await client.genericGrantRequest(config, 'urn:ietf:params:oauth:grant-type:token-exchange', {
  subject_token: password2.access_token,
  subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
  scope: 'profile',
});
result.exchange = { issuedTokenType: exchanged.issued_token_type, scope: exchanged.scope };
await client.tokenRevocation(config, password2.refresh_token);
result.afterRevocation = {
  refresh: (await client.tokenIntrospection(config, password2.refresh_token)).active,
  access: (await client.tokenIntrospection(config, password2.access_token)).active,
};
// RFC 8628 device flow: the user's part is the /device page's form, from the issuer's origin.
const device = await client.initiateDeviceAuthorization(config, { scope: 'openid offline_access' });
const approval = await fetch(new URL('/device', issuer), {
  method: 'POST',
  body: new URLSearchParams({ user_code: device.user_code, username: 'alice', password: 'alice', action: 'approve' }),
  headers: { Origin: issuer.origin },
});
const deviceTokens = await client.pollDeviceAuthorizationGrant(config, device);
result.device = { page: approval.status, sub: deviceTokens.claims()?.sub, hasRefreshToken: !!deviceTokens.refresh_token };

// private_key_jwt (RFC 7523 §2.2): client 'svc-jwt' signs its client assertions with a key whose public half the
// issuer's config lists; the test hands the private JWK over in TOKENSCOPE_RP_CLIENT_JWK.
const clientJwk = JSON.parse(process.env.TOKENSCOPE_RP_CLIENT_JWK);
const clientKey = await crypto.subtle.importKey('jwk', clientJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false,
  ['sign']);
const keyConfig = await client.discovery(issuer, 'svc-jwt', undefined,
  client.PrivateKeyJwt({ key: clientKey, kid: clientJwk.kid }), options);
const keyMachine = await client.clientCredentialsGrant(keyConfig);
result.privateKeyJwt = {
  tokenType: keyMachine.token_type,
  clientId: claimsOf(keyMachine.access_token).client_id,
  // The introspection endpoint takes the same client authentication, with a new assertion (a new jti).
  active: (await client.tokenIntrospection(keyConfig, keyMachine.access_token)).active,
};

// DPoP (RFC 9449) through openid-client's own handle: the issuer demands nonces (§8), so each first request is
// answered use_dpop_nonce and the library retries with the nonce it was given.
function claimsOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
}
async function publicJwk(keyPair) {
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', keyPair.publicKey);
  return { kty, crv, x, y };
}
const machineKeys = await client.randomDPoPKeyPair('ES256');
const dpopMachine = await client.clientCredentialsGrant(config, { scope: 'openid' },
  { DPoP: client.getDPoPHandle(config, machineKeys) });
result.dpop = {
  tokenType: dpopMachine.token_type,
  cnfJkt: claimsOf(dpopMachine.access_token).cnf?.jkt,
  publicJwk: await publicJwk(machineKeys),
};
// A public client: its refresh token is bound to the key (§5), so a refresh needs a proof by that key.
const publicConfig = await client.discovery(issuer, 'demo-public', undefined, client.None(), options);
const appKeys = await client.randomDPoPKeyPair('ES256');
const appDpop = client.getDPoPHandle(publicConfig, appKeys);
const appLogin = await client.genericGrantRequest(publicConfig, 'password',
  { username: 'alice', password: 'alice', scope: 'openid offline_access' }, { DPoP: appDpop });
const appRefresh = await client.refreshTokenGrant(publicConfig, appLogin.refresh_token, undefined, { DPoP: appDpop });
const strangerDpop = client.getDPoPHandle(publicConfig, await client.randomDPoPKeyPair('ES256'));
const appUserinfo = await client.fetchUserInfo(publicConfig, appRefresh.access_token, appLogin.claims().sub,
  { DPoP: appDpop });
result.dpopRefresh = {
  tokenType: appRefresh.token_type,
  cnfJkt: claimsOf(appRefresh.access_token).cnf?.jkt,
  publicJwk: await publicJwk(appKeys),
  otherKey: await errorCode(client.refreshTokenGrant(publicConfig, appRefresh.refresh_token, undefined,
    { DPoP: strangerDpop })),
  withoutProof: await errorCode(client.refreshTokenGrant(publicConfig, appRefresh.refresh_token)),
  userinfoSub: appUserinfo.sub,
};
// Authorization code binding (§10): the authorization request names the app's key in dpop_jkt, so the code is
// exchanged only with a proof by that key; a thief holding the code and another key is refused.
async function dpopBoundCode(exchangeDpop) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const callbackUrl = await signIn(client.buildAuthorizationUrl(publicConfig, {
    redirect_uri: 'http://127.0.0.1/callback',
    scope: 'openid offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    dpop_jkt: await appDpop.calculateThumbprint(),
  }));
  return client.authorizationCodeGrant(publicConfig, callbackUrl, { pkceCodeVerifier: codeVerifier }, undefined,
    { DPoP: exchangeDpop });
}
const boundCode = await dpopBoundCode(appDpop);
result.dpopCode = {
  tokenType: boundCode.token_type,
  cnfJkt: claimsOf(boundCode.access_token).cnf?.jkt,
  publicJwk: await publicJwk(appKeys),
  otherKey: await errorCode(dpopBoundCode(strangerDpop)),
};
console.log(JSON.stringify(result));
