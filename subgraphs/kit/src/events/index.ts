export * from './catalog-projection.ts';
export * from './outbox.ts';
export * from './topics.ts';
export * from './types.ts';
