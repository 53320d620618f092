import { isUuid } from '@tiketi/kit';

/** A reference to catalog's Event: the router resolves its other fields from catalog. */
export interface EventRef {
  __typename?: 'Event';
  id: string;
}

export const eventRef = (id: string): EventRef => ({ __typename: 'Event', id });

/**
 * The event id a room is keyed by: the uuid in lower case, or null when it is not a uuid. Postgres reads a
 * uuid in any case but Redis keys are exact, so every id from a caller goes through here: an id spelt in upper
 * case must reach the same room (and its passes name the same event seating checks), never a second one.
 */
export function roomId(eventId: string): string | null {
  return isUuid(eventId) ? eventId.toLowerCase() : null;
}
