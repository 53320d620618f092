import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import type { EventStatus } from '../__generated__/graphql.ts';
import { graphql } from '../__generated__/index.ts';
import { EventFields, eventFieldInput } from '../components/EventFields.tsx';
import { PageTitle } from '../components/States.tsx';
import { errorMessage } from '../format.ts';

const CreateEventMutation = graphql(`
  mutation AdminCreateEvent($input: CreateEventInput!) {
    createEvent(input: $input) {
      id
    }
  }
`);

/**
 * A new event: what catalog needs to list it. It starts as a draft (only admins see it) unless published at once;
 * seats and prices come from a seat layout attached afterwards.
 */
export function Component() {
  const navigate = useNavigate();
  const [{ fetching }, create] = useMutation(CreateEventMutation);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await create({
      input: { ...eventFieldInput(form), status: String(form.get('status')) as EventStatus },
    });
    const created = result.data?.createEvent;
    if (!created) {
      setProblem(errorMessage(result.error) ?? '이벤트를 만들지 못했습니다.');
      return;
    }
    await navigate(`/events/${created.id}`);
  };

  return (
    <div className="page page--form">
      <PageTitle>새 이벤트</PageTitle>
      <p>
        <Link to="/events">← 이벤트</Link>
      </p>
      <h1>새 이벤트</h1>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <EventFields />
        <label>
          공개
          <select name="status" defaultValue="DRAFT">
            <option value="DRAFT">초안 (관리자만 봄)</option>
            <option value="SCHEDULED">공개 (예매 시작 시각부터 판매)</option>
          </select>
        </label>
        {problem && (
          <p className="form__error" role="alert">
            {problem}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button" disabled={fetching}>
            {fetching ? '만드는 중…' : '이벤트 만들기'}
          </button>
        </div>
      </form>
    </div>
  );
}
