import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../__generated__/index.ts';
import {
  Empty,
  ErrorState,
  Loading,
  type Notice,
  NoticeLine,
  noticeOf,
  PageTitle,
} from '../components/States.tsx';
import { errorMessage, formatDateTime, formatNumber } from '../format.ts';
import { type BlockDraft, buildLayout, type LayoutTemplateInput, seatCountOf } from '../layout-builder.ts';

const SeatLayoutListQuery = graphql(`
  query AdminSeatLayoutList {
    seatLayouts {
      id
      name
      description
      seatCount
      ticketTypeCodes
      updatedAt
    }
  }
`);

const CreateSeatLayoutMutation = graphql(`
  mutation AdminCreateSeatLayout($input: SeatLayoutInput!) {
    createSeatLayout(input: $input) {
      id
      name
      seatCount
    }
  }
`);

const newBlock = (i: number): BlockDraft => ({
  name: `${String.fromCharCode(65 + (i % 26))}구역`,
  ticketType: i === 0 ? 'R' : 'S',
  rows: 10,
  seatsPerRow: 20,
  rowNames: 'letters',
  aisleEvery: 10,
});

/** Seat layout templates: the ones there are, and an editor that builds one from blocks of seats. */
export function Component() {
  const [{ data, error }, refetch] = useQuery({
    query: SeatLayoutListQuery,
    requestPolicy: 'cache-and-network',
  });
  const [saving, save] = useMutation(CreateSeatLayoutMutation);
  const [blocks, setBlocks] = useState<BlockDraft[]>([newBlock(0), newBlock(1)]);
  const [notice, setNotice] = useState<Notice>(null);
  const update = (i: number, change: Partial<BlockDraft>) =>
    setBlocks((all) => all.map((b, j) => (j === i ? { ...b, ...change } : b)));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = buildLayout(String(form.get('name') ?? ''), String(form.get('description') ?? ''), blocks);
    const result = await save({ input });
    const created = result.data?.createSeatLayout;
    setNotice(
      noticeOf(
        result.error,
        created ? `"${created.name}" (${formatNumber(created.seatCount)}석)을 저장했습니다.` : '',
      ),
    );
    refetch({ requestPolicy: 'network-only' });
  };

  const preview = buildLayout('preview', '', blocks);
  const layouts = data?.seatLayouts;
  return (
    <div className="page">
      <PageTitle>좌석 배치</PageTitle>
      <h1>좌석 배치</h1>
      <section className="card" aria-labelledby="editor-title">
        <h2 id="editor-title">새 좌석 배치</h2>
        <form className="form" onSubmit={(e) => void submit(e)}>
          <label>
            이름
            <input name="name" required maxLength={100} />
          </label>
          <label>
            설명 (선택)
            <input name="description" maxLength={500} />
          </label>
          {blocks.map((block, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: blocks are edited in place and have no identity of their own
            <fieldset key={i} className="inline-form">
              <legend>{`구역 ${i + 1}`}</legend>
              <label>
                구역 이름
                <input value={block.name} required onChange={(e) => update(i, { name: e.target.value })} />
              </label>
              <label>
                등급 코드
                <input
                  value={block.ticketType}
                  required
                  maxLength={20}
                  onChange={(e) => update(i, { ticketType: e.target.value.toUpperCase() })}
                />
              </label>
              <label>
                열 수
                <input
                  type="number"
                  min={1}
                  max={500}
                  required
                  value={block.rows}
                  onChange={(e) => update(i, { rows: Number(e.target.value) })}
                />
              </label>
              <label>
                열당 좌석
                <input
                  type="number"
                  min={1}
                  max={500}
                  required
                  value={block.seatsPerRow}
                  onChange={(e) => update(i, { seatsPerRow: Number(e.target.value) })}
                />
              </label>
              <label>
                통로 (N석마다, 0은 없음)
                <input
                  type="number"
                  min={0}
                  max={500}
                  value={block.aisleEvery}
                  onChange={(e) => update(i, { aisleEvery: Number(e.target.value) })}
                />
              </label>
              <label>
                열 이름
                <select
                  value={block.rowNames}
                  onChange={(e) => update(i, { rowNames: e.target.value as BlockDraft['rowNames'] })}
                >
                  <option value="letters">A, B, C…</option>
                  <option value="numbers">1, 2, 3…</option>
                </select>
              </label>
              {blocks.length > 1 && (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => setBlocks((all) => all.filter((_, j) => j !== i))}
                >
                  구역 삭제
                </button>
              )}
            </fieldset>
          ))}
          <div className="actions">
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setBlocks((all) => [...all, newBlock(all.length)])}
            >
              구역 추가
            </button>
          </div>
          <LayoutPreview layout={preview} seats={seatCountOf(blocks)} />
          <NoticeLine notice={notice} />
          <div className="actions">
            <button type="submit" className="button" disabled={saving.fetching}>
              {saving.fetching ? '저장 중…' : '좌석 배치 저장'}
            </button>
          </div>
        </form>
      </section>

      <section aria-labelledby="layouts-title">
        <h2 id="layouts-title">좌석 배치 목록</h2>
        {error && !layouts ? (
          <ErrorState
            message={errorMessage(error)!}
            onRetry={() => refetch({ requestPolicy: 'network-only' })}
          />
        ) : !layouts ? (
          <Loading />
        ) : layouts.length === 0 ? (
          <Empty>좌석 배치가 없습니다.</Empty>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">이름</th>
                <th scope="col">좌석</th>
                <th scope="col">등급</th>
                <th scope="col">수정</th>
              </tr>
            </thead>
            <tbody>
              {layouts.map((l) => (
                <tr key={l.id}>
                  <td>
                    {l.name}
                    {l.description && <div className="muted">{l.description}</div>}
                  </td>
                  <td className="num">{formatNumber(l.seatCount)}</td>
                  <td>{l.ticketTypeCodes.join(', ')}</td>
                  <td>{formatDateTime(l.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

const TIER_COLORS = ['#8e44ad', '#c0392b', '#2980b9', '#27ae60', '#d35400', '#16a085'];

/** The layout as buyers' seat map will draw it: the stage, and every seat coloured by its ticket type. */
function LayoutPreview({ layout, seats }: { layout: LayoutTemplateInput; seats: number }) {
  const tiers = [...new Set(layout.sections.map((s) => s.ticketType))];
  return (
    <figure className="layout-preview">
      <figcaption>
        미리보기: {formatNumber(seats)}석 · 등급 {tiers.join(', ')}
      </figcaption>
      <svg
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-label={`좌석 ${seats}석 미리보기`}
      >
        <rect {...layout.stage} fill="#1c1b22" rx={6} />
        <text
          x={layout.stage.x + layout.stage.width / 2}
          y={layout.stage.y + layout.stage.height / 2 + 5}
          textAnchor="middle"
          fill="#fff"
          fontSize={14}
        >
          {layout.stage.label}
        </text>
        {layout.sections.map((section) =>
          section.rows.map((row) =>
            row.seats.map((seat) => (
              <circle
                key={`${section.name}-${row.name}-${seat.number}`}
                cx={seat.x}
                cy={seat.y}
                r={9}
                fill={TIER_COLORS[tiers.indexOf(section.ticketType) % TIER_COLORS.length]}
              />
            )),
          ),
        )}
      </svg>
    </figure>
  );
}
