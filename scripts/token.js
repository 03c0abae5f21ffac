#!/usr/bin/env node
/**
 * Prints a signed development token: npm run token -- --sub alice --roles clinician,admin
 * Signs with JWT_SECRET, else with the checkout's .medcor/dev-secrets.env (made by `npm start`),
 * HS256, 12 hours (at most JWT_MAX_AGE_SECONDS, 24 hours by default, is accepted).
 */
const jwt = require('jsonwebtoken');
const devSecrets = require('./dev-secrets');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const secret = process.env.JWT_SECRET || devSecrets.read().JWT_SECRET;
if (!secret) {
  process.stderr.write(`No JWT_SECRET: set it, or run \`npm start\` once to create ${devSecrets.FILE}\n`);
  process.exit(1);
}
const sub = option('sub', 'dev-user');
const roles = option('roles', '').split(',').map((r) => r.trim()).filter(Boolean);
const expiresIn = option('expires', '12h');
const claims = { sub, roles };
if (process.env.JWT_ISSUER) claims.iss = process.env.JWT_ISSUER;
if (process.env.JWT_AUDIENCE) claims.aud = process.env.JWT_AUDIENCE;
process.stdout.write(`${jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn })}\n`);
