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
          Event: '../modules/event/event.entity.ts#Event',
          Artist: '../modules/artist/artist.entity.ts#Artist',
          Venue: '../modules/venue/venue.entity.ts#Venue',
          NewsArticle: '../modules/news/news.entity.ts#NewsArticle',
          KeywordMapping: '../modules/search/keyword-mapping.entity.ts#KeywordMapping',
        },
        // Entities share their GraphQL type's name: import them as EventModel etc. so nothing clashes.
        mapperTypeSuffix: 'Model',
        scalars: { DateTime: 'Date' },
      },
    },
  },
};

export default config;
