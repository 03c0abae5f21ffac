/**
 * Owns the checks on the container image that need no container engine: the Dockerfile's
 * structure (npm run test:container builds and runs it), the .dockerignore allow-list, and the two scripts
 * the image runs, which are executed for real: the entrypoint's role switch (against stand-in
 * dist files) and the role-aware healthcheck (against local HTTP servers).
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const ENTRYPOINT = join(ROOT, 'deploy/docker-entrypoint.sh');
const HEALTHCHECK = join(ROOT, 'deploy/docker-healthcheck.js');

interface Instruction { op: string; args: string }

/** Dockerfile instructions with continuations joined and comments dropped, split by stage. */
function dockerStages(): Instruction[][] {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\r?\n/g, ' ');
  const stages: Instruction[][] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#')) continue;
    const [, op, args] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') stages.push([]);
    stages.at(-1)?.push({ op: op.toUpperCase(), args: args.replace(/\s+/g, ' ') });
  }
  return stages;
}

describe('Dockerfile', () => {
  const stages = dockerStages();
  const final = stages.at(-1)!;
  const stage = (name: string) => stages.find((st) => new RegExp(` AS ${name}$`).test(st[0].args))!;
  const all = (op: string, st = final) => st.filter((i) => i.op === op).map((i) => i.args);

  it('builds, installs and prepares the system in node:20-bookworm-slim stages, and runs from them flattened', () => {
    const arg = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').match(/^ARG NODE_IMAGE=(\S+)/m)?.[1];
    expect(arg).toBe('node:20-bookworm-slim');
    for (const name of ['build', 'deps', 'rootfs']) expect(all('FROM', stage(name))).toEqual([`\${NODE_IMAGE} AS ${name}`]);
    expect(all('RUN', stage('build')).join('\n')).toMatch(/npm run build/);
    // One layer of the system as the rootfs stage left it: what it deleted takes no space.
    expect(all('FROM')).toEqual(['scratch AS runtime']);
    expect(all('COPY')[0]).toBe('--from=rootfs / /');
    expect(all('ENV').join(' ')).toMatch(/PATH=\/usr\/local\/sbin:\/usr\/local\/bin:/);
  });

  it('installs production dependencies without install scripts, and runs no npm in the final stage', () => {
    const deps = all('RUN', stage('deps')).join('\n');
    expect(deps).toMatch(/npm ci --omit=dev --ignore-scripts/);
    expect(deps).toMatch(/image-prune\.sh node_modules/);
    for (const st of stages) expect(all('RUN', st).join('\n')).not.toMatch(/npm (ci|install)(?![^\n&]*--ignore-scripts)/);
    expect(all('RUN')).toEqual([]);
    expect(all('COPY')).toEqual(expect.arrayContaining(['--from=deps /app/node_modules ./node_modules', '--from=build /app/dist ./dist']));
  });

  it('uses no BuildKit-only syntax (COPY --chmod/--link, RUN --mount, heredocs)', () => {
    const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(text).not.toMatch(/^\s*(COPY|ADD)\s[^\n]*--(chmod|link|parents)/m);
    expect(text).not.toMatch(/^\s*RUN\s+--(mount|network|security)/m);
    expect(text).not.toMatch(/<<-?\s*['"]?\w+/);
    expect(text).not.toMatch(/^# syntax=/m);
  });

  it('runs as the non-root uid 10001 under tini, with a role-aware HEALTHCHECK and both ports', () => {
    expect(all('USER')).toEqual(['10001:10001']);
    // A regular account: --system with a uid past the system range makes useradd warn.
    expect(all('RUN', stage('rootfs')).join('\n')).toMatch(/useradd (?![^\n]*--system)[^\n]*--uid 10001/);
    expect(all('HEALTHCHECK')).toHaveLength(1);
    expect(all('HEALTHCHECK')[0]).toMatch(/CMD \["node", "\/app\/deploy\/docker-healthcheck\.js"\]$/);
    expect(all('ENTRYPOINT')).toEqual(['["/usr/bin/tini", "--", "/app/deploy/docker-entrypoint.sh"]']);
    expect(all('EXPOSE').join(' ').split(' ').sort()).toEqual(['8000', '8001']);
  });

  it('keeps the entrypoint executable in git, since COPY keeps the mode and no chmod runs', () => {
    const mode = execFileSync('git', ['ls-files', '-s', 'deploy/docker-entrypoint.sh'], { cwd: ROOT, encoding: 'utf8' }).split(' ')[0];
    expect(mode).toBe('100755');
  });

  it('copies only paths that exist and that .dockerignore lets into the build context', () => {
    const allowed = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n')
      .filter((l) => l.startsWith('!')).map((l) => l.slice(1).trim());
    const sources = stages.flat().filter((i) => i.op === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) => i.args.split(' ').filter((w) => !w.startsWith('--')).slice(0, -1));
    expect(sources.length).toBeGreaterThanOrEqual(6);
    for (const src of sources) {
      expect(allowed).toContain(src);
      expect(existsSync(join(ROOT, src))).toBe(true);
    }
  });
});

/** Runs the entrypoint from a scratch app root whose dist files report how they were started. */
function runEntrypoint(env: Record<string, string>, args: string[] = []) {
  const app = mkdtempSync(join(tmpdir(), 'medcor-entrypoint-'));
  mkdirSync(join(app, 'deploy'));
  mkdirSync(join(app, 'dist/mcp-server'), { recursive: true });
  copyFileSync(ENTRYPOINT, join(app, 'deploy/docker-entrypoint.sh'));
  const report = 'process.stdout.write(JSON.stringify({ file: require("path").relative(process.cwd(), __filename), pid: process.pid }))';
  writeFileSync(join(app, 'dist/main.js'), report);
  writeFileSync(join(app, 'dist/mcp-server/main.js'), report);
  return new Promise<{ code: number | null; stdout: string; stderr: string; pid: number }>((done) => {
    // Started from elsewhere on purpose: the script must find the app root itself.
    const child = spawn('sh', [join(app, 'deploy/docker-entrypoint.sh'), ...args], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('close', (code) => {
      rmSync(app, { recursive: true, force: true });
      done({ code, stdout, stderr, pid: child.pid ?? -1 });
    });
  });
}

describe('deploy/docker-entrypoint.sh', () => {
  it.each([
    ['api', 'dist/main.js'],
    ['worker', 'dist/main.js'],
    ['all', 'dist/main.js'],
    ['mcp-tools', 'dist/mcp-server/main.js'],
  ])('starts APP_ROLE=%s as %s, exec-ing so node gets signals itself', async (role, file) => {
    const run = await runEntrypoint({ APP_ROLE: role });
    expect(run.code).toBe(0);
    // Same pid as the shell that was spawned: exec replaced it, no shell in between.
    expect(JSON.parse(run.stdout)).toEqual({ file, pid: run.pid });
  });

  it('defaults to the all role when APP_ROLE is unset', async () => {
    const run = await runEntrypoint({});
    expect(JSON.parse(run.stdout).file).toBe('dist/main.js');
  });

  it('refuses an unknown role with its name, instead of starting the wrong program', async () => {
    const run = await runEntrypoint({ APP_ROLE: 'mcp' });
    expect(run.code).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/unknown APP_ROLE 'mcp'/);
  });

  it('runs explicit arguments from the app root (the compose db-setup one-shot)', async () => {
    const run = await runEntrypoint({ APP_ROLE: 'mcp-tools' }, ['node', 'dist/main.js']);
    expect(JSON.parse(run.stdout)).toEqual({ file: 'dist/main.js', pid: run.pid });
  });
});

/** A server answering every path with `status`, remembering the paths asked for. */
async function healthServer(status: number): Promise<{ server: Server; port: number; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, port: (server.address() as AddressInfo).port, paths };
}

function runHealthcheck(env: Record<string, string>): Promise<number> {
  return new Promise((done) => {
    execFile(process.execPath, [HEALTHCHECK], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 10_000 },
      (err) => done(err ? Number((err as NodeJS.ErrnoException).code ?? 1) : 0));
  });
}

