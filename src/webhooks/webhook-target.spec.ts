import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isNonPublicAddress } from './webhook-address';
import { postPinned } from './webhook-sender';
import { HostLookup, WebhookRules, WebhookTargetError, parseCallbackUrl, resolveCallbackHost } from './webhook-target';

const production: WebhookRules = { production: true, allowedHosts: ['hooks.example.com', 'alt.example.com:8443', 'inside.example.com'], allowedPrivateHosts: ['inside.example.com'] };

describe('isNonPublicAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['::1', true],
    ['::', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:10.0.0.1', true],
    ['::ffff:169.254.169.254', true],
    ['fe80::1', true],
    ['fd12:3456::1', true],
    ['ff02::1', true],
    ['[::1]', true],
    // IPv6 transition forms that carry an IPv4 address: 6to4, Teredo and SIIT (all of 169.254.169.254).
    ['2002:a9fe:a9fe::1', true],
    ['2001:0:4136:e378:8000:63bf:5601:5601', true],
    ['::ffff:0:a9fe:a9fe', true],
    ['not-an-ip', true],
    ['8.8.8.8', false],
    ['172.32.0.1', false],
    ['100.128.0.1', false],
    ['93.184.216.34', false],
    ['::ffff:8.8.8.8', false],
    ['2606:4700:4700::1111', false],
  ])('%s → %s', (address, blocked) => {
    expect(isNonPublicAddress(address)).toBe(blocked);
  });
});

describe('parseCallbackUrl', () => {
  const refused = (url: string, rules: WebhookRules = production) => {
    try {
      parseCallbackUrl(url, rules);
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(WebhookTargetError);
      return (error as Error).message;
    }
  };

  it('requires https in production, and allows http outside it', () => {
    expect(refused('http://hooks.example.com/h')).toMatch(/must use https in production/);
    expect(refused('http://hooks.example.com/h', { ...production, production: false })).toBeUndefined();
    expect(refused('https://hooks.example.com/h')).toBeUndefined();
  });

  it('allows another port than 443 in production only when the allow list names host:port', () => {
    expect(refused('https://hooks.example.com:8443/h')).toMatch(/port 8443 is not allowed/);
    expect(refused('https://alt.example.com:8443/h')).toBeUndefined();
    expect(refused('https://alt.example.com/h')).toMatch(/port 443 is not allowed/);
    expect(refused('https://hooks.example.com:8443/h', { ...production, production: false })).toBeUndefined();
  });

  it('refuses hosts off the allow list, credentials and other schemes', () => {
    expect(refused('https://evil.example.net/h')).toMatch(/allowlist/);
    expect(refused('https://user:pw@hooks.example.com/h')).toMatch(/credentials/);
    expect(refused('ftp://hooks.example.com/h')).toMatch(/http\(s\)/);
  });
});

describe('resolveCallbackHost', () => {
  const answering = (address: string, family: 4 | 6 = 4): HostLookup => async () => [{ address, family }];

  it.each(['127.0.0.1', '10.0.0.8', '169.254.169.254', '::1', '::ffff:127.0.0.1'])('refuses a host resolving to %s in production', async (address) => {
    const url = parseCallbackUrl('https://hooks.example.com/h', production);
    await expect(resolveCallbackHost(url, production, answering(address, address.includes(':') ? 6 : 4))).rejects.toThrow(/private, loopback or link-local/);
  });

  it('refuses when any one of several answers is private', async () => {
    const url = parseCallbackUrl('https://hooks.example.com/h', production);
    const lookup: HostLookup = async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.1', family: 4 }];
    await expect(resolveCallbackHost(url, production, lookup)).rejects.toThrow(WebhookTargetError);
  });

  it('accepts a public answer, a host allowed private addresses, and private addresses outside production', async () => {
    const url = parseCallbackUrl('https://hooks.example.com/h', production);
    await expect(resolveCallbackHost(url, production, answering('93.184.216.34'))).resolves.toEqual({ address: '93.184.216.34', family: 4 });
    const inside = parseCallbackUrl('https://inside.example.com/h', production);
    await expect(resolveCallbackHost(inside, production, answering('10.0.0.5'))).resolves.toEqual({ address: '10.0.0.5', family: 4 });
    await expect(resolveCallbackHost(url, { ...production, production: false }, answering('127.0.0.1'))).resolves.toMatchObject({ address: '127.0.0.1' });
  });

  it('checks an IP literal without asking DNS', async () => {
    const rules = { ...production, allowedHosts: ['127.0.0.1'] };
    const url = parseCallbackUrl('https://127.0.0.1/h', rules);
    await expect(resolveCallbackHost(url, rules, () => Promise.reject(new Error('no DNS for literals')))).rejects.toThrow(/private, loopback/);
  });
});

describe('postPinned', () => {
  it('connects to the checked address, not to what the host name resolves to', async () => {
    const seen: Array<{ host?: string; body: string }> = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ host: req.headers.host, body });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      // "rebind.invalid" never resolves: only the pin can make this connection.
      const status = await postPinned(new URL(`http://rebind.invalid:${port}/hook`), { address: '127.0.0.1', family: 4 }, { 'content-type': 'application/json' }, '{"a":1}', 5000);
      expect(status).toBe(200);
      expect(seen).toEqual([{ host: `rebind.invalid:${port}`, body: '{"a":1}' }]);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
