import { hasCode } from '../errors.ts';

/**
 * Payment learns a new reservation from seating's event a moment after it was made (and waits a few seconds
 * for it); on a busy on-sale that can take longer, and `preparePayment` answers NOT_FOUND. The buyer's own
 * reservation page just loaded, so ask again a couple of times before showing an error.
 */
export async function prepareWhenKnown<T>(
  attempt: () => Promise<T>,
  { retries = 2, delayMs = 1_000 } = {},
): Promise<T> {
  for (let left = retries; ; left--) {
    try {
      return await attempt();
    } catch (err) {
      if (left === 0 || !hasCode(err, 'NOT_FOUND')) throw err;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
