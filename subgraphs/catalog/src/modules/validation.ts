import { badInput } from '@tiketi/kit';

/**
 * Input checks shared by the admin mutations. Each failure is BAD_USER_INPUT naming the input field, with a
 * message an admin can act on.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot exist, and must not reach Postgres (it would fail the cast). */
export const isUuid = (value: string): boolean => UUID.test(value);

export function requiredText(value: string, field: string, max: number): string {
  const text = value.normalize('NFC').trim();
  if (text.length === 0 || text.length > max) throw badInput(`Enter 1 to ${max} characters.`, field);
  return text;
}

/** `undefined` (left out) stays undefined; null or blank clears the field. */
export function optionalText(
  value: string | null | undefined,
  field: string,
  max: number,
): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const text = value.normalize('NFC').trim();
  if (text.length === 0) return null;
  if (text.length > max) throw badInput(`Enter at most ${max} characters.`, field);
  return text;
}

/** Rejects an explicit null for a field that cannot be empty. */
export function notNull<T>(value: T | null | undefined, field: string): T | undefined {
  if (value === null) throw badInput('This field cannot be cleared.', field);
  return value;
}
