import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'src/__generated__/resolvers.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: '../context.ts#Context',
        mappers: {
          User: '../modules/user/user.entity.ts#User',
          ApiKey: '../modules/api-key/api-keys.ts#ApiKeyRow',
        },
        // The entity is also called User: import it as UserModel so it does not clash with the generated type.
        mapperTypeSuffix: 'Model',
        scalars: { DateTime: 'Date' },
      },
    },
  },
};

export default config;
