import { DateTimeScalar } from '@tiketi/kit';
import type { Resolvers } from '../__generated__/resolvers.ts';
import { Event, SeatMap, TicketType } from './Event.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { ResaleListing, ResaleMutation } from './Resale.ts';
import { Reservation, SeatChange, SeatHold } from './Reservation.ts';
import { SeatLayout } from './SeatLayout.ts';
import { Subscription } from './Subscription.ts';
import { EventStaffMember, Ticket, TicketMutation, TicketQuery, TicketTransfer, User } from './Ticket.ts';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: { ...Query, ...TicketQuery },
  Mutation: { ...Mutation, ...TicketMutation, ...ResaleMutation },
  Subscription,
  Event,
  SeatMap,
  TicketType,
  Reservation,
  SeatHold,
  SeatChange,
  SeatLayout,
  Ticket,
  TicketTransfer,
  ResaleListing,
  EventStaffMember,
  User,
};
