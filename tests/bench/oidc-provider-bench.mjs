// oidc-provider (https://github.com/panva/node-oidc-provider) on 127.0.0.1 for the load benchmark (issue 5, item 6),
// configured to do per request what the Tokenscope mock issuer does, so tests/bench/issuer_load.sh can run the same
// wrk runs against both:
//   - one confidential client, demo:demo-secret (client_secret_basic), allowed only client_credentials
//     (RFC 6749 section 4.4), like the mock issuer's demo client;
//   - every client_credentials access token is a JWT (RFC 9068) signed with ES256, i.e. one P-256 ECDSA signature
//     per request: a Resource Indicator (RFC 8707) is defaulted when the request has none, and its resource server
//     info asks for accessTokenFormat 'jwt' with jwt.sign.alg 'ES256', audience and lifetime as the mock issuer's;
//   - the JWKS holds one P-256 key, as the mock issuer's does.
// The signing key is generated in memory at start and never written anywhere. The issuer URL goes to standard
// output as the first line (as `tokenscope-cli issuer serve --port 0` prints it); the process ends on SIGTERM.
// Installed into build/bench-oidc-provider by issuer_load.sh, which resolves `oidc-provider` from there.
import Provider from 'oidc-provider';
import crypto from 'node:crypto';
import http from 'node:http';

const resource = 'urn:tokenscope:bench';
const signingKey = {
  ...crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }),
  kid: 'bench-es256',
  alg: 'ES256',
  use: 'sig',
};

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'demo',
    client_secret: 'demo-secret',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
  }],
  // No RSA key in the JWKS, so nothing may default to RS256.
  clientDefaults: { id_token_signed_response_alg: 'ES256' },
  jwks: { keys: [signingKey] },
  features: {
    clientCredentials: { enabled: true },
    devInteractions: { enabled: false },
    resourceIndicators: {
      enabled: true,
      // The wrk body is just grant_type=client_credentials, as for the mock issuer.
      defaultResource: () => resource,
      getResourceServerInfo: (ctx, indicator) => {
        if (indicator !== resource) throw new Provider.errors.InvalidTarget();
        return {
          scope: 'api',
          audience: 'tokenscope-demo-api',
          accessTokenTTL: 900,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        };
      },
    },
  },
  cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
});
provider.on('server_error', (ctx, error) => console.error('server_error', error));
server.on('request', provider.callback());

process.stdout.write(`${issuer}\n`);
process.on('SIGTERM', () => process.exit(0));
