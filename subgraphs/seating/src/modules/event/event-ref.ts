/** A reference to catalog's Event: the router resolves its other fields from catalog. */
export interface EventRef {
  __typename?: 'Event';
  id: string;
}

/** A reference to auth's User; `email` comes with it (from auth, through the router) where a field requires it. */
export interface UserRef {
  __typename?: 'User';
  id: string;
  email?: string;
}

export const eventRef = (id: string): EventRef => ({ __typename: 'Event', id });
