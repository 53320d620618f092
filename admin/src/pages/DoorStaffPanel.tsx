import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../__generated__/index.ts';
import { BuyerPicker, type PickedUser } from '../components/BuyerPicker.tsx';
import { errorMessage, formatDateTime } from '../format.ts';

const EventStaffQuery = graphql(`
  query AdminEventStaff($eventId: ID!) {
    eventStaff(eventId: $eventId) {
      eventId
      grantedAt
      user {
        id
        name
        email
      }
    }
  }
`);

const GrantStaffMutation = graphql(`
  mutation AdminGrantEventStaff($eventId: ID!, $userId: ID!) {
    grantEventStaff(eventId: $eventId, userId: $userId) {
      eventId
      grantedAt
      user {
        id
      }
    }
  }
`);

const RevokeStaffMutation = graphql(`
  mutation AdminRevokeEventStaff($eventId: ID!, $userId: ID!) {
    revokeEventStaff(eventId: $eventId, userId: $userId)
  }
`);

/**
 * Who may scan tickets at this event's doors (issue 17): an admin names accounts; each then logs in to this app
 * and reaches only the scanner page for this event. Every grant and revocation is in the audit log (seating).
 */
export function DoorStaffPanel({ eventId }: { eventId: string }) {
  const [{ data, error }, refetch] = useQuery({ query: EventStaffQuery, variables: { eventId } });
  const [picked, setPicked] = useState<PickedUser | null>(null);
  const [granting, grant] = useMutation(GrantStaffMutation);
  const [, revoke] = useMutation(RevokeStaffMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <section className="card" aria-labelledby="door-staff-title" data-testid="door-staff">
      <h2 id="door-staff-title">입장 확인</h2>
      <p>
        <Link to={`/scan/${eventId}`} className="button">
          스캐너 열기
        </Link>
      </p>
      <h3>입장 스태프</h3>
      {error && !data && <p className="form__error">{errorMessage(error)}</p>}
      <ul className="staff-list">
        {(data?.eventStaff ?? []).map((member) => (
          <li key={member.user.id}>
            {member.user.name} <span className="muted">{member.user.email}</span> ·{' '}
            {formatDateTime(member.grantedAt)}{' '}
            <button
              type="button"
              className="button button--ghost"
              onClick={async () => {
                const result = await revoke({ eventId, userId: member.user.id });
                setProblem(errorMessage(result.error) ?? null);
                reload();
              }}
            >
              해제
            </button>
          </li>
        ))}
      </ul>
      <BuyerPicker picked={picked} onPick={setPicked} />
      <button
        type="button"
        className="button"
        disabled={!picked || granting.fetching}
        onClick={async () => {
          if (!picked) return;
          const result = await grant({ eventId, userId: picked.id });
          setProblem(errorMessage(result.error) ?? null);
          if (!result.error) setPicked(null);
          reload();
        }}
      >
        스태프로 지정
      </button>
      {problem && (
        <p className="form__error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
