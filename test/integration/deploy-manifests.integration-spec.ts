/**
 * Owns the checks on the deployment descriptions: the Kustomize base (each file on its own),
 * each overlay as kustomize renders it, and docker-compose.yml. Core kinds are validated with
 * kubernetes-models (types and required fields; it does not reject unknown keys); KEDA objects
 * have no schema package installed, so their required fields are checked by hand. Overlays are
 * rendered with `kubectl kustomize` (kustomize is built into kubectl); without kubectl on PATH
 * those tests fail rather than pass unrendered. Nothing here needs a cluster or a Docker engine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { appEnvSchema } from '../../src/core/config/app.config';
import { ALL_QUEUES } from '../../src/tasks/queue-names';

/** Every variable a deployment file may set (to be replaced by the config schema's list). */
export const DEPLOY_ENV_VARIABLES: readonly string[] = [
  'APP_ROLE', 'PORT', 'HOST', 'LOG_LEVEL', 'NODE_ENV', 'REDIS_URL', 'CELERY_BROKER_URL',
  'REDIS_KEY_PREFIX', 'OPENAI_API_KEY', 'OPENAI_MODEL', 'OPENAI_TEMPERATURE', 'OPENAI_MAX_TOKENS',
  'OPENAI_BASE_URL', 'OPENAI_TIMEOUT_MS', 'MCP_SERVER_URL', 'MCP_SERVER_TIMEOUT', 'MCP_SERVER_TOKEN',
  'MCP_SERVERS', 'JWT_SECRET', 'JWT_JWKS_URI', 'JWT_ISSUER', 'JWT_AUDIENCE', 'PHI_ENCRYPTION_KEY',
  'WORKER_CONCURRENCY', 'TASK_TTL_QUERY_SECONDS', 'TASK_TTL_MEDICAL_SECONDS',
  'TASK_TTL_DATABASE_SECONDS', 'TASK_TTL_CODE_SECONDS', 'CORS_ORIGINS',
  'RATE_LIMIT_INLINE_PER_MINUTE', 'RATE_LIMIT_SUBMIT_PER_MINUTE', 'SHUTDOWN_GRACE_SECONDS',
  // The MCP tools server's own variables.
  'MCP_PORT', 'MCP_HOST', 'DATABASE_URL', 'DATABASES', 'DEMO_PATIENTS', 'SQL_ROW_CAP',
  'SQL_STATEMENT_TIMEOUT_MS', 'MCP_INTERNAL_SECRET', 'MCP_ALLOWED_HOSTS',
  // Not in the original list: the tools server logs in as these roles (mcp-server/db/roles.ts).
  'MEDCOR_READER_PASSWORD', 'MEDCOR_AUDITOR_PASSWORD', 'MEDCOR_ANALYST_PASSWORD',
  // Read by glibc, not the service: the tools server's malloc settings (README, quick start).
  'MALLOC_ARENA_MAX', 'MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_',
];
/** The gateway's health routes (to be replaced by the health controller's route list). */
export const HEALTH_ROUTES: readonly string[] = ['/api/ai/health', '/api/ai/health/live', '/api/ai/health/ready'];
const ROLE_PORT = { api: 8000, worker: 8000, 'mcp-tools': 8001 } as const;
type Role = keyof typeof ROLE_PORT;
const BULL_PREFIX_SUFFIX = ':bull';

const ROOT = resolve(__dirname, '../..');
const BASE = join(ROOT, 'deploy/k8s/base');
const OVERLAYS = ['dev', 'prod'] as const;

 
type Obj = any;

function yamlDocs(text: string, source: string): Obj[] {
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length) throw new Error(`${source}: ${doc.errors[0].message}`);
    return doc.toJS();
  }).filter((d) => d !== null);
}

const MODELS: Record<string, new (data: Obj) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
};
const isStringMap = (m: Obj) => m && typeof m === 'object' && Object.values(m).every((v) => typeof v === 'string');

