import type { EventStatus } from '../__generated__/graphql.ts';
import { useI18n } from '../i18n/index.tsx';

export function StatusBadge({ status }: { status: EventStatus }) {
  const { t } = useI18n();
  return <span className={`badge badge--${status.toLowerCase()}`}>{t(`status.${status}`)}</span>;
}
