/**
 * Where a webhook may go. Everywhere: http(s) only, no credentials in the URL, the host on
 * WEBHOOK_ALLOWED_HOSTS. In production also: https only, port 443 unless the allow list names the
 * host with that port (`hooks.example.com:8443`), and every address the host resolves to must be
 * public unless the host is on WEBHOOK_ALLOWED_PRIVATE_HOSTS. The address checked is the address
 * connected to (the delivery pins it), so a DNS answer that changes in between cannot redirect it.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isNonPublicAddress } from './webhook-address';

export interface WebhookRules {
  production: boolean;
  /** `host` or `host:port` (`[v6]:port`), lower case or not. */
  allowedHosts: readonly string[];
  /** Hosts that may resolve to private, loopback or link-local addresses (an internal receiver). */
  allowedPrivateHosts: readonly string[];
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type HostLookup = (host: string) => Promise<ResolvedAddress[]>;

export const systemLookup: HostLookup = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

export class WebhookTargetError extends Error {}

/** The URL, or why it may not be a callback. Checks only what the URL itself says. */
export function parseCallbackUrl(raw: string, rules: WebhookRules): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookTargetError('callback_url is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookTargetError('callback_url must be an http(s) URL');
  if (rules.production && url.protocol !== 'https:') throw new WebhookTargetError('callback_url must use https in production');
  if (url.username || url.password) throw new WebhookTargetError('callback_url must not carry credentials');
  const host = url.hostname.toLowerCase();
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const entries = rules.allowedHosts.map(parseHostEntry);
  if (!entries.some((e) => e.host === host)) {
    throw new WebhookTargetError('callback_url must point to a host on the webhook allowlist (WEBHOOK_ALLOWED_HOSTS)');
  }
  // Outside production a bare host entry allows any port (local receivers); in production only 443.
  const portAllowed = entries.some((e) => e.host === host && (e.port === port || (e.port === undefined && (!rules.production || port === 443))));
  if (!portAllowed) {
    throw new WebhookTargetError(`callback_url port ${port} is not allowed: use 443, or list the host as "${host}:${port}" in WEBHOOK_ALLOWED_HOSTS`);
  }
  return url;
}

/**
 * The address to connect to: in production every resolved address must be public unless the
 * host is allowed private addresses (one bad answer refuses the host, whichever would be used).
 */
export async function resolveCallbackHost(url: URL, rules: WebhookRules, lookup: HostLookup = systemLookup): Promise<ResolvedAddress> {
  const host = url.hostname.toLowerCase();
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  const literal = isIP(bare);
  const addresses = literal ? [{ address: bare, family: literal as 4 | 6 }] : await lookup(bare).catch(() => []);
  if (addresses.length === 0) throw new WebhookTargetError(`callback_url host ${host} does not resolve`);
  const privateAllowed = !rules.production || rules.allowedPrivateHosts.some((h) => h.toLowerCase() === host);
  if (!privateAllowed && addresses.some((a) => isNonPublicAddress(a.address))) {
    throw new WebhookTargetError(
      `callback_url host ${host} resolves to a private, loopback or link-local address; list it in WEBHOOK_ALLOWED_PRIVATE_HOSTS if that is intended`,
    );
  }
  return addresses[0];
}

function parseHostEntry(entry: string): { host: string; port?: number } {
  const e = entry.trim().toLowerCase();
  const v6 = /^(\[[^\]]+\])(?::(\d+))?$/.exec(e);
  if (v6) return { host: v6[1], port: v6[2] === undefined ? undefined : Number(v6[2]) };
  const colon = e.lastIndexOf(':');
  if (colon > 0 && e.indexOf(':') === colon && /^\d+$/.test(e.slice(colon + 1))) return { host: e.slice(0, colon), port: Number(e.slice(colon + 1)) };
  // A bare IPv6 address without brackets: URL.hostname brackets it.
  return { host: isIP(e) === 6 ? `[${e}]` : e };
}
