// NestJS 12 ships ESM-only packages; Jest on Node 20 cannot require() them, so they are transpiled by @swc/jest too.
const esmOnly = ['pkijs', 'asn1js', 'bytestreamjs', '@noble', '@peculiar', '@nestjs', 'file-type', 'load-esm', 'uid', '@standard-schema', 'strtok3', 'token-types', '@tokenizer',
  'uint8array-extras', '@borewit', 'es-toolkit', 'pdfjs-dist'];
const transform = {
  '^.+\\.(t|j|mj)s$': ['@swc/jest', {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  }],
};
const common = {
  transform,
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
};
module.exports = {
  // Database-backed tests each clone a template database; two cores leave room for two workers.
  maxWorkers: process.env.JEST_WORKERS ?? 2,
  testTimeout: 60000,
  globalSetup: '<rootDir>/tests/setup/global-setup.ts',
  globalTeardown: '<rootDir>/tests/setup/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/tests/integration/**/*.int-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/tests/e2e/**/*.e2e-spec.ts'] },
    // Chromium against the real service serving web/dist (npm test builds the web app before Jest runs).
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/tests/browser/**/*.browser-spec.ts'] },
  ],
};
