// Native ESM mode: NestJS 12 is ESM-only and Jest on Node 20 cannot require() ES modules.
// Run through `npm run jest` (sets NODE_OPTIONS=--experimental-vm-modules).
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
    experimental: { keepImportAttributes: true },
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  // @nestjs/throttler (CommonJS) requires ESM-only NestJS: see test/setup/resolver.cjs.
  resolver: '<rootDir>/test/setup/resolver.cjs',
  setupFiles: ['<rootDir>/test/setup/reflect-metadata.ts', '<rootDir>/test/setup/esm-bridge.ts'],
};

const migrate = '<rootDir>/test/setup/migrate.ts';

/** @type {import('jest').Config} */
export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    // On the Java time-skipping server; time is global per environment, so files run serially.
    { ...common, displayName: 'workflows', testMatch: ['<rootDir>/test/workflows/**/*.test.ts'], setupFilesAfterEnv: [migrate] },
    // Over HTTP against the API, a worker, the dev server and PostgreSQL.
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], setupFilesAfterEnv: [migrate] },
  ],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 120_000,
};
