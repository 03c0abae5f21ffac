'use strict';
/**
 * The checkout's development secrets: made once, at random, by `npm start` and kept in a
 * git-ignored file (`.medcor/dev-secrets.env`, mode 0600) so that `npm run token` signs with the
 * same JWT secret as the running service. No secret is ever published in the source. The service
 * itself reads the same file (src/core/config/local-secrets.ts) when it runs on loopback.
 */
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const FILE = path.resolve(__dirname, '..', '.medcor', 'dev-secrets.env');

function parse(text) {
  const values = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && match[2]) values[match[1]] = match[2];
  }
  return values;
}

function read() {
  return fs.existsSync(FILE) ? parse(fs.readFileSync(FILE, 'utf8')) : {};
}

/** The stored secrets, creating the file (or the missing ones) on first use. */
function ensure() {
  const stored = read();
  const wanted = {
    JWT_SECRET: () => randomBytes(32).toString('base64url'),
    PHI_ENCRYPTION_KEY: () => randomBytes(32).toString('base64'),
    MCP_INTERNAL_SECRET: () => randomBytes(32).toString('base64url'),
  };
  const missing = Object.keys(wanted).filter((name) => !stored[name]);
  if (missing.length === 0) return stored;
  for (const name of missing) stored[name] = wanted[name]();
  fs.mkdirSync(path.dirname(FILE), { recursive: true, mode: 0o700 });
  const body = Object.entries(stored).map(([k, v]) => `${k}=${v}`).join('\n');
  fs.writeFileSync(FILE, `# Development secrets of this checkout, made by npm start. Never commit or share.\n${body}\n`, { mode: 0o600 });
  return stored;
}

module.exports = { FILE, read, ensure };