/** Throws with the object's identity and the first problem found. */
function validateObject(o: Obj): void {
  const id = `${o?.kind}/${o?.metadata?.name}`;
  const fail = (why: string) => { throw new Error(`${id}: ${why}`); };
  if (!o?.metadata?.name) fail('metadata.name missing');
  if (o.apiVersion === 'keda.sh/v1alpha1' && o.kind === 'ScaledObject') {
    const s = o.spec ?? {};
    if (typeof s.scaleTargetRef?.name !== 'string') fail('spec.scaleTargetRef.name missing');
    if (!Array.isArray(s.triggers) || s.triggers.length === 0) fail('spec.triggers empty');
    for (const t of s.triggers) {
      if (typeof t.type !== 'string' || !isStringMap(t.metadata)) fail('trigger needs type and string metadata');
    }
    if (!(Number.isInteger(s.maxReplicaCount) && s.maxReplicaCount >= (s.minReplicaCount ?? 0))) fail('replica bounds');
    return;
  }
  if (o.apiVersion === 'keda.sh/v1alpha1' && o.kind === 'TriggerAuthentication') {
    const refs = o.spec?.secretTargetRef;
    if (!Array.isArray(refs) || !refs.length || !refs.every(isStringMap)) fail('secretTargetRef entries');
    return;
  }
  const Model = MODELS[`${o.apiVersion}/${o.kind}`];
  if (!Model) fail(`no validator for ${o.apiVersion} ${o.kind}`);
  new Model(o).validate();
}

function render(overlay: string): Obj[] {
  let out: string;
  try {
    out = execFileSync('kubectl', ['kustomize', join(ROOT, 'deploy/k8s/overlays', overlay)], { encoding: 'utf8' });
  } catch (err) {
    throw new Error(`kubectl kustomize (kubectl's built-in kustomize) failed or is missing: ${String(err)}`);
  }
  return yamlDocs(out, `overlay ${overlay}`);
}

