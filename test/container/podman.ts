/**
 * Runs the service image with podman the way ../shared/container/README.md says works on these
 * machines (runc, host network, the nofile/nproc limits the sandbox allows), always read-only with
 * a tmpfs on /tmp, and removes what it started. Owns nothing of the service itself.
 */
import { execFile } from 'node:child_process';

const PODMAN = ['--runtime', 'runc'];
/** Every container a run makes carries this label, so scripts/test-container.sh can sweep its own. */
export const LABEL = `medcor.test=container-${process.env.MEDCOR_TEST_RUN ?? 'manual'}`;
/** The sandbox lacks CAP_SYS_RESOURCE: podman's default limits cannot be set, these can. */
export const LIMITS = ['--ulimit', 'nofile=20000:20000', '--ulimit', 'nproc=32768:32768'];

export interface Podman {
  code: number;
  stdout: string;
  stderr: string;
}

/** One podman command; resolves with its exit code and output (never rejects on a non-zero exit). */
export function podman(args: string[], timeoutMs = 120_000): Promise<Podman> {
  return new Promise((resolve) => {
    execFile('podman', [...PODMAN, ...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as NodeJS.ErrnoException).code) : 1) : 0;
      resolve({ code, stdout: stdout.trim(), stderr: stderr.trim() });
    });
  });
}

/** Like podman(), but throws with the command's stderr on a non-zero exit. */
export async function podmanOk(args: string[], timeoutMs?: number): Promise<string> {
  const run = await podman(args, timeoutMs);
  if (run.code !== 0) throw new Error(`podman ${args.join(' ')} exited with ${run.code}: ${run.stderr}`);
  return run.stdout;
}

/** Starts a detached container of `image`: host network, read-only root, tmpfs /tmp, the image's own user. */
export async function runContainer(name: string, image: string, env: Record<string, string>): Promise<string> {
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  await podmanOk([
    'run', '-d', '--name', name, '--label', LABEL, '--network', 'host', '--pull=never',
    ...LIMITS, '--read-only', '--tmpfs', '/tmp:rw,nosuid,nodev,size=512m', ...envArgs, image,
  ]);
  return name;
}

/** The container's log (stdout and stderr), for failure messages. */
export async function logsOf(name: string, lines = 40): Promise<string> {
  const run = await podman(['logs', '--tail', String(lines), name]);
  return `${run.stdout}\n${run.stderr}`.trim();
}

export async function removeContainers(names: string[]): Promise<void> {
  if (names.length) await podman(['rm', '-f', '-t', '0', ...names]);
}
