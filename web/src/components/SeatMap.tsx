import {
  type KeyboardEvent,
  type MouseEvent,
  memo,
  useCallback,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';
import { type FragmentType, getFragmentData, graphql } from '../__generated__/index.ts';
import { useI18n } from '../i18n/index.tsx';
import type { SeatStore } from '../seatmap/store.ts';

const SeatMap_seatMap = graphql(`
  fragment SeatMap_seatMap on SeatMap {
    width
    height
    stage {
      x
      y
      width
      height
      label
    }
    seats {
      id
      section
      label
      x
      y
      ticketType {
        id
      }
    }
  }
`);

export interface TicketTypeInfo {
  id: string;
  name: string;
  price: number;
  /** #rrggbb for available seats of this tier */
  color: string;
}

interface SeatShape {
  id: string;
  label: string;
  x: number;
  y: number;
  ticketType: TicketTypeInfo | undefined;
}

type Direction = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';
const DIRECTIONS: Record<Direction, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/**
 * The nearest seat in a direction: along it counts once, sideways twice, so the arrow keys walk a row and
 * step to the row in front or behind — whatever the layout's shape (straight rows, curves, blocks).
 */
function neighbour(seats: readonly SeatShape[], from: SeatShape, direction: Direction): SeatShape | null {
  const [dx, dy] = DIRECTIONS[direction];
  let best: SeatShape | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const seat of seats) {
    const along = (seat.x - from.x) * dx + (seat.y - from.y) * dy;
    if (along <= 0.5) continue;
    const across = Math.abs((seat.x - from.x) * dy - (seat.y - from.y) * dx);
    const cost = along + 2 * across;
    if (cost < bestCost) {
      bestCost = cost;
      best = seat;
    }
  }
  return best;
}

/** A seat's radius: a little under half the smallest spacing between seats listed one after another. */
function seatRadius(seats: readonly { x: number; y: number }[]): number {
  let spacing = Number.POSITIVE_INFINITY;
  for (let i = 1; i < Math.min(seats.length, 400); i++) {
    const a = seats[i - 1] as { x: number; y: number };
    const b = seats[i] as { x: number; y: number };
    const d = Math.hypot(a.x - b.x, a.y - b.y);
    if (d > 0 && d < spacing) spacing = d;
  }
  return Number.isFinite(spacing) ? Math.max(1, spacing * 0.42) : 4;
}

function sectionLabels(seats: readonly { section: string; x: number; y: number }[], r: number) {
  const sections = new Map<string, { sumX: number; minY: number; n: number }>();
  for (const seat of seats) {
    const s = sections.get(seat.section) ?? { sumX: 0, minY: Number.POSITIVE_INFINITY, n: 0 };
    s.sumX += seat.x;
    s.minY = Math.min(s.minY, seat.y);
    s.n++;
    sections.set(seat.section, s);
  }
  return [...sections].map(([name, s]) => ({ name, x: s.sumX / s.n, y: s.minY - r * 2 }));
}

interface SeatProps {
  seat: SeatShape;
  store: SeatStore;
  r: number;
  tabbable: boolean;
  describe(seat: SeatShape, status: string): string;
}

/**
 * One seat. It subscribes to its own entry of the store, so a change re-renders this element only; its props
 * stay equal between renders of the map (memo), except `tabbable` for the two seats the focus moves between.
 */
const Seat = memo(function Seat({ seat, store, r, tabbable, describe }: SeatProps) {
  const subscribe = useCallback(
    (listener: () => void) => store.subscribeSeat(seat.id, listener),
    [store, seat.id],
  );
  const view = useSyncExternalStore(subscribe, () => store.view(seat.id));
  const status = view.mine ? 'MINE' : view.status;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG shape cannot be an <input>; it acts as a checkbox
    <circle
      className="seat"
      cx={seat.x}
      cy={seat.y}
      r={r}
      fill={seat.ticketType?.color}
      data-seat-id={seat.id}
      data-status={view.status}
      data-mine={view.mine || undefined}
      role="checkbox"
      aria-checked={view.selected}
      aria-disabled={view.status !== 'AVAILABLE' || view.mine}
      aria-label={describe(seat, status)}
      tabIndex={tabbable ? 0 : -1}
    />
  );
});

/**
 * Seats in groups of at most this many (and never across sections). React re-renders a changed seat, but it also
 * walks every sibling of it (cloning bailed-out fibers, then committing): one flat list of 5,000 circles costs
 * O(5,000) per change, which a 4× throttled CPU felt as 100–300 ms frames at 50 changes/s. Groups make it
 * O(groups + group size).
 */
const GROUP_SIZE = 150;