const byKind = (objs: Obj[], kind: string) => objs.filter((o) => o.kind === kind);
const named = (objs: Obj[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);
const selects = (selector: Obj, labels: Obj) =>
  Object.entries(selector ?? {}).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
const roleOf = (d: Obj): Role => d.spec.template.spec.containers[0].env.find((e: Obj) => e.name === 'APP_ROLE').value;
const portNumber = (container: Obj, port: number | string) =>
  typeof port === 'number' ? port : container.ports?.find((p: Obj) => p.name === port)?.containerPort;
/** The worker's SHUTDOWN_GRACE_SECONDS: its own env, else the ConfigMap, else the default. */
function workerShutdownGraceSeconds(worker: Obj, configMap: Obj): number {
  const own = worker.spec.template.spec.containers[0].env.find((e: Obj) => e.name === 'SHUTDOWN_GRACE_SECONDS')?.value;
  return Number(own ?? configMap.data.SHUTDOWN_GRACE_SECONDS ?? appEnvSchema.parse({}).SHUTDOWN_GRACE_SECONDS);
}
const baseSecretTemplate = () => yamlDocs(readFileSync(join(BASE, 'secret.template.yaml'), 'utf8'), 'secret template');

describe('Kubernetes base, each file on its own', () => {
  const kustomization = parse(readFileSync(join(BASE, 'kustomization.yaml'), 'utf8'));

  it('lists every manifest file in the folder, so none is silently left out of the render', () => {
    const files = readdirSync(BASE).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it('validates every object against the Kubernetes schema (KEDA objects by hand)', () => {
    const objs = kustomization.resources.flatMap((f: string) => yamlDocs(readFileSync(join(BASE, f), 'utf8'), f));
    expect(objs.length).toBeGreaterThanOrEqual(15);
    for (const o of objs) expect(() => validateObject(o)).not.toThrow();
  });

  it('catches a schema violation (the validator is live, not a no-op)', () => {
    const api = yamlDocs(readFileSync(join(BASE, 'api.yaml'), 'utf8'), 'api.yaml')[0];
    api.spec.template.spec.securityContext.runAsUser = '10001';
    expect(() => validateObject(api)).toThrow(/runAsUser must be integer/);
  });
});

describe.each(OVERLAYS)('overlay %s as rendered by kustomize', (overlay) => {
  // Rendered in beforeAll so a missing kubectl fails these tests, not the whole file's collection.
  let objs: Obj[] = [];
  let deployments: Obj[] = [];
  let configMap: Obj;
  beforeAll(() => {
    objs = render(overlay);
    deployments = byKind(objs, 'Deployment');
    configMap = byKind(objs, 'ConfigMap')[0];
  });

  it('renders valid objects, including the three role Deployments', () => {
    for (const o of objs) expect(() => validateObject(o)).not.toThrow();
    expect(deployments.map(roleOf).sort()).toEqual(['api', 'mcp-tools', 'worker']);
  });

  it('locks down every pod: non-root 10001, read-only root with an emptyDir /tmp, no capabilities', () => {
    for (const d of deployments) {
      const pod = d.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
      expect(selects(d.spec.selector.matchLabels, d.spec.template.metadata.labels)).toBe(true);
      const tmp = pod.volumes.find((v: Obj) => v.emptyDir && v.name === pod.containers[0].volumeMounts.find((m: Obj) => m.mountPath === '/tmp')?.name);
      expect(tmp).toBeDefined();
      for (const c of pod.containers) {
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        expect(c.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
        expect(c.resources.limits).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      }
    }
  });

  it('probes only real health routes on the role port: live for liveness, ready for readiness', () => {
    for (const d of deployments) {
      const role = roleOf(d);
      const c = d.spec.template.spec.containers[0];
      for (const kind of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const { path, port } = c[kind].httpGet;
        expect(portNumber(c, port)).toBe(ROLE_PORT[role]);
        expect(role === 'mcp-tools' ? ['/health'] : HEALTH_ROUTES).toContain(path);
      }
      if (role !== 'mcp-tools') {
        expect(c.livenessProbe.httpGet.path).toBe('/api/ai/health/live');
        expect(c.readinessProbe.httpGet.path).toBe('/api/ai/health/ready');
      }
    }
  });

  it('gives the worker more termination grace than its own shutdown grace, and the README says both', () => {
    const worker = deployments.find((d) => roleOf(d) === 'worker');
    const grace = workerShutdownGraceSeconds(worker, configMap);
    const termination = worker.spec.template.spec.terminationGracePeriodSeconds;
    // The hand-back of long jobs runs in the last seconds of the app's grace, before SIGKILL.
    expect(termination).toBeGreaterThanOrEqual(grace + 5);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`terminationGracePeriodSeconds: ${termination}`);
    expect(readme).toContain(`SHUTDOWN_GRACE_SECONDS: ${grace}`);
  });

  it('scales workers down one pod at a time, so handed-back jobs do not all restart at once', () => {
    const [so] = byKind(objs, 'ScaledObject');
    const scaleDown = so.spec.advanced?.horizontalPodAutoscalerConfig?.behavior?.scaleDown;
    expect(scaleDown?.policies).toEqual([expect.objectContaining({ type: 'Pods', value: 1 })]);
    expect(scaleDown.stabilizationWindowSeconds).toBeGreaterThanOrEqual(60);
  });

  it('routes each Service to a Deployment port: api 8000, mcp-tools 8001, worker metrics', () => {
    const ports: Record<string, number> = {};
    for (const s of byKind(objs, 'Service')) {
      const targets = deployments.filter((d) => selects(s.spec.selector, d.spec.template.metadata.labels));
      expect(targets).toHaveLength(1);
      const c = targets[0].spec.template.spec.containers[0];
      for (const p of s.spec.ports) expect(portNumber(c, p.targetPort)).toBe(ROLE_PORT[roleOf(targets[0])]);
      ports[roleOf(targets[0])] = s.spec.ports[0].port;
    }
    expect(ports).toEqual({ api: 8000, worker: 8000, 'mcp-tools': 8001 });
    const mcpService = byKind(objs, 'Service').find((s) => s.spec.ports[0].port === 8001);
    expect(configMap.data.MCP_SERVER_URL).toBe(`http://${mcpService.metadata.name}:8001`);
  });

  it('has a PodDisruptionBudget per Deployment, an HPA on api CPU, and leaves replica counts to autoscalers', () => {
    for (const d of deployments) {
      expect(byKind(objs, 'PodDisruptionBudget').filter((p) => selects(p.spec.selector.matchLabels, d.spec.template.metadata.labels))).toHaveLength(1);
    }
    const [hpa] = byKind(objs, 'HorizontalPodAutoscaler');
    const api = named(objs, 'Deployment', hpa.spec.scaleTargetRef.name);
    expect(roleOf(api)).toBe('api');
    expect(hpa.spec.metrics).toEqual([expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) })]);
    for (const d of deployments.filter((x) => roleOf(x) !== 'mcp-tools')) expect(d.spec.replicas).toBeUndefined();
  });

  it('lets only api and worker pods reach the tools server, on its MCP port only', () => {
    const tools = deployments.find((d) => roleOf(d) === 'mcp-tools');
    const policies = byKind(objs, 'NetworkPolicy').filter((p) => selects(p.spec.podSelector.matchLabels, tools.spec.template.metadata.labels));
    expect(policies).toHaveLength(1);
    const [policy] = policies;
    expect(policy.spec.policyTypes).toContain('Ingress');
    const sources = new Set<string>();
    for (const rule of policy.spec.ingress) {
      expect(rule.ports).toEqual([{ protocol: 'TCP', port: ROLE_PORT['mcp-tools'] }]);
      for (const peer of rule.from) {
        // No ipBlock or namespaceSelector: either would open the port beyond our own pods.
        expect(Object.keys(peer)).toEqual(['podSelector']);
        const selected = deployments.filter((d) => selects(peer.podSelector.matchLabels, d.spec.template.metadata.labels));
        expect(selected).toHaveLength(1);
        sources.add(roleOf(selected[0]));
      }
    }
    expect([...sources].sort()).toEqual(['api', 'worker']);
  });

  it('gives the tools server what production needs and serves the Host the gateway sends', () => {
    const tools = deployments.find((d) => roleOf(d) === 'mcp-tools').spec.template.spec.containers[0];
    const fromSecret = tools.env.filter((e: Obj) => e.valueFrom?.secretKeyRef).map((e: Obj) => e.name);
    expect(fromSecret).toEqual(expect.arrayContaining(['MCP_SERVER_TOKEN', 'MCP_INTERNAL_SECRET']));
    for (const role of ['api', 'worker']) {
      const c = deployments.find((d) => roleOf(d) === role).spec.template.spec.containers[0];
      const secretName = c.envFrom.find((f: Obj) => f.secretRef)?.secretRef.name;
      const sameSecret = tools.env.find((e: Obj) => e.name === 'MCP_INTERNAL_SECRET').valueFrom.secretKeyRef.name;
      expect(secretName).toBe(sameSecret);
    }
    const allowed = String(configMap.data.MCP_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim());
    expect(allowed).toContain(new URL(configMap.data.MCP_SERVER_URL).hostname);
  });

  it("scales the worker with KEDA on each queue's Bull wait list under the configured prefix", () => {
    const [so] = byKind(objs, 'ScaledObject');
    expect(roleOf(named(objs, 'Deployment', so.spec.scaleTargetRef.name))).toBe('worker');
    expect(so.spec.minReplicaCount).toBeGreaterThanOrEqual(1); // api readiness needs a worker heartbeat
    const prefix = configMap.data.REDIS_KEY_PREFIX + BULL_PREFIX_SUFFIX;
    const dbIndex = new URL(configMap.data.REDIS_URL).pathname.slice(1) || '0';
    expect(so.spec.triggers.map((t: Obj) => t.metadata.listName).sort()).toEqual(ALL_QUEUES.map((q) => `${prefix}:${q}:wait`).sort());
    for (const t of so.spec.triggers) {
      expect(t).toMatchObject({ type: 'redis', metadata: { databaseIndex: dbIndex, listLength: expect.stringMatching(/^\d+$/) } });
      const auth = named(objs, 'TriggerAuthentication', t.authenticationRef.name);
      expect(auth.spec.secretTargetRef.map((r: Obj) => r.parameter)).toContain('address');
    }
  });

  it('sets only variables the service reads, from Secrets and ConfigMaps that exist', () => {
    const secrets = overlay === 'prod' ? baseSecretTemplate() : byKind(objs, 'Secret'); // prod: managed out of band
    const secret = (name: string) => secrets.find((s: Obj) => s.metadata.name === name);
    const names = new Set(Object.keys(configMap.data));
    for (const d of deployments) {
      const c = d.spec.template.spec.containers[0];
      for (const e of c.env) {
        names.add(e.name);
        const ref = e.valueFrom?.secretKeyRef;
        if (ref) expect(Object.keys(secret(ref.name).stringData)).toContain(ref.key);
      }
      for (const from of c.envFrom) {
        if (from.configMapRef) expect(from.configMapRef.name).toBe(configMap.metadata.name);
        if (from.secretRef) Object.keys(secret(from.secretRef.name).stringData).forEach((k) => names.add(k));
      }
    }
    expect([...names].filter((n) => !DEPLOY_ENV_VARIABLES.includes(n))).toEqual([]);
    const rendered = byKind(objs, 'Secret').map((o) => o.metadata.name).sort();
    expect(rendered).toEqual(overlay === 'prod' ? [] : baseSecretTemplate().map((o: Obj) => o.metadata.name).sort());
  });
});

