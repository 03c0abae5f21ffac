/**
 * The dependency rule of the service (README, "Layout"): arrows run one way.
 *
 *   shared  <-  core  <-  tasks  <-  domains (ai, medical, database, code-analysis)
 *                                 <-  features (webhooks, audit, usage, schedules, admin, health)
 *   shared  <-  mcp-server (the separately deployed tools server)
 *
 * `npm run lint` runs it; a violation fails the build. Fix it by moving the code down a layer
 * or by inverting the arrow (a token or registry in the lower layer that the upper one fills).
 */
const DOMAINS = ['ai', 'medical', 'database', 'code-analysis'];
const FEATURES = ['webhooks', 'audit', 'usage', 'schedules', 'admin', 'health'];
const APP = ['core', 'tasks', 'shared', 'mcp-server', ...DOMAINS, ...FEATURES];
const folder = (names) => `^src/(${names.join('|')})/`;
const topLevel = '^src/(main|app\\.module|app\\.factory)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle means two files cannot be understood (or moved) one without the other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-imports-no-app',
      severity: 'error',
      comment: 'src/shared is used by the gateway and the tools server alike: it imports neither.',
      from: { path: '^src/shared/' },
      to: { path: [folder(APP.filter((f) => f !== 'shared')), topLevel] },
    },
    {
      name: 'core-imports-only-shared',
      severity: 'error',
      comment: 'core is the ground floor: config, auth, http, redis, crypto, metrics, llm, mcp client.',
      from: { path: '^src/core/' },
      to: { path: [folder(APP.filter((f) => f !== 'core' && f !== 'shared')), topLevel] },
    },
    {
      name: 'tasks-imports-only-core',
      severity: 'error',
      comment: 'tasks (queues, store, runner, dispatcher, hooks) stands on core; features hang off its hooks.',
      from: { path: '^src/tasks/' },
      to: { path: [folder(APP.filter((f) => !['core', 'tasks', 'shared'].includes(f))), topLevel] },
    },
    ...DOMAINS.map((domain) => ({
      name: `domain-not-to-domain:${domain}`,
      severity: 'error',
      comment: 'A domain imports core, tasks and shared, never another domain nor a feature: what two need belongs lower down.',
      from: { path: `^src/${domain}/` },
      to: { path: [folder([...DOMAINS.filter((d) => d !== domain), ...FEATURES, 'mcp-server']), topLevel] },
    })),
    {
      name: 'gateway-not-to-tools-server',
      severity: 'error',
      comment: 'The tools server is deployed on its own: the gateway talks to it over MCP only.',
      from: { path: '^src/', pathNot: '^src/mcp-server/' },
      to: { path: '^src/mcp-server/' },
    },
    {
      name: 'tools-server-not-to-gateway',
      severity: 'error',
      comment: 'The tools server shares only src/shared with the gateway.',
      from: { path: '^src/mcp-server/' },
      to: { path: [folder(APP.filter((f) => f !== 'mcp-server' && f !== 'shared')), topLevel] },
    },
    {
      name: 'feature-not-to-feature-internals',
      severity: 'error',
      comment: 'Cross-cutting features are leaves: nothing below them imports them.',
      from: { path: folder(['core', 'tasks', 'shared', ...DOMAINS]) },
      to: { path: folder(FEATURES) },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
