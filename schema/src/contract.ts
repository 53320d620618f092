import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import {
  type BreakingChange,
  buildASTSchema,
  type DefinitionNode,
  findBreakingChanges,
  type GraphQLSchema,
  Kind,
  parse,
} from 'graphql';
import { contractPath, type SubgraphName } from './services.ts';

/**
 * Which subgraph owns which part of the public contract. A part joins the contract check as soon as its
 * subgraph exists; until then it is left out (issue 2: "as each later issue lands its part joins the check").
 * Anything not listed belongs to auth or catalog.
 */
const OWNERS: Record<
  Exclude<SubgraphName, 'auth' | 'catalog' | 'stats'>,
  { types: string[]; fields: string[] }
> = {
  seating: {
    types: [
      'TicketType',
      'SeatStatus',
      'Seat',
      'SeatMap',
      'Availability',
      'HoldSeatsInput',
      'SeatHold',
      'SeatChange',
      'ReservationStatus',
      'Reservation',
      'ReservationEdge',
      'ReservationConnection',
    ],
    fields: [
      'Event.ticketTypes',
      'Event.availability',
      'Event.seatMap',
      'Query.myReservations',
      'Query.reservation',
      'Mutation.holdSeats',
      'Mutation.releaseHold',
      'Mutation.createReservation',
      'Mutation.cancelReservation',
      'Subscription.seatChanged',
    ],
  },
  queue: {
    types: ['QueueStatus', 'QueueState', 'QueueTicket', 'QueueMode', 'QueueConfigInput'],
    fields: [
      'Event.queue',
      'Query.myQueueTicket',
      'Mutation.joinQueue',
      'Mutation.leaveQueue',
      'Mutation.configureQueue',
      'Mutation.forceAdmit',
      'Subscription.queuePosition',
    ],
  },
  payment: {
    types: ['PaymentStatus', 'PaymentOrder', 'ConfirmPaymentInput', 'Payment'],
    fields: [
      'Reservation.payment',
      'Mutation.preparePayment',
      'Mutation.confirmPayment',
      'Mutation.refundPayment',
    ],
  },
};

/** The contract restricted to the subgraphs that exist. */
export function contractFor(present: readonly SubgraphName[]): GraphQLSchema {
  const missing = Object.entries(OWNERS).filter(([name]) => !present.includes(name as SubgraphName));
  const dropTypes = new Set(missing.flatMap(([, o]) => o.types));
  const dropFields = new Set(missing.flatMap(([, o]) => o.fields));
  const doc = parse(readFileSync(contractPath, 'utf8'));
  const definitions = doc.definitions.flatMap((def): DefinitionNode[] => {
    if (!('name' in def) || !def.name) return [def];
    const typeName = def.name.value;
    if (dropTypes.has(typeName)) return [];
    if (
      def.kind === Kind.OBJECT_TYPE_DEFINITION ||
      def.kind === Kind.OBJECT_TYPE_EXTENSION ||
      def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION
    ) {
      const fields = (def.fields ?? []).filter(
        (f: { name: { value: string } }) => !dropFields.has(`${typeName}.${f.name.value}`),
      );
      if (fields.length === 0) return [];
      return [{ ...def, fields } as DefinitionNode];
    }
    return [def];
  });
  return buildASTSchema({ ...doc, definitions }, { assumeValidSDL: false });
}

/** The router's public API schema: the supergraph without federation internals. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

export function contractBreaks(supergraphSdl: string, present: readonly SubgraphName[]): BreakingChange[] {
  return findBreakingChanges(contractFor(present), apiSchemaOf(supergraphSdl));
}
