import { useState } from 'react';
import { type CombinedError, useMutation, useQuery } from 'urql';
import type { SeatStatus } from '../__generated__/graphql.ts';
import { graphql } from '../__generated__/index.ts';
import { type Notice, NoticeLine, noticeOf } from '../components/States.tsx';

const AdminSeatMapQuery = graphql(`
  query AdminSeatMap($id: ID!) {
    event(id: $id) {
      id
      seatMap {
        version
        width
        height
        seats {
          id
          label
          status
          x
          y
        }
      }
    }
  }
`);

const BlockSeatsMutation = graphql(`
  mutation AdminBlockSeats($eventId: ID!, $seatIds: [ID!]!) {
    blockSeats(eventId: $eventId, seatIds: $seatIds) {
      version
      seats {
        id
        status
      }
    }
  }
`);

const UnblockSeatsMutation = graphql(`
  mutation AdminUnblockSeats($eventId: ID!, $seatIds: [ID!]!) {
    unblockSeats(eventId: $eventId, seatIds: $seatIds) {
      version
      seats {
        id
        status
      }
    }
  }
`);

const COLORS: Record<SeatStatus, string> = {
  AVAILABLE: '#12a594',
  HELD: '#f5a524',
  SOLD: '#8e4ec6',
  BLOCKED: '#6b6a76',
};
const STATUS_NAME: Record<SeatStatus, string> = {
  AVAILABLE: '판매 가능',
  HELD: '선점',
  SOLD: '판매됨',
  BLOCKED: '판매 중지',
};

/**
 * Takes seats out of sale (a camera position, a broken seat) and puts them back. Seats are picked on the map;
 * seating refuses (CONFLICT) when a picked seat is held or sold, and nothing changes then. The seats a change
 * returns update the map through the cache.
 */
export function SeatBlocker({ eventId }: { eventId: string }) {
  const [{ data }, refetch] = useQuery({ query: AdminSeatMapQuery, variables: { id: eventId } });
  const [blocking, block] = useMutation(BlockSeatsMutation);
  const [unblocking, unblock] = useMutation(UnblockSeatsMutation);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<Notice>(null);
  const map = data?.event?.seatMap;
  if (!map || map.seats.length === 0) return null;

  const seats = map.seats.filter((s) => picked.has(s.id));
  const toBlock = seats.filter((s) => s.status === 'AVAILABLE').map((s) => s.id);
  const toUnblock = seats.filter((s) => s.status === 'BLOCKED').map((s) => s.id);
  const toggle = (id: string) =>
    setPicked((all) => {
      const next = new Set(all);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const run = async (
    change: (variables: { eventId: string; seatIds: string[] }) => Promise<{ error?: CombinedError }>,
    seatIds: string[],
    done: string,
  ) => {
    const result = await change({ eventId, seatIds });
    setNotice(noticeOf(result.error, done));
    if (!result.error) setPicked(new Set());
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <section className="card" aria-labelledby="block-title">
      <h2 id="block-title">좌석 판매 중지</h2>
      <p className="muted">
        {(Object.keys(COLORS) as SeatStatus[]).map((status) => (
          <span key={status} className="legend">
            <svg width="12" height="12" aria-hidden="true">
              <circle cx="6" cy="6" r="6" fill={COLORS[status]} />
            </svg>{' '}
            {STATUS_NAME[status]}
          </span>
        ))}
      </p>
      <fieldset className="seat-picker-frame">
        <legend className="visually-hidden">좌석 선택</legend>
        <svg className="seat-picker" viewBox={`0 0 ${map.width} ${map.height}`}>
          <title>좌석 배치도: 좌석을 눌러 선택하세요</title>
          {map.seats.map((seat) => (
            // biome-ignore lint/a11y/useSemanticElements: thousands of seats drawn in SVG; a checkbox each would not fit
            <circle
              key={seat.id}
              role="checkbox"
              aria-checked={picked.has(seat.id)}
              aria-label={`${seat.label} (${STATUS_NAME[seat.status]})`}
              tabIndex={-1}
              cx={seat.x}
              cy={seat.y}
              r={8}
              fill={COLORS[seat.status]}
              stroke={picked.has(seat.id) ? '#1c1b22' : 'none'}
              strokeWidth={3}
              onClick={() => toggle(seat.id)}
              onKeyDown={(e) => {
                if (e.key === ' ' || e.key === 'Enter') toggle(seat.id);
              }}
            />
          ))}
        </svg>
      </fieldset>
      <div className="actions">
        <button
          type="button"
          className="button button--danger"
          disabled={toBlock.length === 0 || blocking.fetching}
          onClick={() => void run(block, toBlock, `${toBlock.length}석의 판매를 중지했습니다.`)}
        >
          판매 중지 ({toBlock.length})
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={toUnblock.length === 0 || unblocking.fetching}
          onClick={() => void run(unblock, toUnblock, `${toUnblock.length}석을 다시 판매합니다.`)}
        >
          판매 재개 ({toUnblock.length})
        </button>
        {picked.size > 0 && (
          <button type="button" className="button button--secondary" onClick={() => setPicked(new Set())}>
            선택 해제
          </button>
        )}
      </div>
      <NoticeLine notice={notice} />
    </section>
  );
}
