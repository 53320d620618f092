import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';

/** An event's line-up: artists in billing order (`position` 0 is the headliner). */
export const EventArtist = defineEntity({
  name: 'EventArtist',
  tableName: 'event_artists',
  properties: (p) => ({
    eventId: p.uuid().primary(),
    artistId: p.uuid().primary(),
    position: p.smallint(),
  }),
});

export type EventArtist = InferEntity<typeof EventArtist>;
