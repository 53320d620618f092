import type { SaleState } from '@tiketi/kit';
import { AppError, ErrorCode, notFound } from '@tiketi/kit';

/** Seats a request asked for that it could not have: taken, locked by a concurrent hold, blocked or unknown. */
export class SeatsUnavailable extends AppError {
  constructor(readonly seatIds: string[]) {
    super(
      ErrorCode.SEAT_UNAVAILABLE,
      seatIds.length === 1
        ? 'That seat was just taken or is not for sale. Pick another one.'
        : 'Some of those seats were just taken or are not for sale. Pick others.',
      { seatIds },
    );
  }
}

export const seatsUnavailable = (seatIds: string[]) => new SeatsUnavailable(seatIds);

export const noSeatsOfType = (quantity: number) =>
  new AppError(
    ErrorCode.SEAT_UNAVAILABLE,
    `There are not ${quantity} seats of this type left. Try fewer seats or another type.`,
    { seatIds: [] },
  );

export const limitExceeded = (limit: number, owned: number) =>
  new AppError(
    ErrorCode.SEAT_LIMIT_EXCEEDED,
    owned > 0
      ? `You can have at most ${limit} seats for this event, and you already hold or bought ${owned}.`
      : `You can have at most ${limit} seats for this event.`,
    { limit, owned },
  );

/** Why seats of an event cannot be held now (a deleted event does not exist for buyers). */
export function saleRefusal(state: Exclude<SaleState, { phase: 'on-sale' }>): AppError {
  if (state.phase === 'not-open') {
    return new AppError(
      ErrorCode.SALE_NOT_OPEN,
      state.opensAt
        ? `The sale opens at ${state.opensAt.toISOString()}.`
        : 'The sale has not been announced yet.',
      state.opensAt ? { saleStartsAt: state.opensAt.toISOString() } : {},
    );
  }
  if (state.reason === 'deleted') return notFound('Event');
  return new AppError(
    ErrorCode.SALE_NOT_OPEN,
    state.reason === 'cancelled'
      ? 'This event was cancelled.'
      : state.reason === 'sold-out'
        ? 'This event is sold out.'
        : 'The sale for this event has closed.',
  );
}

export const eventNotFound = () => notFound('Event');
