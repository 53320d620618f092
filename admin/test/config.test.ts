import { describe, expect, it } from 'vitest';
import { appConfig } from '../../web/src/config.ts';
import { adminConfig } from '../src/config.ts';

// One image per app serves every environment (k8s/docker/Dockerfile.web): a production build finds the router
// on its own origin, where the Ingress routes /graphql.
describe('where the apps find the router', () => {
  it('a production build without VITE_GRAPHQL_URL: /graphql on its own origin (wss for subscriptions)', () => {
    expect(adminConfig({ PROD: true }, 'https://admin.tiketi.gg').graphqlUrl).toBe(
      'https://admin.tiketi.gg/graphql',
    );
    const web = appConfig({ PROD: true }, 'https://tiketi.gg');
    expect(web.graphqlUrl).toBe('https://tiketi.gg/graphql');
    expect(web.graphqlWsUrl).toBe('wss://tiketi.gg/graphql');
  });

  it('development: the router npm start runs; a configured URL always wins', () => {
    expect(adminConfig({ PROD: false }, 'http://localhost:3001').graphqlUrl).toBe(
      'http://localhost:4000/graphql',
    );
    expect(appConfig({}, 'http://localhost:3000').graphqlUrl).toBe('http://localhost:4000/graphql');
    expect(
      adminConfig({ PROD: true, VITE_GRAPHQL_URL: 'https://api.example/graphql' }, 'https://a').graphqlUrl,
    ).toBe('https://api.example/graphql');
    expect(
      appConfig({ PROD: true, VITE_GRAPHQL_URL: ' https://api.example/graphql ' }, 'https://w').graphqlUrl,
    ).toBe('https://api.example/graphql');
  });
});
