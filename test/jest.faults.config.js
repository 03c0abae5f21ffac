// The fault suite (npm run test:faults): the built service (dist/, rebuilt first by the global
// setup so the faults hit the current source) as real processes, killed, starved and flooded.
// Run in band: the cases restart processes and a private Redis and need the two cores alone.
const path = require('node:path');

const root = path.resolve(__dirname, '..');
module.exports = {
  rootDir: root,
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.test.json') }] },
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  globalSetup: '<rootDir>/test/faults/build-once.js',
  testTimeout: 180000,
  slowTestThreshold: 60,
  // No forceExit: as in jest.config.js, a leaked handle must show (.ci/run times the suite out).
};
