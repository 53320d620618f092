import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode, formatError } from '../src/index.ts';

describe('domain errors', () => {
  it('carry no stack trace (they are answers, not bugs) and leave the process’s trace limit as it was', () => {
    const before = Error.stackTraceLimit;
    const error = new AppError(ErrorCode.SEAT_UNAVAILABLE, 'That seat was just taken.', { seatIds: ['s-1'] });
    expect(error.stack).toBe('AppError: That seat was just taken.');
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('a bug').stack).toMatch(/errors\.test\.ts/);
    expect(formatError({ message: error.message, extensions: error.extensions })).toEqual({
      message: 'That seat was just taken.',
      extensions: { seatIds: ['s-1'], code: 'SEAT_UNAVAILABLE' },
    });
  });
});
