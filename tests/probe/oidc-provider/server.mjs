// oidc-provider (https://github.com/panva/node-oidc-provider) on 127.0.0.1 for tst_probeinterop, with its
// documented refresh-token behaviour left at the defaults: public clients' refresh tokens rotate on every use
// (rotateRefreshToken), a consumed refresh token presented again revokes the whole grant, and there is no grace
// window. oidc-provider has no password grant and the authorization_code flow needs its interaction pages, so the
// script mints the first refresh token through the Provider API and prints it, with the issuer URL, as one JSON line
// on standard output (a pipe to the test, never a file). It exits when standard input closes.
import Provider from 'oidc-provider';
import http from 'node:http';

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'probe-public',
    token_endpoint_auth_method: 'none',
    application_type: 'native',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: ['http://127.0.0.1/callback'],
  }],
  features: {
    introspection: { enabled: true },
    revocation: { enabled: true },
    devInteractions: { enabled: false },
  },
  // Every account exists; the probe only needs a subject.
  async findAccount(ctx, id) {
    return { accountId: id, async claims() { return { sub: id }; } };
  },
  cookies: { keys: ['tokenscope-probe-interop-cookie-key'] },
});
// Quiet the warnings about development defaults: they go to stderr, which the test shows only on failure.
provider.on('server_error', (ctx, error) => console.error('server_error', error));
server.on('request', provider.callback());

const client = await provider.Client.find('probe-public');
const grant = new provider.Grant({ accountId: 'alice', clientId: client.clientId });
grant.addOIDCScope('openid offline_access');
const grantId = await grant.save();
const refreshToken = new provider.RefreshToken({
  accountId: 'alice',
  client,
  grantId,
  scope: 'openid offline_access',
  gty: 'authorization_code',
  authTime: Math.floor(Date.now() / 1000),
});
const value = await refreshToken.save();

process.stdout.write(`${JSON.stringify({ issuer, client_id: client.clientId, refresh_token: value })}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
