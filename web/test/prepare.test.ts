import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { describe, expect, it } from 'vitest';
import { prepareWhenKnown } from '../src/payments/prepare.ts';

/** What Apollo Client throws for a GraphQL error with this code. */
const graphQLError = (code: string) =>
  new CombinedGraphQLErrors({ errors: [{ message: code, extensions: { code } }] });

/** An attempt that fails with the given codes, in order, then answers 'order'. */
function attempts(...codes: string[]) {
  let calls = 0;
  const attempt = async () => {
    const code = codes[calls++];
    if (code) throw graphQLError(code);
    return 'order';
  };
  return { attempt, calls: () => calls };
}

describe('preparing a payment right after the reservation was made', () => {
  it('asks again while payment has not heard of the reservation yet', async () => {
    const { attempt, calls } = attempts('NOT_FOUND', 'NOT_FOUND');
    await expect(prepareWhenKnown(attempt, { delayMs: 1 })).resolves.toBe('order');
    expect(calls()).toBe(3);
  });

  it('gives up with NOT_FOUND after the retries', async () => {
    const { attempt, calls } = attempts('NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND');
    await expect(prepareWhenKnown(attempt, { delayMs: 1 })).rejects.toThrow('NOT_FOUND');
    expect(calls()).toBe(3);
  });

  it('passes any other error on at once', async () => {
    const { attempt, calls } = attempts('HOLD_EXPIRED');
    await expect(prepareWhenKnown(attempt, { delayMs: 1 })).rejects.toThrow('HOLD_EXPIRED');
    expect(calls()).toBe(1);
  });
});
