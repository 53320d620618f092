import type { ComponentProps } from 'react';
import { EventCard } from './EventCard.tsx';

type CardEvent = ComponentProps<typeof EventCard>['event'] & { id: string };

export function EventGrid({ events, label }: { events: readonly CardEvent[]; label?: string }) {
  return (
    <ul className="event-grid" aria-label={label}>
      {events.map((event) => (
        <li key={event.id}>
          <EventCard event={event} />
        </li>
      ))}
    </ul>
  );
}
