import { useState } from 'react';
import { type FragmentType, getFragmentData, graphql } from '../__generated__/index.ts';
import { useApp } from '../app-context.ts';
import { useI18n } from '../i18n/index.tsx';
import { categoryLabel } from './labels.ts';

const Poster_event = graphql(`
  fragment Poster_event on Event {
    id
    title
    titleEn
    category
    posterUrl
  }
`);

/**
 * A stable hue per event, so its placeholder looks the same everywhere. FNV-1a with a final mix: ids that
 * differ in one character (sequential seeds) still land far apart on the colour wheel.
 */
export function hueOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
  hash ^= hash >>> 13;
  return (hash >>> 0) % 360;
}

/**
 * The event's poster, or — when it has none or the image fails — a generated cover with its category and
 * title, so a grid of events never shows broken images.
 */
export function Poster(props: { event: FragmentType<typeof Poster_event>; size?: 'card' | 'hero' }) {
  const i18n = useI18n();
  const { config } = useApp();
  const event = getFragmentData(Poster_event, props.event);
  const [failed, setFailed] = useState(false);
  const title = i18n.pick(event.title, event.titleEn);
  const label = i18n.t('event.poster', { title });
  const className = `poster poster--${props.size ?? 'card'}`;

  if (event.posterUrl && !failed) {
    return (
      <img
        className={className}
        // Our own uploads are paths on the router's origin (catalog's createPosterUpload).
        src={new URL(event.posterUrl, config.graphqlUrl).toString()}
        alt={label}
        loading={props.size === 'hero' ? 'eager' : 'lazy'}
        decoding="async"
        onError={() => setFailed(true)}
      />
    );
  }
  const hue = hueOf(event.id);
  return (
    <div
      className={`${className} poster--generated`}
      role="img"
      aria-label={label}
      style={{
        background: `linear-gradient(150deg, hsl(${hue} 72% 58%), hsl(${(hue + 48) % 360} 68% 38%))`,
      }}
    >
      <span className="poster__category">{categoryLabel(i18n, event.category)}</span>
      <span className="poster__title">{title}</span>
    </div>
  );
}
