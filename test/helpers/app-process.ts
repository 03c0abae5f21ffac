/**
 * Runs the compiled service (`node dist/main.js`) as a child process, for what only a real
 * process shows: signals, exit codes and its stdout log lines. `ensureBuilt()` compiles with
 * `tsc -p tsconfig.json` when dist/main.js is missing or older than any file under src/ (about
 * a minute on two cores), under a lock so parallel test files build once.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { TEST_SECRETS } from './test-secrets';

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'dist/main.js');
const LOCK = path.join(ROOT, 'dist/.build.lock');
/** Touched after each build: tsc's incremental mode leaves unchanged outputs' times alone. */
const STAMP = path.join(ROOT, 'dist/.built-at');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const stale = () => !existsSync(MAIN) || !existsSync(STAMP) || statSync(STAMP).mtimeMs < newestSource(path.join(ROOT, 'src'));

export async function ensureBuilt(): Promise<void> {
  if (!stale()) return;
  mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      closeSync(openSync(LOCK, 'wx'));
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${LOCK} is held for too long; remove it if no build is running`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    // Another file may have built while we waited for the lock.
    if (stale()) {
      try {
        execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
      } catch (error) {
        // Type errors still emit JavaScript; only a missing output is fatal.
        if (!existsSync(MAIN)) throw error;
      }
      writeFileSync(STAMP, new Date().toISOString());
    }
  } finally {
    unlinkSync(LOCK);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface AppProcess extends NodeProcess {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** A compiled entry point of ours running as a child process, with its output collected. */
export interface NodeProcess {
  child: ChildProcess;
  /** Every stdout and stderr line so far. */
  readonly output: string[];
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/**
 * Runs `dist/<script>` (built first if stale) with exactly `env` plus PATH; `dist`: another build
 * of the checkout's sources (the quick start's), used as it is.
 */
export async function spawnBuilt(script: string, env: Record<string, string>, dist?: string): Promise<NodeProcess> {
  if (!dist) await ensureBuilt();
  const child = spawn(process.execPath, [path.join(dist ?? path.join(ROOT, 'dist'), script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    for (const wake of waiters) wake();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));

  const waitForLine = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = output.find((l) => pattern.test(l));
        if (!line) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(line);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`No output line matched ${pattern} in ${timeoutMs} ms; last lines:\n${output.slice(-20).join('\n')}`));
      }, timeoutMs);
      // A process that exits first (start-up refused) must not keep the test run alive.
      timer.unref();
      waiters.add(check);
      check();
    });
  return { child, output, exited, waitForLine };
}

export async function startAppProcess(env: Record<string, string>, dist?: string): Promise<AppProcess> {
  const port = await freePort();
  // The test process's secrets, so that signToken's tokens are accepted; `env` may override them.
  const { child, output, exited, waitForLine } = await spawnBuilt('main.js', { HOST: '127.0.0.1', PORT: String(port), NODE_ENV: 'test', ...TEST_SECRETS, ...env }, dist);

  const app: AppProcess = {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output,
    exited,
    waitForLine,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  await Promise.race([
    waitForLine(/listening on/, 60_000),
    exited.then((code) => {
      throw new Error(`The service exited with ${code} before listening:\n${output.join('\n')}`);
    }),
  ]);
  return app;
}
