// Shared jest configuration. Each project's jest.config.js spreads this and sets its own rootDir.
// TypeScript is transpiled by SWC (fast, keeps decorator metadata for NestJS); type errors are the
// `typecheck` target's job, not the test runner's.
const path = require('node:path');

// `*.spec.ts` are unit tests (no I/O); `*.int-spec.ts` run against real Kafka and PostgreSQL and are
// selected by FLOWLINE_TEST_TIER=integration (the `int-test` target sets it).
const integration = process.env.FLOWLINE_TEST_TIER === 'integration';
const tier = integration
  ? {
      testMatch: ['<rootDir>/**/*.int-spec.ts'],
      testTimeout: 60_000,
      globalSetup: path.join(__dirname, 'libs/testing-infra/src/jest/global-setup.ts'),
      globalTeardown: path.join(__dirname, 'libs/testing-infra/src/jest/global-teardown.ts'),
    }
  : { testMatch: ['<rootDir>/**/*.spec.ts'] };

module.exports = {
  testEnvironment: 'node',
  ...tier,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: {
    '^@flowline/(.*)$': path.join(__dirname, 'libs/$1/src/index.ts'),
  },
  setupFiles: [path.join(__dirname, 'tools/jest/setup.js')],
};
