import { DateTimeScalar } from '@tiketi/kit';
import type { Resolvers } from '../__generated__/resolvers.ts';
import { Event } from './Event.ts';
import { Mutation } from './Mutation.ts';
import { NewsArticle } from './NewsArticle.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Query, Mutation, Event, NewsArticle };
