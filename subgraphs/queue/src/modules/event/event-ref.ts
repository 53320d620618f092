/** A reference to catalog's Event: the router resolves its other fields from catalog. */
export interface EventRef {
  __typename?: 'Event';
  id: string;
}

export const eventRef = (id: string): EventRef => ({ __typename: 'Event', id });
