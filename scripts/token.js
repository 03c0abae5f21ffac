#!/usr/bin/env node
/**
 * Prints a signed development token: npm run token -- --sub alice --roles clinician,admin
 * Signs with JWT_SECRET (or the development secret when it is unset), HS256, 12 hours.
 */
const jwt = require('jsonwebtoken');

const DEV_JWT_SECRET = 'medcor-dev-secret-change-me-0123456789'; // same as src/core/config/auth.config.ts
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const sub = option('sub', 'dev-user');
const roles = option('roles', '').split(',').map((r) => r.trim()).filter(Boolean);
const expiresIn = option('expires', '12h');
const claims = { sub, roles };
if (process.env.JWT_ISSUER) claims.iss = process.env.JWT_ISSUER;
if (process.env.JWT_AUDIENCE) claims.aud = process.env.JWT_AUDIENCE;
process.stdout.write(`${jwt.sign(claims, process.env.JWT_SECRET || DEV_JWT_SECRET, { algorithm: 'HS256', expiresIn })}\n`);
