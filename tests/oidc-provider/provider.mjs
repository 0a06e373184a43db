// A real, independent OpenID provider for crates/oidc/tests/real_provider.rs: panva's
// oidc-provider with one confidential client, PKCE required, an ES256 key generated at startup,
// and an interaction that logs in one fixed test citizen at acr "substantial" without a form.
//
// Usage: node provider.mjs [port]   (port 0 or none: any free loopback port)
// Env: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI, OIDC_ID_TOKEN_ALG (default ES256).
// Prints "READY <port>" on stdout once it listens on 127.0.0.1.

import { generateKeyPairSync, randomUUID, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const clientId = process.env.OIDC_CLIENT_ID ?? 'sorgeregister-portal';
const clientSecret = process.env.OIDC_CLIENT_SECRET ?? 'geheim';
const redirectUri = process.env.OIDC_REDIRECT_URI ?? 'http://127.0.0.1:9/anmelden/rueckkehr';
const alg = process.env.OIDC_ID_TOKEN_ALG ?? 'ES256';
const port = Number(process.argv[2] ?? process.env.PORT ?? 0);

const ACCOUNT = {
  sub: 'buerger-4711',
  given_name: 'Sophia',
  family_name: 'Berger',
  birth_family_name: 'Krause',
  birthdate: '1993-02-17',
  address: {
    street_address: 'Am Markt 1',
    postal_code: '28195',
    locality: 'Bremen',
    country: 'DE',
  },
};

function signingKeys() {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const keys = [{ ...ec, kid: `ec-${randomUUID()}`, alg: 'ES256', use: 'sig' }];
  if (alg === 'RS256') {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    keys.push({ ...rsa, kid: `rsa-${randomUUID()}`, alg: 'RS256', use: 'sig' });
  }
  return keys;
}

const server = createServer();
server.listen(port, '127.0.0.1', () => {
  const actualPort = server.address().port;
  const issuer = `http://127.0.0.1:${actualPort}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: alg,
    }],
    jwks: { keys: signingKeys() },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    acrValues: ['substantial', 'low'],
    scopes: ['openid', 'profile', 'address'],
    claims: {
      openid: ['sub'],
      profile: ['given_name', 'family_name', 'birth_family_name', 'birthdate'],
      address: ['address'],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      if (sub !== ACCOUNT.sub) return undefined;
      return { accountId: sub, claims: async () => ({ ...ACCOUNT }) };
    },
  });

  // Our interaction: no page, the fixed citizen is logged in and consents at once.
  async function interaction(req, res) {
    try {
      const details = await provider.interactionDetails(req, res);
      const grant = new provider.Grant({ accountId: ACCOUNT.sub, clientId: details.params.client_id });
      grant.addOIDCScope(String(details.params.scope ?? 'openid'));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, {
        login: { accountId: ACCOUNT.sub, acr: 'substantial' },
        consent: { grantId },
      }, { mergeWithLastSubmission: false });
    } catch (err) {
      res.statusCode = 400;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(`interaction failed: ${err.message}\n`);
    }
  }

  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.method === 'GET' && req.url.startsWith('/interaction/')) {
      interaction(req, res);
    } else {
      callback(req, res);
    }
  });
  console.log(`READY ${actualPort}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
