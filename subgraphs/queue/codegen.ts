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
        // The live line is in Redis: tickets and statuses are views read from it, not ORM entities.
        mappers: {
          Event: '../modules/event/event-ref.ts#EventRef',
          QueueStatus: '../modules/line/views.ts#QueueStatusView',
          QueueTicket: '../modules/line/views.ts#QueueTicketView',
          QueueStats: '../modules/line/views.ts#QueueStatusView',
        },
        mapperTypeSuffix: 'Model',
        scalars: { DateTime: 'Date' },
      },
    },
  },
};

export default config;
