export * from './outbox.ts';
export * from './types.ts';
