import { readFileSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { apiSchemaOf } from './contract.ts';
import { supergraphPath } from './services.ts';

/**
 * The apps' codegen (web and admin, each run in its own folder): their operations in `src/` are typed against
 * what the router serves — the supergraph without the federation internals (join__*, link__*), exactly the
 * router's API schema — into `src/__generated__/`. Codegen accepts SDL text as a schema pointer.
 */
export function appCodegenConfig(): CodegenConfig {
  return {
    schema: printSchema(apiSchemaOf(readFileSync(supergraphPath, 'utf8'))),
    documents: ['src/**/*.{ts,tsx}', '!src/__generated__/**'],
    ignoreNoDocuments: false,
    generates: {
      'src/__generated__/': {
        preset: 'client',
        presetConfig: {
          // A plain function, not a hook: it only narrows the masked type of a fragment reference.
          fragmentMasking: { unmaskFunctionName: 'getFragmentData' },
        },
        config: {
          useTypeImports: true,
          enumsAsTypes: true,
          strictScalars: true,
          // The wire format: ISO-8601 strings (DateTime) and calendar days (Date), parsed where they are shown.
          scalars: { DateTime: 'string', Date: 'string' },
        },
      },
    },
  };
}
