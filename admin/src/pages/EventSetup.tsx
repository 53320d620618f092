import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../__generated__/index.ts';
import { useGraphqlUrl } from '../App.tsx';
import { EventFields, type EventFieldValues, eventFieldInput } from '../components/EventFields.tsx';
import { type Notice, NoticeLine, noticeOf } from '../components/States.tsx';
import { errorMessage, formatNumber, formatWon } from '../format.ts';

const UpdateEventMutation = graphql(`
  mutation AdminUpdateEvent($id: ID!, $input: UpdateEventInput!) {
    updateEvent(id: $id, input: $input) {
      id
    }
  }
`);

const CreatePosterUploadMutation = graphql(`
  mutation AdminCreatePosterUpload($input: PosterUploadInput!) {
    createPosterUpload(input: $input) {
      uploadUrl
      headers {
        name
        value
      }
      posterUrl
    }
  }
`);

const SeatLayoutsQuery = graphql(`
  query AdminSeatLayouts {
    seatLayouts {
      id
      name
      seatCount
      ticketTypeCodes
    }
  }
`);

const AttachSeatLayoutMutation = graphql(`
  mutation AdminAttachSeatLayout($eventId: ID!, $input: AttachSeatLayoutInput!) {
    attachSeatLayout(eventId: $eventId, input: $input) {
      id
      availability {
        total
      }
    }
  }
`);

export interface EditableEvent extends EventFieldValues {
  id: string;
  posterUrl?: string | null;
  ticketTypes: { code: string; name: string; price: number; color?: string | null }[];
}

/**
 * The poster: the image goes straight to where catalog says (S3, or the router's disk) with a one-time URL, then
 * the event is given its address.
 */
export function PosterUpload({ event, onSaved }: { event: EditableEvent; onSaved(): void }) {
  const graphqlUrl = useGraphqlUrl();
  const [, createUpload] = useMutation(CreatePosterUploadMutation);
  const [, update] = useMutation(UpdateEventMutation);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setNotice(null);
    try {
      const created = await createUpload({ input: { contentType: file.type, byteSize: file.size } });
      const target = created.data?.createPosterUpload;
      if (!target) {
        setNotice({ kind: 'error', text: errorMessage(created.error) ?? '포스터를 올릴 수 없습니다.' });
        return;
      }
      const sent = await fetch(new URL(target.uploadUrl, graphqlUrl), {
        method: 'PUT',
        headers: Object.fromEntries(target.headers.map((h) => [h.name, h.value])),
        body: file,
      }).catch(() => null);
      if (!sent?.ok) {
        setNotice({ kind: 'error', text: '이미지를 보내지 못했습니다. 다시 시도하세요.' });
        return;
      }
      const saved = await update({ id: event.id, input: { posterUrl: target.posterUrl } });
      setNotice(noticeOf(saved.error, '포스터를 올렸습니다.'));
      onSaved();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="poster-title">
      <h2 id="poster-title">포스터</h2>
      {event.posterUrl ? (
        <img
          className="poster-preview"
          src={new URL(event.posterUrl, graphqlUrl).toString()}
          alt={`${event.title} 포스터`}
        />
      ) : (
        <p className="muted">포스터가 없습니다.</p>
      )}
      <label>
        포스터 이미지 올리기 (JPEG, PNG, WebP, 5 MB까지)
        <input
          type="file"
          accept="image/jpeg,image/png,image/webp"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void upload(file);
          }}
        />
      </label>
      {busy && <p className="muted">올리는 중…</p>}
      <NoticeLine notice={notice} />
    </section>
  );
}

/** The event's details as catalog keeps them; empty optional fields are cleared. */
export function EventDetailsForm({ event, onSaved }: { event: EditableEvent; onSaved(): void }) {
  const [{ fetching }, update] = useMutation(UpdateEventMutation);
  const [notice, setNotice] = useState<Notice>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const result = await update({
      id: event.id,
      input: { ...eventFieldInput(form), posterUrl: String(form.get('posterUrl') ?? '').trim() || null },
    });
    setNotice(noticeOf(result.error, '저장했습니다.'));
    onSaved();
  };

  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">이벤트 정보</h2>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <EventFields values={event} />
        <label>
          포스터 URL (http(s) 주소 또는 /로 시작하는 경로)
          <input name="posterUrl" maxLength={2000} defaultValue={event.posterUrl ?? ''} />
        </label>
        <NoticeLine notice={notice} />
        <div className="actions">
          <button type="submit" className="button" disabled={fetching}>
            {fetching ? '저장 중…' : '정보 저장'}
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * Gives the event its seats from a layout template and a price for each of the layout's tiers. Seating refuses
 * it (CONFLICT) once seats are held or sold; the tiers already priced are offered again.
 */
export function SeatLayoutForm({ event, onSaved }: { event: EditableEvent; onSaved(): void }) {
  const [{ data }] = useQuery({ query: SeatLayoutsQuery });
  const [{ fetching }, attach] = useMutation(AttachSeatLayoutMutation);
  const [layoutId, setLayoutId] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  const layout = data?.seatLayouts.find((l) => l.id === layoutId);
  const current = new Map(event.ticketTypes.map((t) => [t.code, t]));

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!layout) return;
    const form = new FormData(e.currentTarget);
    const result = await attach({
      eventId: event.id,
      input: {
        layoutId: layout.id,
        ticketTypes: layout.ticketTypeCodes.map((code) => ({
          code,
          name: String(form.get(`name-${code}`) ?? '').trim(),
          price: Number(form.get(`price-${code}`)),
        })),
      },
    });
    const seats = result.data?.attachSeatLayout.availability.total;
    setNotice(noticeOf(result.error, `좌석 ${formatNumber(seats ?? 0)}석을 배치했습니다.`));
    onSaved();
  };

  return (
    <section className="card" aria-labelledby="layout-title">
      <h2 id="layout-title">좌석 배치와 가격</h2>
      {event.ticketTypes.length > 0 ? (
        <p className="muted" data-testid="ticket-types">
          현재: {event.ticketTypes.map((t) => `${t.name} ${formatWon(t.price)}`).join(' · ')}
        </p>
      ) : (
        <p className="muted">아직 좌석이 없습니다.</p>
      )}
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label>
          좌석 배치
          <select name="layoutId" required value={layoutId} onChange={(e) => setLayoutId(e.target.value)}>
            <option value="" disabled>
              선택하세요
            </option>
            {data?.seatLayouts.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} ({formatNumber(l.seatCount)}석)
              </option>
            ))}
          </select>
        </label>
        {layout?.ticketTypeCodes.map((code) => (
          <fieldset key={`${layout.id}-${code}`} className="inline-form">
            <legend>{code}석</legend>
            <label>
              이름
              <input
                name={`name-${code}`}
                required
                maxLength={50}
                defaultValue={current.get(code)?.name ?? `${code}석`}
              />
            </label>
            <label>
              가격 (원)
              <input
                name={`price-${code}`}
                type="number"
                required
                min={0}
                max={10_000_000}
                step={1}
                defaultValue={current.get(code)?.price}
              />
            </label>
          </fieldset>
        ))}
        <NoticeLine notice={notice} />
        <div className="actions">
          <button type="submit" className="button" disabled={fetching || !layout}>
            {fetching ? '적용 중…' : '좌석 배치 적용'}
          </button>
        </div>
      </form>
    </section>
  );
}
