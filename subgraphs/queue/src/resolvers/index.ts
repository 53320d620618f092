import { DateTimeScalar } from '@tiketi/kit';
import type { Resolvers } from '../__generated__/resolvers.ts';
import { Event } from './Event.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { QueueStats, QueueStatus } from './QueueStatus.ts';
import { Subscription } from './Subscription.ts';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Subscription,
  Event,
  QueueStatus,
  QueueStats,
};
