import { DateTimeScalar } from '@tiketi/kit';
import type { Resolvers } from '../__generated__/resolvers.ts';
import { Mutation } from './Mutation.ts';
import { Payment } from './Payment.ts';
import { Query } from './Query.ts';
import { Reservation } from './Reservation.ts';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Payment,
  Reservation,
  PaymentLog: {
    request: (log) => (log.request == null ? null : JSON.stringify(log.request)),
    response: (log) => (log.response == null ? null : JSON.stringify(log.response)),
  },
};
