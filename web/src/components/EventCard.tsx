import { Link } from 'react-router';
import { type FragmentType, getFragmentData, graphql } from '../__generated__/index.ts';
import { useI18n } from '../i18n/index.tsx';
import { Poster } from './Poster.tsx';
import { StatusBadge } from './StatusBadge.tsx';

const EventCard_event = graphql(`
  fragment EventCard_event on Event {
    id
    title
    titleEn
    startsAt
    status
    venue {
      id
      name
      nameEn
    }
    artists {
      id
      name
      nameEn
    }
    ...Poster_event
  }
`);

export function EventCard(props: { event: FragmentType<typeof EventCard_event> }) {
  const i18n = useI18n();
  const event = getFragmentData(EventCard_event, props.event);
  const artists = event.artists.map((a) => i18n.pick(a.name, a.nameEn)).join(', ');
  return (
    <article className="event-card" data-event-id={event.id}>
      <Link to={`/events/${event.id}`} className="event-card__link">
        <div className="event-card__poster">
          <Poster event={event} />
          <StatusBadge status={event.status} />
        </div>
        <div className="event-card__body">
          <h3 className="event-card__title">{i18n.pick(event.title, event.titleEn)}</h3>
          {artists && <p className="event-card__artists">{artists}</p>}
          <p className="event-card__meta">
            <time dateTime={event.startsAt}>{i18n.date(event.startsAt)}</time>
          </p>
          <p className="event-card__meta">{i18n.pick(event.venue.name, event.venue.nameEn)}</p>
        </div>
      </Link>
    </article>
  );
}
