import type { TicketState } from '../__generated__/graphql.ts';
import { useI18n } from '../i18n/index.tsx';

/** The state as a badge: the same pill as an event's or a reservation's status. */
export function TicketStateBadge({ state }: { state: TicketState }) {
  const { t } = useI18n();
  return (
    <span
      className={`badge badge--ticket-${state.toLowerCase()}`}
      data-testid="ticket-state"
      data-state={state}
    >
      {t(`ticket.state.${state}`)}
    </span>
  );
}
