/**
 * The real process (`node dist/main.js`): a server that would listen beyond loopback without a JWT
 * secret and a PHI key refuses to start, naming the variables, whatever NODE_ENV says; on
 * loopback it starts without them, on secrets nobody else knows.
 */
import { startAppProcess } from '../helpers/app-process';

jest.setTimeout(300_000);

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const NO_SECRETS = { JWT_SECRET: '', PHI_ENCRYPTION_KEY: '', REDIS_URL, MCP_SERVER_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'info' };

describe('start-up secrets (e2e, real process)', () => {
  it.each(['development', 'test'])('exits 78 naming JWT_SECRET and PHI_ENCRYPTION_KEY when HOST is 0.0.0.0 without them (NODE_ENV=%s)', async (nodeEnv) => {
    const failure = await startAppProcess({ ...NO_SECRETS, HOST: '0.0.0.0', NODE_ENV: nodeEnv }).then(
      async (app) => {
        await app.stop();
        return new Error('the service started');
      },
      (error: Error) => error,
    );
    expect(failure.message).toMatch(/exited with 78/);
    expect(failure.message).toMatch(/JWT_SECRET: required when HOST \(0\.0\.0\.0\) is not loopback/);
    expect(failure.message).toMatch(/PHI_ENCRYPTION_KEY: required when HOST/);
  });

  it('starts on loopback without configured secrets, and says where its secrets come from', async () => {
    const app = await startAppProcess({ ...NO_SECRETS, HOST: '127.0.0.1', APP_ROLE: 'api', REDIS_KEY_PREFIX: `t${Date.now()}` });
    try {
      expect(await app.waitForLine(/not set: using random values for this process only|Secrets not set in the environment are read from/)).toBeTruthy();
    } finally {
      await app.stop();
    }
  });
});