describe('the health routes the probes rely on', () => {
  const controller = join(ROOT, 'src/health/health.controller.ts');
  // The controller is written in parallel with these manifests; until it lands, HEALTH_ROUTES
  // above is the contract and this check is not registered.
  if (!existsSync(controller)) return;
  it('are declared by src/health/health.controller.ts', () => {
    const source = readFileSync(controller, 'utf8');
    expect(source).toMatch(/@Controller\(\s*['"`]\/?api\/ai\/health['"`]\s*\)/);
    expect(source).toMatch(/@Get\(\s*['"`]([\w/-]*\/)?live['"`]\s*\)/);
    expect(source).toMatch(/@Get\(\s*['"`]([\w/-]*\/)?ready['"`]\s*\)/);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
  const services: Record<string, Obj> = compose.services;
  const ours = Object.entries(services).filter(([, s]) => s.image === 'medcor-ai:local');

  it('runs two workers and a Redis that persists and never evicts job keys', () => {
    expect(services.worker.deploy.replicas).toBe(2);
    expect(services.redis.image).toMatch(/^redis:7/);
    expect(services.redis.command.join(' ')).toMatch(/--appendonly yes/);
    expect(services.redis.command.join(' ')).toMatch(/--maxmemory-policy noeviction/);
    expect(services.postgres.image).toMatch(/^postgres:16/);
  });

  it('stops a worker only after its shutdown grace, with room for the hand-back of long jobs', () => {
    const grace = Number(services.worker.environment.SHUTDOWN_GRACE_SECONDS ?? appEnvSchema.parse({}).SHUTDOWN_GRACE_SECONDS);
    expect(Number(/^(\d+)s$/.exec(services.worker.stop_grace_period)?.[1])).toBeGreaterThanOrEqual(grace + 5);
  });

  it('gives every long-running service a healthcheck, waits on health, and runs db-setup once first', () => {
    const oneShots = Object.keys(services).filter((n) => services[n].restart === 'no');
    expect(oneShots).toEqual(['db-setup']);
    expect(services['db-setup'].command).toEqual(['node', 'dist/mcp-server/db/setup-cli.js']);
    expect(services['mcp-tools'].depends_on['db-setup'].condition).toBe('service_completed_successfully');
    for (const key of ['DATABASE_URL', 'MEDCOR_READER_PASSWORD', 'MEDCOR_AUDITOR_PASSWORD', 'MEDCOR_ANALYST_PASSWORD']) {
      expect(services['mcp-tools'].environment[key]).toBe(services['db-setup'].environment[key]);
    }
    for (const [name, s] of Object.entries(services)) {
      if (!oneShots.includes(name)) expect(s.healthcheck?.test?.length && !s.healthcheck.disable).toBeTruthy();
      for (const [dep, cond] of Object.entries<Obj>(s.depends_on ?? {})) {
        expect(services[dep]).toBeDefined();
        expect(cond.condition).toBe(oneShots.includes(dep) ? 'service_completed_successfully' : 'service_healthy');
      }
    }
  });

  it('wires api and worker to the tools server and Redis by service name, with the right role', () => {
    for (const role of ['api', 'worker', 'mcp-tools']) expect(services[role].environment.APP_ROLE).toBe(role);
    for (const role of ['api', 'worker']) {
      expect(services[role].environment.MCP_SERVER_URL).toBe(`http://mcp-tools:${services['mcp-tools'].environment.MCP_PORT}`);
      expect(new URL(services[role].environment.REDIS_URL).hostname).toBe('redis');
    }
  });

  it('starts the tools server with a token and the internal secret the gateway shares, serving its service name', () => {
    const tools = services['mcp-tools'].environment;
    expect(tools.MCP_SERVER_TOKEN).toMatch(/^\$\{MCP_SERVER_TOKEN:\?/);
    expect(tools.MCP_INTERNAL_SECRET).toMatch(/^\$\{MCP_INTERNAL_SECRET:\?/);
    for (const role of ['api', 'worker']) {
      expect(services[role].environment.MCP_INTERNAL_SECRET).toBe(tools.MCP_INTERNAL_SECRET);
      expect(String(tools.MCP_ALLOWED_HOSTS).split(',')).toContain(new URL(services[role].environment.MCP_SERVER_URL).hostname);
    }
  });

  it('publishes no password: the database and its roles need passwords of this deployment', () => {
    const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    for (const name of ['POSTGRES_PASSWORD', 'MEDCOR_READER_PASSWORD', 'MEDCOR_AUDITOR_PASSWORD', 'MEDCOR_ANALYST_PASSWORD']) {
      expect(text).toContain(`\${${name}:?`);
      expect(text).not.toMatch(new RegExp(`\\$\\{${name}:-`));
    }
    expect(services.postgres.environment.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    expect(services['db-setup'].environment.DATABASE_URL).toContain('${POSTGRES_PASSWORD:?');
    expect(services.postgres.ports).toBeUndefined();
  });

  it('sets only variables the service reads', () => {
    const names = ours.flatMap(([, s]) => Object.keys(s.environment ?? {}));
    expect(ours.length).toBe(4);
    expect(names.filter((n) => !DEPLOY_ENV_VARIABLES.includes(n))).toEqual([]);
  });
});
