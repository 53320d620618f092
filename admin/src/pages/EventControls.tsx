import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import type { EventStatus } from '../__generated__/graphql.ts';
import { graphql } from '../__generated__/index.ts';
import { type Notice, NoticeLine, noticeOf } from '../components/States.tsx';
import { errorMessage } from '../format.ts';
import { STATUS_LABEL } from './labels.ts';

const UpdateEventStatusMutation = graphql(`
  mutation AdminUpdateEventStatus($id: ID!, $status: EventStatus!) {
    updateEvent(id: $id, input: { status: $status }) {
      id
      status
    }
  }
`);

const DeleteEventMutation = graphql(`
  mutation AdminDeleteEvent($id: ID!) {
    deleteEvent(id: $id)
  }
`);

/** ENDED follows from the start time; every other status an admin may ask for (catalog says which moves are allowed). */
const SETTABLE: EventStatus[] = ['DRAFT', 'SCHEDULED', 'ON_SALE', 'SOLD_OUT', 'CANCELLED'];

export function EventControls({
  id,
  title,
  status,
  onChange,
}: {
  id: string;
  title: string;
  status: EventStatus;
  onChange(): void;
}) {
  const navigate = useNavigate();
  const [updating, update] = useMutation(UpdateEventStatusMutation);
  const [deleting, remove] = useMutation(DeleteEventMutation);
  const [notice, setNotice] = useState<Notice>(null);

  const changeStatus = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new FormData(event.currentTarget).get('status') as EventStatus;
    const result = await update({ id, status: next });
    setNotice(noticeOf(result.error, `상태를 "${STATUS_LABEL[next]}"(으)로 바꿨습니다.`));
    onChange();
  };
  const deleteEvent = async () => {
    if (!window.confirm(`"${title}" 이벤트를 삭제할까요? 목록과 검색에서 사라집니다.`)) return;
    const result = await remove({ id });
    if (result.error) setNotice({ kind: 'error', text: errorMessage(result.error)! });
    else await navigate('/events', { replace: true });
  };

  return (
    <section className="card" aria-labelledby="event-controls-title">
      <h2 id="event-controls-title">판매 상태</h2>
      <form key={status} className="inline-form" onSubmit={(e) => void changeStatus(e)}>
        <label>
          상태
          <select name="status" defaultValue={status}>
            {SETTABLE.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button--secondary" disabled={updating.fetching}>
          상태 변경
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={deleting.fetching}
          onClick={() => void deleteEvent()}
        >
          이벤트 삭제
        </button>
      </form>
      <NoticeLine notice={notice} />
    </section>
  );
}
