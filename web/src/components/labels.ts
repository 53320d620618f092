import type { PaymentStatus, RefundStatus } from '../__generated__/graphql.ts';
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

/** What a seat needs for its label: the server's (as laid out, e.g. `HALL A-1`) and its parts. */
export interface SeatLabelParts {
  label: string;
  section: string;
  row: string;
  number: number;
}

/**
 * A seat as the buyer reads it: in Korean `HALL구역 A열 1번` (the way Korean tickets write it), in English the
 * layout's own label (`HALL A-1`, or whatever the layout named the seat).
 */
export function seatLabel(i18n: I18n, seat: SeatLabelParts): string {
  if (i18n.locale !== 'ko') return seat.label;
  return i18n.t('seat.label', { section: seat.section, row: seat.row, number: seat.number });
}

/**
 * The `lang` of a text shown with `I18n.pick`: in English mode a field with no English version is shown in
 * Korean, and says so (screen readers switch voice, the browser picks Korean fonts and line breaking).
 * Undefined when the text is in the page's language.
 */
export function textLang(locale: string, english: string | null | undefined): 'ko' | undefined {
  return locale !== 'ko' && !english ? 'ko' : undefined;
}

/**
 * A payment's state as the buyer should read it: once the booking is cancelled, where the refund stands
 * (in progress, partly, done), not "paid".
 */
export function paymentStatusLabel(
  i18n: I18n,
  payment: { status: PaymentStatus; refundStatus: RefundStatus },
): string {
  return payment.refundStatus === 'NONE'
    ? i18n.t(`payment.status.${payment.status}`)
    : i18n.t(`refund.status.${payment.refundStatus}`);
}
