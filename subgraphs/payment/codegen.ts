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
          Payment: '../modules/payment/payment.entity.ts#Payment',
          Reservation: '../modules/reservation/reservation-ref.ts#ReservationRef',
          PaymentLog: '../modules/toss/payment-log.ts#PaymentLogRow',
        },
        // Entities share their GraphQL type's name: import them as PaymentModel etc. so nothing clashes.
        mapperTypeSuffix: 'Model',
        scalars: { DateTime: 'Date' },
      },
    },
  },
};

export default config;
