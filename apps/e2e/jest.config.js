// The whole system as separate processes (built from dist/), driven through the gateway like a user would.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 120_000,
  // Builds dist/ once per run when sources are newer.
  globalSetup: '<rootDir>/../../libs/system-runner/src/jest-global-setup.ts',
};
