import type { SeatView } from '../seat/seat-view.ts';

/** A live hold as the buyer sees it. */
export interface HoldView {
  id: string;
  eventId: string;
  userId: string;
  expiresAt: Date;
  totalAmount: number;
  seats: SeatView[];
}

/**
 * Where a hold stands. Expiry is derived from `expires_at` and Postgres' clock, never stored, so it does
 * not depend on the sweeper having run.
 */
export type HoldPhase =
  | { phase: 'held'; expiresAt: Date }
  | { phase: 'in-checkout'; expiresAt: Date }
  | { phase: 'expired' }
  | { phase: 'released' }
  | { phase: 'sold' };

export type StoredHoldStatus = 'ACTIVE' | 'RESERVED' | 'RELEASED' | 'SOLD';

export function holdPhase(status: StoredHoldStatus, expiresAt: Date, now: Date): HoldPhase {
  switch (status) {
    case 'RELEASED':
      return { phase: 'released' };
    case 'SOLD':
      return { phase: 'sold' };
    case 'ACTIVE':
    case 'RESERVED':
      if (expiresAt <= now) return { phase: 'expired' };
      return status === 'ACTIVE' ? { phase: 'held', expiresAt } : { phase: 'in-checkout', expiresAt };
  }
}
