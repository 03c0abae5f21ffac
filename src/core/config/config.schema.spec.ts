import { publishedPlaceholders } from '../../../test/helpers/published-placeholders';
import { ConfigValidationError, ENV_VARIABLES, loadConfig } from './config.schema';

const SECRET = 'x'.repeat(40);
const PHI_KEY = Buffer.alloc(32, 1).toString('base64');

describe('loadConfig', () => {
  it('fills the seed defaults', () => {
    const sut = loadConfig({});
    expect(sut.app).toMatchObject({ role: 'all', port: 8000 });
    expect(sut.redis.topology).toEqual({ kind: 'single', url: 'redis://localhost:6379/0' });
    expect(sut.llm).toMatchObject({ model: 'gpt-3.5-turbo', temperature: 0.7, maxTokens: 2000 });
    expect(sut.mcp.timeoutMs).toBe(30_000);
    expect(sut.mcp.servers.medcor.url).toBe('http://localhost:8001/mcp');
    expect(sut.tasks.ttlSeconds).toEqual({ query: 3600, medical: 7200, database: 1800, code: 1800 });
  });

  it("accepts the seed's CELERY_BROKER_URL as the Redis URL", () => {
    expect(loadConfig({ CELERY_BROKER_URL: 'redis://broker:6380/2' }).redis.topology).toEqual({ kind: 'single', url: 'redis://broker:6380/2' });
    expect(loadConfig({ CELERY_BROKER_URL: 'redis://a:1/0', REDIS_URL: 'redis://b:2/0' }).redis.topology).toEqual({ kind: 'single', url: 'redis://b:2/0' });
  });

  it('reads a Sentinel or a Cluster topology', () => {
    const sentinel = loadConfig({ REDIS_SENTINELS: 's1:26379, 10.0.0.2:26380', REDIS_SENTINEL_NAME: 'medcor' }).redis.topology;
    expect(sentinel).toEqual({ kind: 'sentinel', name: 'medcor', sentinels: [{ host: 's1', port: 26379 }, { host: '10.0.0.2', port: 26380 }] });
    const cluster = loadConfig({ REDIS_CLUSTER_NODES: 'a:7000,b:7001', REDIS_WAIT_REPLICAS: '1' }).redis;
    expect(cluster).toMatchObject({ topology: { kind: 'cluster', nodes: [{ host: 'a', port: 7000 }, { host: 'b', port: 7001 }] }, waitReplicas: 1 });
  });

  it.each([
    [{ REDIS_URL: 'redis://a:1/0', REDIS_CLUSTER_NODES: 'b:7000' }, /REDIS_CLUSTER_NODES: set exactly one Redis topology/],
    [{ REDIS_SENTINELS: 's:26379', REDIS_SENTINEL_NAME: 'm', REDIS_CLUSTER_NODES: 'b:7000' }, /set exactly one Redis topology/],
    [{ REDIS_SENTINELS: 's:26379' }, /REDIS_SENTINEL_NAME: required with REDIS_SENTINELS/],
    [{ REDIS_CLUSTER_NODES: 'b:7000,nohost' }, /REDIS_CLUSTER_NODES: expected a comma-separated list of host:port, got "nohost"/],
    [{ REDIS_WAIT_REPLICAS: '-1' }, /REDIS_WAIT_REPLICAS: expected an integer/],
  ])('stops on an ambiguous or incomplete Redis topology (%j)', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([
    ['PORT', 'abc', /PORT: expected an integer/],
    ['APP_ROLE', 'boss', /APP_ROLE: expected one of api, worker, all/],
    ['OPENAI_TEMPERATURE', '3', /OPENAI_TEMPERATURE: expected a number between 0 and 2/],
    ['REDIS_URL', 'http://x', /REDIS_URL: expected a URL starting with redis:/],
    ['JWT_SECRET', 'short', /JWT_SECRET: expected at least 32 characters/],
    ['PHI_ENCRYPTION_KEY', 'abc', /PHI_ENCRYPTION_KEY: expected base64 of exactly 32 bytes/],
    ['MCP_SERVERS', '{not json', /MCP_SERVERS/],
  ])('stops on a bad %s naming it and what is expected', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigValidationError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it.each(['JWT_SECRET', 'PHI_ENCRYPTION_KEY', 'MCP_SERVER_TOKEN', 'MCP_INTERNAL_SECRET', 'WEBHOOK_SECRET', 'METRICS_TOKEN'])(
    "refuses %s holding the manifests' published placeholder, however long, naming the variable",
    (name) => {
      const published = publishedPlaceholders()[name] ?? 'REPLACE_ME';
      // Long enough for every length rule: only the placeholder itself is wrong.
      for (const value of [published, `${published}-${'x'.repeat(40)}`]) {
        expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}: .*placeholder`));
      }
    },
  );

  it('refuses production without a JWT secret and a PHI key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required in production[\s\S]*PHI_ENCRYPTION_KEY: required in production/);
  });

  it.each(['development', 'test', undefined])('refuses to listen beyond loopback without secrets whatever NODE_ENV says (%s)', (nodeEnv) => {
    const env = { HOST: '0.0.0.0', ...(nodeEnv ? { NODE_ENV: nodeEnv } : {}) };
    expect(() => loadConfig(env)).toThrow(/JWT_SECRET: required when HOST \(0\.0\.0\.0\) is not loopback[\s\S]*PHI_ENCRYPTION_KEY: required when HOST/);
    expect(() => loadConfig({ ...env, JWT_SECRET: SECRET })).toThrow(/PHI_ENCRYPTION_KEY/);
    expect(() => loadConfig({ ...env, PHI_ENCRYPTION_KEY: PHI_KEY })).toThrow(/JWT_SECRET/);
    expect(loadConfig({ ...env, JWT_SECRET: SECRET, PHI_ENCRYPTION_KEY: PHI_KEY }).app.host).toBe('0.0.0.0');
    const jwks = { JWT_JWKS_URI: 'https://idp/jwks.json', JWT_AUDIENCE: 'medcor', JWT_ISSUER: 'https://idp', PHI_ENCRYPTION_KEY: PHI_KEY };
    expect(loadConfig({ ...env, ...jwks }).auth.algorithm).toBe('RS256');
  });

  it('requires an audience, an issuer and https: (off loopback) with JWKS wherever secrets are required', () => {
    const jwks = { JWT_JWKS_URI: 'https://idp/jwks.json', JWT_AUDIENCE: 'medcor', JWT_ISSUER: 'https://idp', PHI_ENCRYPTION_KEY: PHI_KEY };
    for (const env of [{ NODE_ENV: 'production' }, { HOST: '0.0.0.0' }]) {
      expect(() => loadConfig({ ...env, ...jwks, JWT_AUDIENCE: '' })).toThrow(/JWT_AUDIENCE: required/);
      expect(() => loadConfig({ ...env, ...jwks, JWT_ISSUER: '' })).toThrow(/JWT_ISSUER: required/);
      expect(() => loadConfig({ ...env, ...jwks, JWT_JWKS_URI: 'http://idp/jwks.json' })).toThrow(/JWT_JWKS_URI: must be https/);
      expect(loadConfig({ ...env, ...jwks, JWT_JWKS_URI: 'http://127.0.0.1:8080/jwks.json' }).auth.jwksUri).toBe('http://127.0.0.1:8080/jwks.json');
      expect(loadConfig({ ...env, ...jwks }).auth).toMatchObject({ audience: 'medcor', issuer: 'https://idp' });
    }
  });

  it('listens on loopback by default, where it runs without configured secrets on random ones of the process', () => {
    const sut = loadConfig({});
    expect(sut.app.host).toBe('127.0.0.1');
    expect(sut.auth).toMatchObject({ ephemeralSecret: true, secret: expect.stringMatching(/^[\w-]{43}$/) });
    expect(sut.security.ephemeralPhiKey).toBe(true);
    expect(sut.security.phiKey).toHaveLength(32);
    // The same within the process (API and workers of one process agree), never a constant.
    expect(loadConfig({ HOST: '::1' }).auth.secret).toBe(sut.auth.secret);
    expect(sut.auth.secret).not.toBe('medcor-dev-secret-change-me-0123456789');
    expect(loadConfig({ JWT_SECRET: SECRET }).auth).toMatchObject({ secret: SECRET, ephemeralSecret: false });
  });

  it('reads JWT_MAX_AGE_SECONDS (default 24 hours)', () => {
    expect(loadConfig({}).auth.maxAgeSeconds).toBe(86_400);
    expect(loadConfig({ JWT_MAX_AGE_SECONDS: '3600' }).auth.maxAgeSeconds).toBe(3600);
    expect(() => loadConfig({ JWT_MAX_AGE_SECONDS: '0' })).toThrow(/JWT_MAX_AGE_SECONDS/);
  });

  it('pins RS256 when a JWKS URL is configured', () => {
    expect(loadConfig({ JWT_JWKS_URI: 'https://idp/.well-known/jwks.json' }).auth.algorithm).toBe('RS256');
    expect(loadConfig({}).auth.algorithm).toBe('HS256');
  });

  it('lists every variable it reads', () => {
    expect(ENV_VARIABLES).toEqual(expect.arrayContaining(['PORT', 'REDIS_URL', 'CELERY_BROKER_URL', 'OPENAI_API_KEY', 'MCP_SERVER_URL', 'JWT_SECRET']));
  });
});
