// Three projects: the pure domain suite (no infrastructure, runs in seconds), unit tests of
// adapters that need no servers, and the integration suite (real Kafka and FerretDB,
// started by scripts/test.sh).
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
};

module.exports = {
  reporters: ['default', '<rootDir>/test/support/app-logs-on-failure.cjs'],
  projects: [
    { ...shared, displayName: 'domain', testMatch: ['<rootDir>/libs/domain/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/libs/domain/'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/apps/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup-integration.ts'],
    },
  ],
};
