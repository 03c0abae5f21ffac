/**
 * Real Redis topologies on loopback for tests, each in its own temp dir, torn down with its
 * processes: a 3-master/3-replica Redis Cluster (`redis-server --cluster-enabled yes` ×6 and
 * `redis-cli --cluster create … --cluster-replicas 1`) and a primary/replica pair watched by three
 * Sentinels. Timeouts are short (node timeout and Sentinel down-after 1 s) so a killed master is
 * replaced within a few seconds. Both give the environment the service takes (REDIS_CLUSTER_NODES,
 * REDIS_SENTINELS + REDIS_SENTINEL_NAME) and a way to find and kill the master that holds a key.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Redis, { Cluster } from 'ioredis';
import { keySlot } from '../../src/core/redis/redis-connection';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A loopback port that is free, and whose +10000 (a cluster node's bus port) is free too. */
async function freePortPair(used: Set<number>): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer().once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 10000);
    if (used.has(port)) continue;
    if ((await free(port)) && (await free(port + 10000))) {
      used.add(port);
      return port;
    }
  }
}

/** Sends one command to a node with redis-cli (no client library state to clean up). */
async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 5000 });
  return stdout.trim();
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`Redis topology: ${what} within ${timeoutMs} ms`);
}

class RedisProcess {
  child?: ChildProcess;
  constructor(
    readonly port: number,
    private readonly args: string[],
  ) {}

  async start(extra: string[] = []): Promise<void> {
    this.child = spawn('redis-server', [...this.args, ...extra], { stdio: 'ignore' });
    await until(`redis-server on ${this.port} answers`, async () => (await cli(this.port, 'PING')) === 'PONG', 10000);
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL: the master dies with whatever it had not yet sent to its replica. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

abstract class Topology {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'medcor-redis-topology-'));
  protected readonly nodes: RedisProcess[] = [];

  /** What the service needs to reach it. */
  abstract get env(): Record<string, string>;
  /** A client of the test's own for the data (a Cluster or the current primary). */
  abstract client(): Redis | Cluster;
  /** The port of the master currently serving `key`. */
  abstract masterOf(key: string): Promise<number>;

  protected dataNode(port: number, extra: string[]): RedisProcess {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--logfile', '', '--protected-mode', 'no',
      // A replica's first sync starts at once (the default waits 5 s for more replicas to join).
      '--repl-diskless-sync-delay', '0', ...extra];
    const node = new RedisProcess(port, args);
    this.nodes.push(node);
    return node;
  }

  /** SIGKILLs the master serving `key` (its replica is promoted); the port it had. */
  async killMasterOf(key: string): Promise<number> {
    const port = await this.masterOf(key);
    await this.node(port).kill();
    return port;
  }

  /** Starts a killed node again (it rejoins as a replica of whoever replaced it). */
  async restart(port: number): Promise<void> {
    await this.node(port).start();
  }

  protected node(port: number): RedisProcess {
    const node = this.nodes.find((n) => n.port === port);
    if (!node) throw new Error(`no node on ${port}`);
    return node;
  }

  async close(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class RedisClusterTopology extends Topology {
  private constructor(readonly ports: number[]) {
    super();
  }

  /** Six nodes, three masters each with one replica, all 16384 slots assigned, state ok everywhere. */
  static async start(): Promise<RedisClusterTopology> {
    const used = new Set<number>();
    const ports: number[] = [];
    for (let i = 0; i < 6; i++) ports.push(await freePortPair(used));
    const cluster = new RedisClusterTopology(ports);
    try {
      await Promise.all(
        ports.map((port) =>
          cluster
            .dataNode(port, [
              '--cluster-enabled', 'yes',
              '--cluster-config-file', `nodes-${port}.conf`,
              '--cluster-node-timeout', '1000',
              // A replica may take over however long its link was down (the tests kill masters on purpose).
              '--cluster-replica-validity-factor', '0',
            ])
            .start(),
        ),
      );
      await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '1', '--cluster-yes'], { timeout: 30000 });
      await until('the cluster is ok on every node', async () => {
        const infos = await Promise.all(ports.map((p) => cli(p, 'CLUSTER', 'INFO')));
        return infos.every((info) => info.includes('cluster_state:ok'));
      });
      return cluster;
    } catch (error) {
      await cluster.close();
      throw error;
    }
  }

  get env(): Record<string, string> {
    return { REDIS_URL: '', REDIS_CLUSTER_NODES: this.ports.slice(0, 3).map((p) => `127.0.0.1:${p}`).join(',') };
  }

  client(): Cluster {
    const client = new Cluster(this.ports.map((port) => ({ host: '127.0.0.1', port })), { retryDelayOnFailover: 200, retryDelayOnClusterDown: 200 });
    client.on('error', () => undefined);
    return client;
  }

  async masterOf(key: string): Promise<number> {
    const slot = keySlot(key);
    const live = this.nodes.find((n) => n.alive);
    if (!live) throw new Error('no live cluster node');
    // CLUSTER NODES: `<id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slots…>`.
    for (const line of (await cli(live.port, 'CLUSTER', 'NODES')).split('\n')) {
      const [, address, flags, , , , , , ...ranges] = line.split(' ');
      if (!flags?.split(',').includes('master') || flags.includes('fail')) continue;
      const serves = ranges.some((range) => {
        const [start, end = start] = range.split('-').map(Number);
        return slot >= start && slot <= end;
      });
      if (serves) return Number(address.split('@')[0].split(':')[1]);
    }
    throw new Error(`no live master serves slot ${slot}`);
  }

  /** Waits until a replica has taken over `key`'s slot from the master on port `from`, and the cluster is ok. */
  async waitFailover(key: string, from: number, timeoutMs = 20000): Promise<number> {
    let current = from;
    await until(
      `a replica takes over from ${from}`,
      async () => {
        current = await this.masterOf(key);
        return current !== from;
      },
      timeoutMs,
    );
    await this.waitHealthy(timeoutMs);
    return current;
  }

  /** Waits until every live node sees the cluster ok again (after a failover). */
  async waitHealthy(timeoutMs = 20000): Promise<void> {
    await until(
      'the cluster is ok again',
      async () => {
        const live = this.nodes.filter((n) => n.alive);
        const infos = await Promise.all(live.map((n) => cli(n.port, 'CLUSTER', 'INFO')));
        return infos.every((info) => info.includes('cluster_state:ok'));
      },
      timeoutMs,
    );
  }
}

