#!/usr/bin/env node
// Writes the OpenAPI document (`node scripts/openapi.mjs [file]`) straight from the TypeScript sources: each .ts file is
// transpiled by SWC on require (the same settings as Jest), so no build and no server are needed; about 3 s.
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from '@swc/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
Module._extensions['.ts'] = (module, filename) => {
  module._compile(transformSync(readFileSync(filename, 'utf8'), { ...options, filename }).code, filename);
};
createRequire(import.meta.url)(join(root, 'src', 'openapi', 'openapi.cli.ts'));
