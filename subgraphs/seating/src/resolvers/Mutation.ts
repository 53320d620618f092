import { requireAdmin, requireUser } from '@tiketi/kit';
import type { MutationResolvers } from '../__generated__/resolvers.ts';
import { eventRef } from '../modules/event/event-ref.ts';

// Buyers' mutations need a signed-in caller (UNAUTHENTICATED otherwise); admin mutations check the role
// first (FORBIDDEN), before any input is looked at. Holds pass the event's waiting room first: while it is on,
// only with the buyer's admission pass (QUEUE_PASS_REQUIRED otherwise).
export const Mutation: MutationResolvers = {
  holdSeats: async (_root, { input }, ctx) => {
    const { userId } = requireUser(ctx);
    const admitted = await ctx.seating.admission.admit(userId, input.eventId, input.admissionPass);
    return givingBackOnFailure(admitted, () =>
      ctx.seating.holds.hold(ctx.em, userId, input.eventId, input.seatIds),
    );
  },
  holdBestAvailable: async (_root, { eventId, ticketTypeId, quantity, admissionPass }, ctx) => {
    const { userId } = requireUser(ctx);
    const admitted = await ctx.seating.admission.admit(userId, eventId, admissionPass);
    return givingBackOnFailure(admitted, () =>
      ctx.seating.holds.holdBestAvailable(ctx.em, userId, eventId, ticketTypeId, quantity),
    );
  },
  releaseHold: (_root, { holdId }, ctx) => ctx.seating.holds.release(ctx.em, requireUser(ctx).userId, holdId),
  createReservation: (_root, { holdId }, ctx) =>
    ctx.seating.reservations.create(ctx.em, requireUser(ctx).userId, holdId),
  cancelReservation: (_root, { id }, ctx) => ctx.seating.reservations.cancel(ctx.em, requireUser(ctx), id),

  createSeatLayout: (_root, { input }, ctx) =>
    ctx.seating.layouts.create(ctx.em, requireAdmin(ctx).userId, input),
  updateSeatLayout: (_root, { id, input }, ctx) =>
    ctx.seating.layouts.update(ctx.em, requireAdmin(ctx).userId, id, input),
  attachSeatLayout: async (_root, { eventId, input }, ctx) => {
    await ctx.seating.inventory.attach(ctx.em, requireAdmin(ctx).userId, eventId, input);
    return eventRef(eventId);
  },
  blockSeats: (_root, { eventId, seatIds }, ctx) =>
    ctx.seating.inventory.block(ctx.em, requireAdmin(ctx).userId, eventId, seatIds),
  unblockSeats: (_root, { eventId, seatIds }, ctx) =>
    ctx.seating.inventory.unblock(ctx.em, requireAdmin(ctx).userId, eventId, seatIds),
};

/** A hold that fails gives back the shopper slot its admission registered (admission-gate.ts). */
async function givingBackOnFailure<T>(
  admitted: { giveBack(): Promise<void> },
  hold: () => Promise<T>,
): Promise<T> {
  try {
    return await hold();
  } catch (err) {
    await admitted.giveBack();
    throw err;
  }
}
