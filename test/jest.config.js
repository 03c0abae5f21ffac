// Three tiers (CONVENTIONS.md): unit specs beside the code, integration specs against real
// Redis/PostgreSQL, e2e specs over HTTP. Each test file isolates itself (own Redis key prefix,
// own database), so files may run in parallel on the machine's two cores.
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const tsJest = ['ts-jest', { tsconfig: path.join(root, 'tsconfig.test.json') }];
const base = {
  rootDir: root,
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
  // node16 resolution lets TypeScript dynamic imports name the .js file; Jest loads the .ts.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

module.exports = {
  testTimeout: 30000,
  // Two workers on the two cores: most files wait on Redis, HTTP and child processes, so two run
  // side by side in about half the time of one (Jest's default here would be cores - 1 = 1).
  maxWorkers: 2,
  // No forceExit: every suite closes what it opens, and Jest exits by itself (a leaked handle
  // shows as a hang, which .ci/run's timeout turns into a failure).
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.integration-spec.ts'],
      slowTestThreshold: 30,
    },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'], slowTestThreshold: 30 },
  ],
};
