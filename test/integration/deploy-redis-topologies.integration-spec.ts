/**
 * The Redis topology options of the deployment files: the Kustomize components
 * (deploy/k8s/components/redis-sentinel, redis-cluster) rendered on the prod overlay, and the
 * Sentinel compose override. Their configuration must load into the topology it names, set only
 * variables the service reads, and point KEDA at the wait lists Bull really uses there.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ENV_VARIABLES, loadConfig } from '../../src/core/config';
import { bullPrefix } from '../../src/tasks/bull-options.factory';
import { ALL_QUEUES } from '../../src/tasks/queue-names';

const ROOT = join(__dirname, '../..');
type Obj = Record<string, any>;

function renderWith(component: string): Obj[] {
  const dir = mkdtempSync(join(tmpdir(), 'medcor-kustomize-'));
  try {
    const k8s = join(ROOT, 'deploy/k8s');
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${relative(dir, join(k8s, 'overlays/prod'))}]\ncomponents: [${relative(dir, join(k8s, 'components', component))}]\n`,
    );
    const out = execFileSync('kubectl', ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', dir], { encoding: 'utf8' });
    return parseAllDocuments(out).map((d) => d.toJSON() as Obj);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each([
  ['redis-sentinel', 'sentinel', 'redis-sentinel'],
  ['redis-cluster', 'cluster', 'redis-cluster'],
] as const)('the k8s component %s', (component, topology, scaler) => {
  const objs = renderWith(component);
  const configMap = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('medcor-ai-config')) as Obj;
  const config = loadConfig({ ...configMap.data, NODE_ENV: 'development', HOST: '127.0.0.1' });

  it('configures exactly that topology, with variables the service reads', () => {
    expect(config.redis.topology.kind).toBe(topology);
    expect(config.redis.waitReplicas).toBe(1);
    const redisNames = Object.keys(configMap.data).filter((name) => name.startsWith('REDIS_'));
    expect(redisNames.filter((name) => !ENV_VARIABLES.includes(name))).toEqual([]);
  });

  it("scales workers on each queue's wait list as Bull names it on that topology", () => {
    const scaled = objs.find((o) => o.kind === 'ScaledObject') as Obj;
    expect(scaled.spec.triggers.map((t: Obj) => t.type)).toEqual(ALL_QUEUES.map(() => scaler));
    expect(scaled.spec.triggers.map((t: Obj) => t.metadata.listName)).toEqual(ALL_QUEUES.map((q) => `${bullPrefix(config, q)}:${q}:wait`));
    const auth = objs.find((o) => o.kind === 'TriggerAuthentication' && o.metadata.name === scaled.spec.triggers[0].authenticationRef.name) as Obj;
    expect(auth.spec.secretTargetRef.map((r: Obj) => r.parameter)).toEqual(['addresses', 'password']);
  });
});

describe('docker-compose.sentinel.yml', () => {
  it('points api and workers at three Sentinels watching the base Redis and its replica', () => {
    const override = parse(readFileSync(join(ROOT, 'docker-compose.sentinel.yml'), 'utf8'), { merge: true });
    const base = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
    for (const role of ['api', 'worker']) {
      const merged: Record<string, string> = { ...base.services[role].environment, ...override.services[role].environment };
      const env = Object.fromEntries(Object.entries(merged).filter(([name]) => name.startsWith('REDIS_')));
      expect(Object.keys(env).filter((name) => !ENV_VARIABLES.includes(name))).toEqual([]);
      expect(loadConfig(env).redis.topology).toMatchObject({ kind: 'sentinel', name: 'medcor', sentinels: [1, 2, 3].map((n) => ({ host: `sentinel-${n}`, port: 26379 })) });
    }
    expect(override.services['redis-replica'].command.join(' ')).toMatch(/--replicaof redis 6379/);
    for (const n of [1, 2, 3]) expect(override.services[`sentinel-${n}`].command[0]).toMatch(/sentinel monitor medcor redis 6379 2/);
  });
});
