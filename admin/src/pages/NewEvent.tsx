import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import type { EventStatus } from '../__generated__/graphql.ts';
import { graphql } from '../__generated__/index.ts';
import { PageTitle } from '../components/States.tsx';
import { errorMessage, koreanDateTime } from '../format.ts';

const NewEventOptionsQuery = graphql(`
  query NewEventOptions {
    venues {
      id
      name
      city
    }
    categories
  }
`);

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
  const [{ data }] = useQuery({ query: NewEventOptionsQuery });
  const [{ fetching }, create] = useMutation(CreateEventMutation);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const result = await create({
      input: {
        title: text('title'),
        titleEn: text('titleEn') || null,
        description: text('description') || null,
        category: text('category'),
        venueId: text('venueId'),
        startsAt: koreanDateTime(text('startsAt')),
        saleStartsAt: koreanDateTime(text('saleStartsAt')),
        status: text('status') as EventStatus,
      },
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
        <label>
          제목
          <input name="title" required maxLength={200} />
        </label>
        <label>
          영문 제목 (선택)
          <input name="titleEn" maxLength={200} />
        </label>
        <label>
          설명 (선택)
          <textarea name="description" rows={4} />
        </label>
        <label>
          분류
          <input name="category" required list="categories" placeholder="concert" />
          <datalist id="categories">
            {data?.categories.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </label>
        <label>
          공연장
          <select name="venueId" required defaultValue="">
            <option value="" disabled>
              선택하세요
            </option>
            {data?.venues.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name} ({v.city})
              </option>
            ))}
          </select>
        </label>
        <label>
          공연 일시 (한국 시간)
          <input name="startsAt" type="datetime-local" required />
        </label>
        <label>
          예매 시작 (한국 시간)
          <input name="saleStartsAt" type="datetime-local" required />
        </label>
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
