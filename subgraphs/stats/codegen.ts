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
          Event: '../modules/report/sales.ts#EventRef',
          EventSales: '../modules/report/sales.ts#EventSalesRow',
          SalesStats: '../modules/report/sales.ts#SalesPeriod',
          AdminAction: '../modules/audit/admin-actions.ts#AdminActionRow',
          SoldOrder: '../modules/report/sales.ts#SoldOrderRow',
        },
        mapperTypeSuffix: 'Model',
        scalars: { Date: 'string', DateTime: 'Date' },
      },
    },
  },
};

export default config;
