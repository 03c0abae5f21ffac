import { publishedPlaceholders } from '../../../test/helpers/published-placeholders';
import { passwordsFromEnv } from '../db/database-registry';
import { readToolsServerEnv } from './tools-server-env';

const TOKEN = 'a-long-enough-token';
const SECRET = 'x'.repeat(40);

describe('readToolsServerEnv', () => {
  it('defaults to loopback 127.0.0.1:8001', () => {
    expect(readToolsServerEnv({})).toEqual({ port: 8001, host: '127.0.0.1', allowedHosts: [] });
  });

  it('reads MCP_PORT, MCP_HOST, MCP_SERVER_TOKEN, MCP_INTERNAL_SECRET and MCP_ALLOWED_HOSTS', () => {
    expect(
      readToolsServerEnv({
        MCP_PORT: '9100',
        MCP_HOST: '0.0.0.0',
        MCP_SERVER_TOKEN: TOKEN,
        MCP_INTERNAL_SECRET: SECRET,
        MCP_ALLOWED_HOSTS: 'medcor-tools, Medcor-Tools.medcor.svc ',
      }),
    ).toEqual({ port: 9100, host: '0.0.0.0', token: TOKEN, internalSecret: SECRET, allowedHosts: ['medcor-tools', 'medcor-tools.medcor.svc'] });
  });

  it("refuses a token, internal secret or role password still holding the manifests' published placeholder", () => {
    const published = publishedPlaceholders();
    // MCP_INTERNAL_SECRET's placeholder is long enough for the length rule: the marker is what refuses it.
    expect(published.MCP_INTERNAL_SECRET.length).toBeGreaterThanOrEqual(SECRET.length - 8);
    expect(() => readToolsServerEnv({ MCP_SERVER_TOKEN: TOKEN, MCP_INTERNAL_SECRET: published.MCP_INTERNAL_SECRET })).toThrow(/^MCP_INTERNAL_SECRET is the placeholder/);
    expect(() => readToolsServerEnv({ MCP_SERVER_TOKEN: `${published.MCP_SERVER_TOKEN}-${TOKEN}` })).toThrow(/^MCP_SERVER_TOKEN is the placeholder/);
    for (const name of ['MEDCOR_READER_PASSWORD', 'MEDCOR_AUDITOR_PASSWORD', 'MEDCOR_ANALYST_PASSWORD']) {
      expect(() => passwordsFromEnv({ [name]: published[name] })).toThrow(new RegExp(`^${name} is the placeholder`));
    }
  });

  it.each(['0', '70000', 'abc', '80.5'])('refuses MCP_PORT=%s, naming the variable', (value) => {
    expect(() => readToolsServerEnv({ MCP_PORT: value })).toThrow(/^MCP_PORT must be an integer/);
  });

  it('refuses a URL as MCP_HOST', () => {
    expect(() => readToolsServerEnv({ MCP_HOST: 'http://x' })).toThrow(/^MCP_HOST/);
  });

  it('refuses a short MCP_SERVER_TOKEN or MCP_INTERNAL_SECRET without echoing it', () => {
    expect(() => readToolsServerEnv({ MCP_SERVER_TOKEN: 'short' })).toThrow(/^MCP_SERVER_TOKEN must be at least 16/);
    expect(() => readToolsServerEnv({ MCP_SERVER_TOKEN: 'short' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('short"') }));
    expect(() => readToolsServerEnv({ MCP_INTERNAL_SECRET: 'tiny-secret' })).toThrow(/^MCP_INTERNAL_SECRET must be at least 32/);
    expect(() => readToolsServerEnv({ MCP_INTERNAL_SECRET: 'tiny-secret' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('tiny-secret') }));
  });

  it.each(['0.0.0.0', '::', '10.1.2.3', 'medcor-tools'])('refuses to listen on %s without MCP_SERVER_TOKEN, whatever NODE_ENV says', (host) => {
    for (const NODE_ENV of [undefined, 'development', 'test']) {
      expect(() => readToolsServerEnv({ MCP_HOST: host, NODE_ENV })).toThrow(/^MCP_SERVER_TOKEN is required to listen on/);
    }
  });

  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]'])('listens on loopback %s without a token outside production', (host) => {
    expect(readToolsServerEnv({ MCP_HOST: host }).host).toBe(host);
  });

  it('refuses to start in production without MCP_SERVER_TOKEN or MCP_INTERNAL_SECRET, naming each', () => {
    expect(() => readToolsServerEnv({ NODE_ENV: 'production' })).toThrow(/^MCP_SERVER_TOKEN and MCP_INTERNAL_SECRET must be set in production/);
    expect(() => readToolsServerEnv({ NODE_ENV: 'production', MCP_INTERNAL_SECRET: SECRET })).toThrow(/^MCP_SERVER_TOKEN must be set in production/);
    expect(() => readToolsServerEnv({ NODE_ENV: 'production', MCP_SERVER_TOKEN: TOKEN })).toThrow(/^MCP_INTERNAL_SECRET must be set in production/);
    expect(readToolsServerEnv({ NODE_ENV: 'production', MCP_SERVER_TOKEN: TOKEN, MCP_INTERNAL_SECRET: SECRET }).token).toBe(TOKEN);
  });

  it('refuses a URL in MCP_ALLOWED_HOSTS', () => {
    expect(() => readToolsServerEnv({ MCP_ALLOWED_HOSTS: 'ok-host,https://evil' })).toThrow(/^MCP_ALLOWED_HOSTS/);
  });
});
