// Test support, not used by the app: runs a TypeScript worker entry (workerData.entry) in a worker thread by
// transpiling .ts files with @swc/core on require, as Jest does for the specs. ESM-only dependencies (pkijs, asn1js)
// load through Node's own require(esm).
const { readFileSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(workerData.entry);
