import type { I18n, MessageKey } from '../i18n/index.tsx';

const CATEGORIES: Record<string, MessageKey> = {
  concert: 'category.concert',
  musical: 'category.musical',
  fanmeeting: 'category.fanmeeting',
  classical: 'category.classical',
  sports: 'category.sports',
  festival: 'category.festival',
};

/** Categories are open-ended slugs: known ones are translated, new ones shown as they are. */
export function categoryLabel(i18n: I18n, slug: string): string {
  const key = CATEGORIES[slug.toLowerCase()];
  return key ? i18n.t(key) : slug;
}
