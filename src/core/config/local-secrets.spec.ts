import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isLoopbackHost, parseSecretsFile, withLocalSecrets } from './local-secrets';

describe('local development secrets', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'medcor-secrets-'));
  const file = path.join(dir, 'dev-secrets.env');
  writeFileSync(file, '# comment\nJWT_SECRET=from-file-secret-0123456789abcdef0123\nPHI_ENCRYPTION_KEY=AAAA\n');

  it('knows loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'api.example.org', '128.0.0.1']) expect(isLoopbackHost(host)).toBe(false);
  });

  it('parses KEY=value lines', () => {
    expect(parseSecretsFile('A=1\n# B=2\n\n C = 3 \nD=\n')).toEqual({ A: '1', C: '3' });
  });

  it('fills missing secrets from the file on a loopback server outside production; set variables win', () => {
    expect(withLocalSecrets({}, file)).toEqual({ env: { JWT_SECRET: 'from-file-secret-0123456789abcdef0123', PHI_ENCRYPTION_KEY: 'AAAA' }, from: file });
    expect(withLocalSecrets({ JWT_SECRET: 'mine' }, file).env).toMatchObject({ JWT_SECRET: 'mine', PHI_ENCRYPTION_KEY: 'AAAA' });
  });

  it('never uses the file for a server reachable beyond loopback, or in production', () => {
    expect(withLocalSecrets({ HOST: '0.0.0.0' }, file)).toEqual({ env: { HOST: '0.0.0.0' } });
    expect(withLocalSecrets({ NODE_ENV: 'production' }, file)).toEqual({ env: { NODE_ENV: 'production' } });
    expect(withLocalSecrets({}, path.join(dir, 'missing.env'))).toEqual({ env: {} });
  });
});