function groupSeats(seats: readonly SeatShape[], sectionOf: ReadonlyMap<string, string>): SeatShape[][] {
  const groups: SeatShape[][] = [];
  let current: SeatShape[] = [];
  let section: string | undefined;
  for (const seat of seats) {
    const next = sectionOf.get(seat.id);
    if (current.length >= GROUP_SIZE || (current.length > 0 && next !== section)) {
      groups.push(current);
      current = [];
    }
    section = next;
    current.push(seat);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

interface SeatGroupProps extends Omit<SeatProps, 'seat' | 'tabbable'> {
  seats: readonly SeatShape[];
  /** The map's one tabbable seat when it is in this group, else null (so other groups keep equal props). */
  tabbableId: string | null;
}

const SeatGroup = memo(function SeatGroup({ seats, tabbableId, ...rest }: SeatGroupProps) {
  return (
    <g>
      {seats.map((seat) => (
        <Seat key={seat.id} seat={seat} tabbable={seat.id === tabbableId} {...rest} />
      ))}
    </g>
  );
});

export interface SeatMapProps {
  seatMap: FragmentType<typeof SeatMap_seatMap>;
  store: SeatStore;
  ticketTypes: ReadonlyMap<string, TicketTypeInfo>;
  /** A seat was clicked, or Enter/Space pressed on it. */
  onToggle(seatId: string): void;
}

/**
 * The seat map as SVG in the layout's drawing space. Keyboard: Tab reaches the map once (roving tabindex),
 * arrows move between seats, Enter or Space picks. Every seat carries `data-seat-id` and `data-status`.
 */
export function SeatMap(props: SeatMapProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const map = getFragmentData(SeatMap_seatMap, props.seatMap);
  const { ticketTypes, store, onToggle } = props;
  const seats = useMemo<SeatShape[]>(
    () =>
      map.seats.map((s) => ({
        id: s.id,
        label: s.label,
        x: s.x,
        y: s.y,
        ticketType: ticketTypes.get(s.ticketType.id),
      })),
    [map.seats, ticketTypes],
  );
  const byId = useMemo(() => new Map(seats.map((s) => [s.id, s])), [seats]);
  const groups = useMemo(
    () => groupSeats(seats, new Map(map.seats.map((s) => [s.id, s.section]))),
    [seats, map.seats],
  );
  const r = useMemo(() => seatRadius(map.seats), [map.seats]);
  const labels = useMemo(() => sectionLabels(map.seats, r), [map.seats, r]);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [zoom, setZoom] = useState(1);
  const tabbableId = focusId ?? seats[0]?.id;

  const describe = useCallback(
    (seat: SeatShape, status: string) => {
      const tier = seat.ticketType ? `${seat.ticketType.name} ${i18n.money(seat.ticketType.price)}` : '';
      return [seat.label, tier, t(`seat.status.${status as 'AVAILABLE'}`)].filter(Boolean).join(', ');
    },
    [i18n, t],
  );

  const seatIdOf = (target: EventTarget) =>
    target instanceof Element ? target.closest('[data-seat-id]')?.getAttribute('data-seat-id') : null;

  const onClick = (event: MouseEvent<SVGSVGElement>) => {
    const id = seatIdOf(event.target);
    if (!id) return;
    setFocusId(id);
    onToggle(id);
  };

  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    const id = seatIdOf(event.target);
    const from = id ? byId.get(id) : undefined;
    if (!from) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onToggle(from.id);
      return;
    }
    if (!(event.key in DIRECTIONS)) return;
    event.preventDefault();
    const next = neighbour(seats, from, event.key as Direction);
    if (!next) return;
    setFocusId(next.id);
    event.currentTarget.querySelector<SVGElement>(`[data-seat-id="${next.id}"]`)?.focus();
  };

  return (
    <div className="seat-map">
      <div className="seat-map__zoom">
        <button
          type="button"
          className="button button--ghost"
          onClick={() => setZoom((z) => Math.max(1, z / 1.5))}
          disabled={zoom <= 1}
          aria-label={t('seatMap.zoomOut')}
        >
          −
        </button>
        <button
          type="button"
          className="button button--ghost"
          onClick={() => setZoom((z) => Math.min(6, z * 1.5))}
          disabled={zoom >= 6}
          aria-label={t('seatMap.zoomIn')}
        >
          +
        </button>
      </div>
      <div className="seat-map__viewport">
        {/* biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a <fieldset>; it groups the seats */}
        <svg
          className="seat-map__svg"
          viewBox={`0 0 ${map.width} ${map.height}`}
          style={{ width: `${zoom * 100}%` }}
          role="group"
          aria-label={t('seatMap.label', { count: seats.length })}
          aria-describedby="seat-map-help"
          onClick={onClick}
          onKeyDown={onKeyDown}
        >
          {map.stage && (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a <g> without tabindex is not focusable; decoration
            <g className="seat-map__stage" aria-hidden="true">
              <rect
                x={map.stage.x}
                y={map.stage.y}
                width={map.stage.width}
                height={map.stage.height}
                rx={6}
              />
              <text x={map.stage.x + map.stage.width / 2} y={map.stage.y + map.stage.height / 2}>
                {map.stage.label}
              </text>
            </g>
          )}
          {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: a <g> without tabindex is not focusable; seats have their own labels */}
          <g className="seat-map__sections" aria-hidden="true" style={{ fontSize: r * 3 }}>
            {labels.map((l) => (
              <text key={l.name} x={l.x} y={l.y}>
                {l.name}
              </text>
            ))}
          </g>
          {groups.map((group) => (
            <SeatGroup
              key={group[0]?.id}
              seats={group}
              store={store}
              r={r}
              tabbableId={tabbableId && group.some((s) => s.id === tabbableId) ? tabbableId : null}
              describe={describe}
            />
          ))}
        </svg>
      </div>
      <p id="seat-map-help" className="hint">
        {t('seatMap.help')}
      </p>
    </div>
  );
}
