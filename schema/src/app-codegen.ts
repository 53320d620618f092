import { readFileSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';
import { printSchema } from 'graphql';
import { apiSchemaOf } from './contract.ts';
import { supergraphPath } from './services.ts';

/**
 * The apps' codegen (web and admin, each run in its own folder): their operations in `src/` are typed against
 * what the router serves — the supergraph without the federation internals (join__*, link__*), exactly the
 * router's API schema — into `src/__generated__/`. Codegen accepts SDL text as a schema pointer.
 *
 * Trusted documents (issue 18): every operation is also written to `src/__generated__/persisted-documents.json`
 * (SHA-256 of the printed document → the document) and its `DocumentNode` carries the hash in `__meta__.hash`;
 * the apps send that id instead of the text, and the router loads both manifests at start-up (in production it
 * runs nothing else from the apps). `__typename` is added to every selection here, as both clients add it
 * before sending, so the registered text is what the clients' caches expect.
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
          persistedDocuments: { hashAlgorithm: 'sha256' },
        },
        documentTransforms: [addTypenameSelectionDocumentTransform],
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
