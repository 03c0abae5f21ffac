'use strict';
/**
 * Child processes for the bench and the fault suite: the built service (API or worker role), the
 * fake LLM, the bare Redis-GET app and the raw Bull worker, each a real process so that one can
 * be measured (RSS, CPU profile) or killed on its own. Owns free ports, readiness waits and RSS.
 */
const { fork, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const EXIT_ON_SIGNAL = path.join(__dirname, 'exit-on-signal.js');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls until the URL answers (any status), or throws after timeoutMs. */
async function waitForHttp(url, timeoutMs = 30000, child) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return;
    } catch {
      await sleep(150);
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Builds dist/ with tsc when dist/main.js is missing (or when forced). */
function ensureBuilt(force = false) {
  if (!force && fs.existsSync(path.join(ROOT, 'dist', 'main.js')) && fs.existsSync(path.join(ROOT, 'dist', 'mcp-server', 'main.js'))) return;
  process.stderr.write('Building dist/ with tsc…\n');
  const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  return new Promise((resolve, reject) => tsc.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tsc exited with ${code}`)))));
}

/**
 * Starts `node dist/main.js` with the given role. `profileDir` adds --cpu-prof; the profile is
 * written when stop() sends SIGUSR2 (exit-on-signal.js turns it into a clean exit).
 */
async function startService({ role, port, env, profileDir, quiet = true, logFile }) {
  const args = ['-r', EXIT_ON_SIGNAL];
  if (profileDir) args.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${role}-${Date.now()}.cpuprofile`);
  args.push(path.join(ROOT, 'dist', 'main.js'));
  // logFile: the service's log lines (stdout) appended to that file, for a fault case to be read afterwards.
  const out = logFile ? fs.openSync(logFile, 'a') : quiet ? 'ignore' : 'inherit';
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', ...env, APP_ROLE: role, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', out, 'pipe'],
  });
  if (typeof out === 'number') fs.closeSync(out);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
    if (!quiet) process.stderr.write(d);
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/ai/health/live`, 40000, child).catch((error) => {
    child.kill('SIGKILL');
    throw new Error(`${role} did not start: ${error.message}\n${stderr}`);
  });
  await waitForRedis(url);
  return { child, url, pid: child.pid, role, stop: () => stopChild(child), stderr: () => stderr };
}

/**
 * /live answers before the service's Redis connection is up (it touches nothing outside the
 * process), and commands fail fast rather than queue while it connects: wait for the health
 * summary to report Redis before sending work.
 */
async function waitForRedis(url, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/api/ai/health`, { signal: AbortSignal.timeout(2000) });
      if ((await res.json()).redis_available === true) return;
    } catch {
      // not answering yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not report Redis available within ${timeoutMs} ms`);
}

/** SIGUSR2 (clean exit, profile written), then SIGKILL after graceMs. */
function stopChild(child, graceMs = 8000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGUSR2');
  });
}

/** Forks a helper script that answers `{ready: {...}}` over IPC once it listens. */
function forkHelper(script, env = {}, execArgv = []) {
  const child = fork(script, [], { cwd: ROOT, env: { ...process.env, ...env }, execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${path.basename(script)} exited with ${code} before it was ready`)));
    child.on('message', (m) => {
      if (m && m.ready) resolve({ child, pid: child.pid, ...m.ready, stop: () => stopChild(child) });
    });
  });
}

/** Sends `{type}` and resolves with the reply of the same type. */
function ask(child, type, payload = {}) {
  return new Promise((resolve) => {
    const onMessage = (m) => {
      if (m && m.reply === type) {
        child.off('message', onMessage);
        resolve(m.value);
      }
    };
    child.on('message', onMessage);
    child.send({ type, ...payload });
  });
}

/** Resident set size in MB from /proc/<pid>/status (VmRSS). */
function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat (10 ms ticks). */
function cpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Samples the peak RSS of some processes until stop() is called. */
function rssSampler(pids, everyMs = 250) {
  const peak = Object.fromEntries(Object.keys(pids).map((k) => [k, 0]));
  const timer = setInterval(() => {
    for (const [name, pid] of Object.entries(pids)) peak[name] = Math.max(peak[name], rssMb(pid) ?? 0);
  }, everyMs);
  return { peak, stop: () => clearInterval(timer) };
}

module.exports = { ROOT, freePort, sleep, waitForHttp, waitForRedis, ensureBuilt, startService, stopChild, forkHelper, ask, rssMb, rssSampler, cpuMs };