export class RedisSentinelTopology extends Topology {
  static readonly NAME = 'medcor-test';
  private readonly sentinels: RedisProcess[] = [];

  private constructor(
    readonly primaryPort: number,
    readonly replicaPort: number,
    readonly sentinelPorts: number[],
  ) {
    super();
  }

  /**
   * A primary, its replica, and three Sentinels (quorum 2). With `failover`, it also waits until
   * every Sentinel knows the replica and the two others (a few seconds of Sentinel hellos), which
   * a failover needs; serving clients does not.
   */
  static async start(options: { failover?: boolean } = {}): Promise<RedisSentinelTopology> {
    const used = new Set<number>();
    const [primary, replica, ...sentinelPorts] = await Promise.all([0, 1, 2, 3, 4].map(() => freePortPair(used)));
    const topology = new RedisSentinelTopology(primary, replica, sentinelPorts);
    const name = RedisSentinelTopology.NAME;
    try {
      // Every node may be told to follow the other later, so both are started the same way.
      await topology.dataNode(primary, []).start();
      await topology.dataNode(replica, ['--replicaof', '127.0.0.1', String(primary)]).start();
      for (const port of sentinelPorts) {
        const file = path.join(topology.dir, `sentinel-${port}.conf`);
        writeFileSync(
          file,
          [
            `port ${port}`,
            'bind 127.0.0.1',
            `dir ${topology.dir}`,
            `sentinel monitor ${name} 127.0.0.1 ${primary} 2`,
            `sentinel down-after-milliseconds ${name} 1000`,
            `sentinel failover-timeout ${name} 3000`,
            `sentinel parallel-syncs ${name} 1`,
            '',
          ].join('\n'),
        );
        const sentinel = new RedisProcess(port, [file, '--sentinel']);
        topology.sentinels.push(sentinel);
        await sentinel.start();
      }
      await until('the replica is in sync (and every Sentinel knows the replica and the two others)', async () => {
        const link = await cli(replica, 'INFO', 'replication');
        if (!link.includes('master_link_status:up')) return false;
        if (!options.failover) return true;
        const views = await Promise.all(
          sentinelPorts.map(async (p) => [await cli(p, 'SENTINEL', 'REPLICAS', name), await cli(p, 'SENTINEL', 'SENTINELS', name)]),
        );
        return views.every(
          ([replicas, others], i) => replicas.includes(String(replica)) && sentinelPorts.filter((p) => p !== sentinelPorts[i]).every((p) => others.includes(String(p))),
        );
      });
      return topology;
    } catch (error) {
      await topology.close();
      throw error;
    }
  }

  get env(): Record<string, string> {
    return { REDIS_URL: '', REDIS_SENTINELS: this.sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','), REDIS_SENTINEL_NAME: RedisSentinelTopology.NAME };
  }

  client(): Redis {
    const client = new Redis({ sentinels: this.sentinelPorts.map((port) => ({ host: '127.0.0.1', port })), name: RedisSentinelTopology.NAME });
    client.on('error', () => undefined);
    return client;
  }

  async masterOf(): Promise<number> {
    const reply = await cli(this.sentinelPorts[0], 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', RedisSentinelTopology.NAME);
    return Number(reply.split('\n')[1]);
  }

  /** Waits until the Sentinels name a live primary other than `port` and it accepts writes. */
  async waitFailover(from: number, timeoutMs = 20000): Promise<number> {
    let current = from;
    await until(
      'the Sentinels promote the replica',
      async () => {
        current = await this.masterOf();
        return current !== from && (await cli(current, 'ROLE')).startsWith('master');
      },
      timeoutMs,
    );
    return current;
  }

  /**
   * Starts a killed node again as a replica of the current primary (as a Sentinel deployment's
   * start script does), and waits until it is in sync: the primary has a replica again.
   */
  override async restart(port: number): Promise<void> {
    const primary = await this.masterOf();
    const node = this.node(port);
    await node.start(['--replicaof', '127.0.0.1', String(primary)]);
    await until(`the restarted ${port} syncs from ${primary}`, async () => (await cli(port, 'INFO', 'replication')).includes('master_link_status:up'));
  }

  override async close(): Promise<void> {
    await Promise.all(this.sentinels.map((s) => s.kill()));
    await super.close();
  }
}
