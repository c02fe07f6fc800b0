// server.mjs - OpenID Connect test provider for Sesame's end-to-end tests
//
// Copyright 2025 The Sesame authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Usage: node server.mjs [--port N]
//
// Listens on 127.0.0.1 only (port 0 lets the kernel pick one). When ready it
// prints exactly one line of JSON on stdout, {"issuer":"…","port":N}, and
// nothing else there afterwards: logs go to stderr. It exits on SIGTERM,
// SIGINT, and when its standard input reaches end-of-file, so that a parent
// that dies never leaves it running (give it a pipe, not /dev/null).
//
// With SESAME_IDP_ISSUED=FILE in its environment, it appends every token its token
// endpoint issues to FILE, one JSON object a line, for tests that look for leaks.
// With SESAME_IDP_REQUESTS=FILE, it appends the method and path of every request it
// gets (no query, no body) to FILE, one a line, for tests that count requests.

import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

// oidc-provider prints notices with console.info, which is stdout: keep
// stdout for the ready line alone.
const writeStdout = process.stdout.write.bind(process.stdout);
console.log = console.info = console.debug = console.error;

const { default: Provider } = await import('oidc-provider');

const { values: options } = parseArgs({
  options: { port: { type: 'string', default: '0' } },
});
const requestedPort = Number(options.port);
if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
  console.error(`server.mjs: invalid --port value '${options.port}'`);
  process.exit(2);
}

function shutdown(why) {
  console.error(`server.mjs: exiting (${why})`);
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
process.stdin.on('end', () => shutdown('end of standard input'));
process.stdin.on('error', () => shutdown('standard input error'));
process.stdin.resume();

// The signing keys are a fixture (signing-keys.json: one RS256 and one ES256 key, made
// once for these tests and good for nothing else), not generated at each start. Node 20
// can deadlock for good when a key is generated and then exported as a JWK: a garbage
// collection inside the export finalises the generation job, which takes the key's
// mutex that the export already holds. The process then never runs JavaScript again.
const signingKeys = JSON.parse(readFileSync(new URL('signing-keys.json', import.meta.url)));

// Every client is a native app on the loopback interface (RFC 8252: any port).
const nativeClient = {
  application_type: 'native',
  redirect_uris: ['http://127.0.0.1/callback'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
};

const clients = [
  {
    ...nativeClient,
    client_id: 'sesame-basic',
    // Needs form-urlencoding before base64 (RFC 6749 §2.3.1).
    client_secret: 'b4s!c s3cret:+/%&=',
    token_endpoint_auth_method: 'client_secret_basic',
  },
  {
    ...nativeClient,
    client_id: 'sesame-post',
    client_secret: 'p0st-s3cret',
    token_endpoint_auth_method: 'client_secret_post',
  },
  {
    ...nativeClient,
    client_id: 'sesame-public',
    token_endpoint_auth_method: 'none',
  },
  {
    // ID tokens signed with the provider's EC key (ES256) instead of RS256.
    ...nativeClient,
    client_id: 'sesame-es256',
    token_endpoint_auth_method: 'none',
    id_token_signed_response_alg: 'ES256',
  },
  {
    // The device authorization grant (RFC 8628) only: no redirect at all.
    application_type: 'native',
    client_id: 'sesame-device',
    token_endpoint_auth_method: 'none',
    grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
    response_types: [],
    redirect_uris: [],
  },
];

// A 16×16 PNG that the profile's picture claim points at, served by this provider.
const AVATAR = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGPQqDhBEmIY1TCqYfhqAADDSmgQBaIOewAAAABJRU5ErkJggg==',
  'base64');

let issuerUrl;

function findAccount(ctx, sub) {
  const name = sub.charAt(0).toUpperCase() + sub.slice(1);
  return {
    accountId: sub,
    async claims() {
      return {
        sub,
        name: `${name} Example`,
        given_name: name,
        family_name: 'Example',
        preferred_username: sub,
        picture: `${issuerUrl}/avatar.png`,
        email: `${sub}@example.com`,
        email_verified: true,
      };
    },
  };
}

function configuration() {
  return {
    clients,
    findAccount,
    jwks: signingKeys,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username', 'picture'],
    },
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      introspection: { enabled: true },
      // The verification URI is /device; its pages are oidc-provider's own.
      deviceFlow: { enabled: true },
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    // A refresh token with every code, no offline_access/prompt=consent
    // needed, and it does not end with the provider's login session.
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => false,
    // Explicit lifetimes (in seconds): the defaults log a notice when used.
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      DeviceCode: 600,
    },
    // A plain error page: the default one logs a notice when used.
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      const items = Object.entries(out).map(([key, value]) =>
        `<li>${escapeHtml(key)}: ${escapeHtml(String(value))}</li>`);
      ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>oops! something went wrong</title></head>`
        + `<body><h1>oops! something went wrong</h1><ul>${items.join('')}</ul></body></html>`;
    },
  };
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Listen first: the issuer has to carry the port the kernel picked.
let handler = (req, res) => { res.writeHead(503); res.end(); };
const server = createServer((req, res) => handler(req, res));
server.on('error', (err) => {
  console.error(`server.mjs: ${err.message}`);
  process.exit(1);
});
server.listen(requestedPort, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  issuerUrl = issuer;
  const provider = new Provider(issuer, configuration());

  // The dev pages @import a web font from a public host: drop it, so that a
  // browser in a test never reaches off the machine.
  provider.use(async (ctx, next) => {
    if (process.env.SESAME_IDP_REQUESTS)
      appendFileSync(process.env.SESAME_IDP_REQUESTS, `${ctx.method} ${ctx.path}\n`);
    if (ctx.path === '/avatar.png') {
      ctx.type = 'image/png';
      ctx.body = AVATAR;
      return;
    }
    await next();
    if (process.env.SESAME_IDP_ISSUED && ctx.path === '/token' && ctx.status === 200) {
      const { access_token, refresh_token, id_token } = ctx.body;
      appendFileSync(process.env.SESAME_IDP_ISSUED,
        `${JSON.stringify({ access_token, refresh_token, id_token })}\n`);
    }
    // oidc-provider names no polling interval, so clients wait the default 5 s between
    // polls; 1 s keeps the tests short (it never answers slow_down).
    if (ctx.path === '/device/auth' && ctx.status === 200 && ctx.body && typeof ctx.body === 'object')
      ctx.body.interval = 1;
    if (ctx.response.is('html') && typeof ctx.body === 'string')
      ctx.body = ctx.body.replace(/@import url\(https?:[^)]*\);?/g, '');
  });

  provider.on('server_error', (ctx, err) => console.error('server.mjs: server_error', err));
  provider.on('authorization.error', (ctx, err) => console.error(`server.mjs: authorization error: ${err.message}`));
  provider.on('grant.error', (ctx, err) => console.error(`server.mjs: grant error: ${err.message}`));

  handler = provider.callback();
  writeStdout(`${JSON.stringify({ issuer, port })}\n`);
  console.error(`server.mjs: ready at ${issuer}`);
});
