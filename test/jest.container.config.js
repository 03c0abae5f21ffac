// The container test (npm run test:container): scripts/test-container.sh builds the image with
// buildah first and passes its tag in MEDCOR_TEST_IMAGE. Not part of `npm test` or .ci/run: it
// needs buildah, podman and runc, and a build takes minutes on two cores. Like the fault suite
// it runs real processes (here containers), but it needs no dist/ on the host: no global setup.
const faults = require('./jest.faults.config.js');

module.exports = {
  ...faults,
  testMatch: ['<rootDir>/test/container/**/*.container-spec.ts'],
  globalSetup: undefined,
  testTimeout: 300000,
  slowTestThreshold: 120,
};