describe('deploy/docker-healthcheck.js', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((ok) => s.close(ok))));
  });
  const serve = async (status: number) => {
    const s = await healthServer(status);
    servers.push(s.server);
    return s;
  };

  it.each(['api', 'worker', 'all'])('checks /api/ai/health/live on PORT for APP_ROLE=%s', async (role) => {
    const gateway = await serve(200);
    const tools = await serve(200);
    const code = await runHealthcheck({ APP_ROLE: role, PORT: String(gateway.port), MCP_PORT: String(tools.port) });
    expect(code).toBe(0);
    expect(gateway.paths).toEqual(['/api/ai/health/live']);
    expect(tools.paths).toEqual([]);
  });

  it('checks /health on MCP_PORT for APP_ROLE=mcp-tools', async () => {
    const gateway = await serve(200);
    const tools = await serve(200);
    const code = await runHealthcheck({ APP_ROLE: 'mcp-tools', PORT: String(gateway.port), MCP_PORT: String(tools.port) });
    expect(code).toBe(0);
    expect(tools.paths).toEqual(['/health']);
    expect(gateway.paths).toEqual([]);
  });

  it('reports unhealthy on a non-200 answer and when nothing listens', async () => {
    const failing = await serve(503);
    expect(await runHealthcheck({ APP_ROLE: 'api', PORT: String(failing.port) })).toBe(1);
    const closed = await healthServer(200);
    await new Promise((ok) => closed.server.close(ok));
    expect(await runHealthcheck({ APP_ROLE: 'api', PORT: String(closed.port) })).toBe(1);
  });

  it('asks a specific bind address rather than loopback when HOST names one', async () => {
    const gateway = await serve(200);
    expect(await runHealthcheck({ APP_ROLE: 'api', HOST: '127.0.0.2', PORT: String(gateway.port) })).toBe(1);
    expect(await runHealthcheck({ APP_ROLE: 'api', HOST: '0.0.0.0', PORT: String(gateway.port) })).toBe(0);
  });
});
