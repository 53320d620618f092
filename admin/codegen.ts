import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';

// As in web: operations are typed against what the router serves, the supergraph without the federation
// internals (join__*, link__*), exactly as the router's API schema. Codegen accepts SDL text as a schema pointer.
const supergraph = readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8');
const apiSchema = printSchema(Supergraph.build(supergraph).apiSchema().toGraphQLJSSchema());

const config: CodegenConfig = {
  schema: apiSchema,
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
        // The wire format: ISO-8601 strings, parsed where they are shown.
        scalars: { DateTime: 'string', Date: 'string' },
      },
    },
  },
};

export default config;
