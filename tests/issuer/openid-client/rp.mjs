// A relying party built on openid-client (an OpenID Certified library) against Tokenscope's mock issuer:
// discovery, client credentials, the password grant, authorization code + PKCE through the login form, ID token
// validation, refresh with rotation and a replay, userinfo, introspection, token exchange, revocation and the
// device flow. Prints one JSON object of what it saw; tst_openidclient checks it. Usage: node rp.mjs ISSUER_URL
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
const form = new URLSearchParams(authorizationUrl.searchParams);
form.set('username', 'alice');
form.set('password', 'alice');
const login = await fetch(new URL('/authorize', issuer), {
  method: 'POST',
  body: form,
  redirect: 'manual',
  headers: { Origin: issuer.origin },
});
const callback = new URL(login.headers.get('location'));
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
console.log(JSON.stringify(result));
