import type { Identity } from '@tiketi/kit';

export const isAdmin = (ctx: { identity: Identity }): boolean => ctx.identity?.role === 'ADMIN';
