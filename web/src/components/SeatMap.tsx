import {
  type CSSProperties,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { type FragmentType, getFragmentData, graphql } from '../__generated__/index.ts';
import { useI18n } from '../i18n/index.tsx';
import {
  type Box,
  buildGeometry,
  clampView,
  fitView,
  type Geometry,
  isDirection,
  neighbour,
  type SeatInput,
  type Size,
  seatAt,
  seatsIn,
  sectionAt,
  type View,
  visibleBox,
  zoomAround,
} from '../seatmap/geometry.ts';
import { useStoreRevision } from '../seatmap/live-seats.ts';
import { SEAT_COLORS } from '../seatmap/palette.ts';
import { type DrawMode, SeatRenderer } from '../seatmap/renderer.ts';
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
  }
`);

export interface TicketTypeInfo {
  id: string;
  name: string;
  price: number;
  /** #rrggbb of this tier's available seats (palette.ts) */
  color: string;
}

/** Seats drawn at least this many CSS pixels apart are the working zoom: each seat a touch target ≥ 24 px. */
export const WORKING_PX = 24;
/** Where a tap or a section opens: a little above the minimum, so a finger has room. */
const OPEN_PX = 30;
/** Venues above this many seats open on the sections overview. */
const OVERVIEW_ABOVE = 1_000;
/** Below this seat spacing (CSS px) a big venue shows sections instead of seats. */
const SECTIONS_BELOW_PX = 16;
/** Most seat elements the accessible layer materialises at once (those nearest the centre win). */
const MAX_DOM = 1_500;
/** A mouse is precise: it picks seats drawn this far apart (CSS px) without zooming in first. */
const MOUSE_PICK_PX = 12;
const DOUBLE_TAP_MS = 300;
/** A pointer that moved less than this (CSS px) between down and up tapped. */
const TAP_SLOP = 8;

export interface SeatMapProps {
  seatMap: FragmentType<typeof SeatMap_seatMap>;
  /** The seats to draw, in layout order (seatmap/packed.ts `unpackLayout`). */
  seats: readonly SeatInput[];
  store: SeatStore;
  ticketTypes: ReadonlyMap<string, TicketTypeInfo>;
  /** A seat was tapped or clicked at working zoom, or Enter/Space pressed on it. */
  onToggle(seatId: string): void;
}

/** What the accessible layer holds: the sections (overview) or the seats in and around the view. */
type Layer = { mode: 'sections' } | { mode: 'seats'; seats: number[] };

interface Interaction {
  view: View;
  size: Size;
  /** Where the last tap landed and when, for double taps. */
  lastTap: { x: number; y: number; t: number } | null;
  /** Until when a tap does not pick (it follows a tap that zoomed). */
  quietUntil: number;
  layerKey: string;
}

/**
 * The seat map: seats drawn on a canvas (seatmap/renderer.ts), an accessible layer of real elements above it,
 * pinch/wheel zoom around the gesture's point, drag to pan, double tap to zoom; venues above 1,000 seats open on
 * an overview of sections shaded by what is left, and a tap on a section zooms into it.
 *
 * The accessible layer is a transparent `<div>` moved with the view by one CSS transform. It holds one
 * `role="checkbox"` element per seat (with `data-seat-id` and `data-status`) for the seats inside the view and a
 * margin around it — all of them for venues up to 1,000 seats at the opening view — and, while a big venue shows
 * its overview, one button per section instead. Elements are a seat's square, so at working zoom
 * (seats ≥ 24 px apart) each is a touch target of at least 24 px. Every seat stays reachable by keyboard: the
 * arrow keys walk the whole map from seat to seat and the view follows the focus, bringing the next seat's
 * element into the layer; Enter on a section zooms into it and focuses its first seat; Escape goes back to the
 * overview.
 */
export function SeatMap(props: SeatMapProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const map = getFragmentData(SeatMap_seatMap, props.seatMap);
  const { ticketTypes, store, onToggle } = props;
  const geometry = useMemo(() => buildGeometry(props.seats, map.stage ?? null), [props.seats, map.stage]);
  const seatColors = useMemo(
    () => geometry.seats.map((s) => ticketTypes.get(s.ticketTypeId)?.color ?? SEAT_COLORS.unavailable),
    [geometry, ticketTypes],
  );
  const big = geometry.seats.length > OVERVIEW_ABOVE;
  const viewportRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layerRef = useRef<HTMLDivElement>(null);
  const rendererRef = useRef<SeatRenderer | null>(null);
  const state = useRef<Interaction>({
    view: { scale: 1, tx: 0, ty: 0 },
    size: { width: 0, height: 0 },
    lastTap: null,
    quietUntil: 0,
    layerKey: '',
  });
  const [layer, setLayer] = useState<Layer>({ mode: big ? 'sections' : 'seats', seats: [] } as Layer);
  const [scaleState, setScaleState] = useState({ atMin: true, atMax: false, working: false });
  const [focusIdx, setFocusIdx] = useState<number>(-1);
  const wantFocus = useRef(false);
  const focusRef = useRef(-1);
  focusRef.current = focusIdx;

  const limits = useCallback(() => {
    const fit = fitView(geometry.bounds, state.current.size);
    return { min: fit.scale * 0.9, max: Math.max((OPEN_PX * 3) / geometry.pitch, fit.scale * 2) };
  }, [geometry]);

  const modeOf = useCallback(
    (view: View): DrawMode => (big && view.scale * geometry.pitch < SECTIONS_BELOW_PX ? 'sections' : 'seats'),
    [big, geometry.pitch],
  );

  /** Recomputes the accessible layer when the view has moved to other grid cells (or changed mode). */
  const syncLayer = useCallback(() => {
    const { view, size } = state.current;
    const mode = modeOf(view);
    if (mode === 'sections') {
      if (state.current.layerKey !== 'sections') {
        state.current.layerKey = 'sections';
        setLayer({ mode: 'sections' });
      }
      return;
    }
    const cell = geometry.grid.cell;
    const box = visibleBox(view, size);
    const c0 = Math.floor((box.x - geometry.grid.x0) / cell) - 1;
    const c1 = Math.floor((box.x + box.width - geometry.grid.x0) / cell) + 1;
    const r0 = Math.floor((box.y - geometry.grid.y0) / cell) - 1;
    const r1 = Math.floor((box.y + box.height - geometry.grid.y0) / cell) + 1;
    const key = `${c0}:${c1}:${r0}:${r1}:${focusRef.current}`;
    if (key === state.current.layerKey) return;
    state.current.layerKey = key;
    const area: Box = {
      x: geometry.grid.x0 + c0 * cell,
      y: geometry.grid.y0 + r0 * cell,
      width: (c1 - c0 + 1) * cell,
      height: (r1 - r0 + 1) * cell,
    };
    let seats: number[] = [];
    seatsIn(geometry, area, (i) => seats.push(i));
    if (seats.length > MAX_DOM) {
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      const d = (i: number) => Math.hypot((geometry.xs[i] as number) - cx, (geometry.ys[i] as number) - cy);
      seats = seats.sort((a, b) => d(a) - d(b)).slice(0, MAX_DOM);
    }
    const focus = focusRef.current;
    if (focus >= 0 && !seats.includes(focus)) seats.push(focus);
    seats.sort((a, b) => a - b);
    setLayer({ mode: 'seats', seats });
  }, [geometry, modeOf]);

  const layerFrame = useRef(0);
  const applyView = useCallback(
    (next: View) => {
      const s = state.current;
      const { min, max } = limits();
      const scale = Math.min(max, Math.max(min, next.scale));
      const scaled =
        scale === next.scale
          ? next
          : zoomAround(next, scale / next.scale, s.size.width / 2, s.size.height / 2, min, max);
      const view = clampView(scaled, geometry.bounds, s.size);
      s.view = view;
      rendererRef.current?.setView(view, s.size, modeOf(view));
      if (layerRef.current) {
        layerRef.current.style.transform = `translate(${view.tx}px, ${view.ty}px) scale(${view.scale})`;
      }
      const atMin = view.scale <= min * 1.001;
      const atMax = view.scale >= max * 0.999;
      const working = view.scale * geometry.pitch >= WORKING_PX;
      setScaleState((prev) =>
        prev.atMin === atMin && prev.atMax === atMax && prev.working === working
          ? prev
          : { atMin, atMax, working },
      );
      if (!layerFrame.current) {
        layerFrame.current = requestAnimationFrame(() => {
          layerFrame.current = 0;
          syncLayer();
        });
      }
    },
    [geometry, limits, modeOf, syncLayer],
  );

  const fit = useCallback(
    () => applyView(fitView(geometry.bounds, state.current.size)),
    [applyView, geometry],
  );

  /** "+" and "−": zoom by `factor` around the middle of the view. */
  const zoomCentre = (factor: number) => {
    const { size, view } = state.current;
    const { min, max } = limits();
    applyView(zoomAround(view, factor, size.width / 2, size.height / 2, min, max));
  };

  /** Zooms so that seats are `OPEN_PX` apart (or more, to show `box` whole), centred on `box`. */
  const zoomTo = useCallback(
    (box: Box) => {
      const { size } = state.current;
      const whole = fitView(box, size, 16);
      const scale = Math.max(whole.scale, OPEN_PX / geometry.pitch);
      applyView({
        scale,
        tx: size.width / 2 - (box.x + box.width / 2) * scale,
        ty: size.height / 2 - (box.y + box.height / 2) * scale,
      });
    },
    [applyView, geometry.pitch],
  );

  // The renderer lives as long as the geometry; the first view is the whole map fitted to the viewport.
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const viewport = viewportRef.current;
    if (!canvas || !viewport) return;
    const renderer = new SeatRenderer({
      canvas,
      geometry,
      store,
      seatColors,
      stage: map.stage ?? null,
      onDrawn: (changes) => {
        const root = viewport.closest<HTMLElement>('.seat-map');
        if (root) root.dataset.seatUpdates = String(Number(root.dataset.seatUpdates ?? 0) + changes);
      },
    });
    rendererRef.current = renderer;
    const measure = () => {
      const rect = viewport.getBoundingClientRect();
      const size = { width: Math.round(rect.width), height: Math.round(rect.height) };
      const first = state.current.size.width === 0;
      const before = state.current.size;
      state.current.size = size;
      if (first) applyView(fitView(geometry.bounds, size));
      else {
        // Keep the centre where it was.
        const v = state.current.view;
        applyView({
          ...v,
          tx: v.tx + (size.width - before.width) / 2,
          ty: v.ty + (size.height - before.height) / 2,
        });
      }
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(viewport);
    const dark = window.matchMedia('(prefers-color-scheme: dark)');
    const theme = () => renderer.readTheme();
    dark.addEventListener('change', theme);
    return () => {
      observer.disconnect();
      dark.removeEventListener('change', theme);
      renderer.dispose();
      rendererRef.current = null;
      state.current.size = { width: 0, height: 0 };
      state.current.layerKey = '';
    };
  }, [geometry, store, seatColors, map.stage, applyView]);

  const pick = useCallback(
    (i: number) => {
      const seat = geometry.seats[i];
      if (!seat) return;
      setFocusIdx(i);
      rendererRef.current?.setFocus({ kind: 'seat', index: i });
      onToggle(seat.id);
    },
    [geometry, onToggle],
  );

  const zoomToSection = useCallback(
    (s: number, focus: boolean) => {
      const section = geometry.sections[s];
      if (!section) return;
      zoomTo(section.box);
      if (focus) {
        const first =
          section.seats.find(
            (i) => store.view((geometry.seats[i] as { id: string }).id).status === 'AVAILABLE',
          ) ??
          section.seats[0] ??
          -1;
        wantFocus.current = true;
        setFocusIdx(first);
        rendererRef.current?.setFocus({ kind: 'seat', index: first });
      }
    },
    [geometry, store, zoomTo],
  );

  // Gestures: Pointer Events for mouse, pen and touch alike; wheel (and trackpad pinch, which Chromium sends as
  // ctrl+wheel) zooms around the cursor.
  useEffect(() => {
    const viewport = viewportRef.current;
    if (!viewport) return;
    const pointers = new Map<number, { x: number; y: number }>();
    let gesture: {
      precise: boolean;
      x0: number;
      y0: number;
      moved: boolean;
      pinched: boolean;
      pinch: { dist: number; mx: number; my: number; view: View } | null;
    } | null = null;
    const local = (e: { clientX: number; clientY: number }) => {
      const rect = viewport.getBoundingClientRect();
      return { x: e.clientX - rect.left, y: e.clientY - rect.top };
    };
    const startPinch = () => {
      const [a, b] = [...pointers.values()] as [{ x: number; y: number }, { x: number; y: number }];
      return {
        dist: Math.max(1, Math.hypot(a.x - b.x, a.y - b.y)),
        mx: (a.x + b.x) / 2,
        my: (a.y + b.y) / 2,
        view: state.current.view,
      };
    };
    const tap = (x: number, y: number, precise: boolean) => {
      const s = state.current;
      const now = performance.now();
      const double =
        s.lastTap !== null &&
        now - s.lastTap.t < DOUBLE_TAP_MS &&
        Math.hypot(x - s.lastTap.x, y - s.lastTap.y) < 30;
      s.lastTap = { x, y, t: now };
      const { view } = s;
      const lx = (x - view.tx) / view.scale;
      const ly = (y - view.ty) / view.scale;
      const { min, max } = limits();
      if (modeOf(view) === 'sections') {
        const section = sectionAt(geometry, lx, ly);
        if (section >= 0) zoomToSection(section, false);
        else if (double) applyView(zoomAround(view, 2, x, y, min, max));
        s.quietUntil = now + DOUBLE_TAP_MS;
        return;
      }
      if (view.scale * geometry.pitch < (precise ? MOUSE_PICK_PX : WORKING_PX)) {
        applyView(zoomAround(view, OPEN_PX / (view.scale * geometry.pitch), x, y, min, max));
        s.quietUntil = now + DOUBLE_TAP_MS;
        return;
      }
      if (now < s.quietUntil) return;
      const seat = seatAt(geometry, lx, ly);
      if (seat >= 0) pick(seat);
      else if (double) applyView(zoomAround(view, 2, x, y, min, max));
    };
    const down = (e: PointerEvent) => {
      if (e.pointerType === 'mouse' && e.button !== 0) return;
      viewport.setPointerCapture(e.pointerId);
      const p = local(e);
      pointers.set(e.pointerId, p);
      if (pointers.size === 1)
        gesture = {
          precise: e.pointerType === 'mouse',
          x0: p.x,
          y0: p.y,
          moved: false,
          pinched: false,
          pinch: null,
        };
      else if (pointers.size === 2 && gesture) {
        gesture.pinched = true;
        gesture.pinch = startPinch();
      }
    };
    const move = (e: PointerEvent) => {
      const before = pointers.get(e.pointerId);
      if (!before || !gesture) return;
      const p = local(e);
      pointers.set(e.pointerId, p);
      if (pointers.size >= 2 && gesture.pinch) {
        const now = startPinch();
        const { min, max } = limits();
        const start = gesture.pinch;
        const zoomed = zoomAround(start.view, now.dist / start.dist, start.mx, start.my, min, max);
        applyView({ ...zoomed, tx: zoomed.tx + now.mx - start.mx, ty: zoomed.ty + now.my - start.my });
        return;
      }
      if (!gesture.moved && Math.hypot(p.x - gesture.x0, p.y - gesture.y0) > TAP_SLOP) gesture.moved = true;
      if (gesture.moved && !gesture.pinched) {
        const v = state.current.view;
        applyView({ ...v, tx: v.tx + p.x - before.x, ty: v.ty + p.y - before.y });
      }
    };
    const up = (e: PointerEvent) => {
      if (!pointers.has(e.pointerId)) return;
      pointers.delete(e.pointerId);
      if (gesture && pointers.size === 1) {
        // One finger left of a pinch: it pans from where it is, never taps.
        gesture.pinch = null;
      }
      if (pointers.size > 0 || !gesture) return;
      const g = gesture;
      gesture = null;
      if (e.type === 'pointerup' && !g.moved && !g.pinched) {
        const p = local(e);
        tap(p.x, p.y, g.precise);
      }
    };
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      const p = local(e);
      const { min, max } = limits();
      // Trackpad pinches arrive as small ctrl+wheel deltas, mouse wheels as ±100-ish per notch.
      const factor = Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015));
      applyView(zoomAround(state.current.view, factor, p.x, p.y, min, max));
    };
    // Playwright and screen readers may scroll an element into view inside the clipped viewport; the view
    // transform is the only scrolling there is.
    const unscroll = () => {
      if (viewport.scrollLeft || viewport.scrollTop) viewport.scrollTo(0, 0);
    };
    viewport.addEventListener('pointerdown', down);
    viewport.addEventListener('pointermove', move);
    viewport.addEventListener('pointerup', up);
    viewport.addEventListener('pointercancel', up);
    viewport.addEventListener('wheel', wheel, { passive: false });
    viewport.addEventListener('scroll', unscroll);
    return () => {
      viewport.removeEventListener('pointerdown', down);
      viewport.removeEventListener('pointermove', move);
      viewport.removeEventListener('pointerup', up);
      viewport.removeEventListener('pointercancel', up);
      viewport.removeEventListener('wheel', wheel);
      viewport.removeEventListener('scroll', unscroll);
    };
  }, [applyView, geometry, limits, modeOf, pick, zoomToSection]);

  // The focused seat always has an element; focus it once it is there (after a keyboard move).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again when the focused seat changes
  useLayoutEffect(() => {
    state.current.layerKey = '';
    syncLayer();
  }, [focusIdx, syncLayer]);
  useLayoutEffect(() => {
    if (!wantFocus.current || focusIdx < 0) return;
    const id = geometry.seats[focusIdx]?.id;
    const el = id ? layerRef.current?.querySelector<HTMLElement>(`[data-seat-id="${id}"]`) : null;
    if (el) {
      wantFocus.current = false;
      el.focus({ preventScroll: true });
    }
  });

  /** Brings seat `i` into view at working zoom (keyboard moves), keeping the scale when it already is. */
  const reveal = useCallback(
    (i: number) => {
      const { view, size } = state.current;
      const x = geometry.xs[i] as number;
      const y = geometry.ys[i] as number;
      const scale = view.scale * geometry.pitch < WORKING_PX ? OPEN_PX / geometry.pitch : view.scale;
      const sx = x * scale + (scale === view.scale ? view.tx : size.width / 2 - x * scale);
      const sy = y * scale + (scale === view.scale ? view.ty : size.height / 2 - y * scale);
      const margin = geometry.pitch * scale * 1.5;
      if (
        scale === view.scale &&
        sx > margin &&
        sx < size.width - margin &&
        sy > margin &&
        sy < size.height - margin
      ) {
        return;
      }
      applyView({ scale, tx: size.width / 2 - x * scale, ty: size.height / 2 - y * scale });
    },
    [applyView, geometry],
  );

  const seatIndexOf = (target: EventTarget) => {
    const id =
      target instanceof Element ? target.closest('[data-seat-id]')?.getAttribute('data-seat-id') : null;
    return id ? (geometry.indexOf.get(id) ?? -1) : -1;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const from = seatIndexOf(event.target);
    if (from < 0) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      pick(from);
      return;
    }
    if (event.key === 'Escape' && big) {
      event.preventDefault();
      const section = geometry.sectionOf[from] as number;
      fit();
      requestAnimationFrame(() =>
        layerRef.current
          ?.querySelector<HTMLElement>(`[data-section-index="${section}"]`)
          ?.focus({ preventScroll: true }),
      );
      return;
    }
    if (!isDirection(event.key)) return;
    event.preventDefault();
    const next = neighbour(geometry, from, event.key);
    if (next < 0) return;
    wantFocus.current = true;
    setFocusIdx(next);
    rendererRef.current?.setFocus({ kind: 'seat', index: next });
    reveal(next);
  };

  // The canvas draws the focus ring (the elements are invisible): of the seat or section focused by Tab, too.
  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const target = event.target instanceof Element ? event.target : null;
    const section = target?.getAttribute('data-section-index');
    if (section != null) {
      rendererRef.current?.setFocus({ kind: 'section', index: Number(section) });
      return;
    }
    const i = seatIndexOf(event.target);
    if (i < 0) return;
    rendererRef.current?.setFocus({ kind: 'seat', index: i });
    if (i !== focusRef.current) setFocusIdx(i);
  };
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null))
      rendererRef.current?.setFocus(null);
  };

  // Activation without a pointer (a screen reader's click, detail 0); pointer taps are handled as gestures.
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if (event.detail !== 0) return;
    const target = event.target instanceof Element ? event.target : null;
    const section = target?.closest('[data-section-index]')?.getAttribute('data-section-index');
    if (section != null) {
      zoomToSection(Number(section), true);
      return;
    }
    const i = seatIndexOf(event.target);
    if (i >= 0) pick(i);
  };

  const groups = useMemo(() => {
    const seats = layer.mode === 'seats' ? layer.seats : [];
    // By index bucket, not by position in the list: a seat stays in the same group (same React key) while the
    // layer changes around it, so its element — maybe the focused one — is kept, not remounted.
    const out: number[][] = [];
    for (const i of seats) {
      const last = out.at(-1);
      if (last && Math.floor((last[0] as number) / GROUP_SIZE) === Math.floor(i / GROUP_SIZE)) last.push(i);
      else out.push([i]);
    }
    return out;
  }, [layer]);
  const tabbable = focusIdx >= 0 ? focusIdx : layer.mode === 'seats' ? (layer.seats[0] ?? -1) : -1;
  const describe = useCallback(
    (i: number, status: string, resalePrice?: number) => {
      const seat = geometry.seats[i] as Geometry['seats'][number];
      if (resalePrice !== undefined) {
        return t('seatMap.resaleSeat', {
          section: seat.section,
          row: seat.row,
          number: seat.number,
          price: i18n.money(resalePrice),
        });
      }
      const tier = ticketTypes.get(seat.ticketTypeId);
      return t('seatMap.seat', {
        section: seat.section,
        row: seat.row,
        number: seat.number,
        tier: tier ? `${tier.name} ${i18n.money(tier.price)}` : '',
        status: t(`seat.status.${status as 'AVAILABLE'}`),
      });
    },
    [geometry, ticketTypes, t, i18n],
  );

  return (
    <div className="seat-map" data-mode={layer.mode} data-working={scaleState.working || undefined}>
      <SeatLegend mode={layer.mode} store={store} ticketTypes={ticketTypes} />
      <div className="seat-map__stage-wrap">
        <div className="seat-map__zoom">
          <button
            type="button"
            className="button button--ghost"
            onClick={() => zoomCentre(1 / 1.5)}
            disabled={scaleState.atMin}
            aria-label={t('seatMap.zoomOut')}
          >
            −
          </button>
          <button
            type="button"
            className="button button--ghost"
            onClick={() => zoomCentre(1.5)}
            disabled={scaleState.atMax}
            aria-label={t('seatMap.zoomIn')}
          >
            +
          </button>
          <button
            type="button"
            className="button button--ghost"
            onClick={fit}
            disabled={scaleState.atMin}
            aria-label={t('seatMap.fit')}
          >
            ⤢
          </button>
        </div>
        <div className="seat-map__viewport" ref={viewportRef}>
          <canvas className="seat-map__canvas" ref={canvasRef} />
          {/* biome-ignore lint/a11y/useSemanticElements: a positioned layer over a canvas, not a form; it groups the seats */}
          <div
            className="seat-map__layer"
            ref={layerRef}
            role="group"
            aria-label={t('seatMap.label', { count: geometry.seats.length })}
            aria-describedby="seat-map-help"
            onKeyDown={onKeyDown}
            onClick={onClick}
            onFocus={onFocus}
            onBlur={onBlur}
          >
            {layer.mode === 'sections' ? (
              <SectionButtons geometry={geometry} store={store} renderer={rendererRef} />
            ) : (
              groups.map((group) => (
                <SeatGroup
                  key={Math.floor((group[0] as number) / GROUP_SIZE)}
                  seats={group}
                  geometry={geometry}
                  store={store}
                  tabbable={group.includes(tabbable) ? tabbable : -1}
                  describe={describe}
                />
              ))
            )}
          </div>
        </div>
      </div>
      <p id="seat-map-help" className="hint">
        {big ? t('seatMap.helpOverview') : t('seatMap.help')}
      </p>
    </div>
  );
}

/**
 * Seat elements in memoised groups of at most this many. A seat's update re-renders its element, but React also
 * clones every sibling fiber of it: 1,500 siblings under one parent made each of 50 changes a second cost
 * O(1,500) on a throttled phone (the SVG map's lesson, bench/RESULTS.md).
 */
const GROUP_SIZE = 100;

const SeatGroup = memo(function SeatGroup(props: {
  seats: readonly number[];
  geometry: Geometry;
  store: SeatStore;
  /** The map's one tabbable seat when it is in this group, else -1 (so other groups keep equal props). */
  tabbable: number;
  describe(index: number, status: string, resalePrice?: number): string;
}) {
  return (
    <>
      {props.seats.map((i) => (
        <SeatElement
          key={i}
          index={i}
          geometry={props.geometry}
          store={props.store}
          tabbable={i === props.tabbable}
          describe={props.describe}
        />
      ))}
    </>
  );
});

interface SeatElementProps {
  index: number;
  geometry: Geometry;
  store: SeatStore;
  tabbable: boolean;
  describe(index: number, status: string, resalePrice?: number): string;
}

/** One seat's element: its square in layout units (the layer's transform scales it), subscribed to its seat. */
const SeatElement = memo(function SeatElement({
  index,
  geometry,
  store,
  tabbable,
  describe,
}: SeatElementProps) {
  const seat = geometry.seats[index] as Geometry['seats'][number];
  const subscribe = useCallback(
    (listener: () => void) => store.subscribeSeat(seat.id, listener),
    [store, seat.id],
  );
  const view = useSyncExternalStore(subscribe, () => store.view(seat.id));
  const resale = view.resale && !view.mine ? view.resale : null;
  const status = view.mine ? 'MINE' : resale ? 'RESALE' : view.status;
  const p = geometry.pitch;
  const style: CSSProperties = { left: seat.x - p / 2, top: seat.y - p / 2, width: p, height: p };
  return (
    // biome-ignore lint/a11y/useSemanticElements: 20,000 possible seats over a canvas; a positioned span acts as the checkbox
    <span
      className="seat-map__seat"
      style={style}
      data-seat-id={seat.id}
      data-status={view.status}
      data-mine={view.mine || undefined}
      data-resale={resale ? resale.listingId : undefined}
      data-resale-price={resale?.price}
      role="checkbox"
      aria-checked={view.selected}
      aria-disabled={(view.status !== 'AVAILABLE' && !resale) || view.mine}
      aria-label={describe(index, status, resale?.price)}
      tabIndex={tabbable ? 0 : -1}
    />
  );
});

/** The overview's sections as buttons, each labelled with what is left in it. */
function SectionButtons(props: {
  geometry: Geometry;
  store: SeatStore;
  renderer: { current: SeatRenderer | null };
}) {
  const { t } = useI18n();
  useStoreRevision(props.store);
  return (
    <>
      {props.geometry.sections.map((section, s) => {
        const available = props.renderer.current?.sectionAvailable(s) ?? 0;
        return (
          <button
            key={section.name}
            type="button"
            className="seat-map__section"
            data-section={section.name}
            data-section-index={s}
            data-available={available}
            style={{
              left: section.box.x,
              top: section.box.y,
              width: section.box.width,
              height: section.box.height,
            }}
            aria-label={t('seatMap.section', {
              section: section.name,
              available,
              total: section.seats.length,
            })}
          />
        );
      })}
    </>
  );
}

/** A drawn seat as the legend shows it: the same shapes as the canvas. */
function Swatch({
  fill,
  own,
  shape = 'circle',
}: {
  fill: string;
  own: 'picked' | 'mine' | null;
  shape?: 'circle' | 'diamond';
}) {
  if (shape === 'diamond') {
    return (
      <svg className="legend__swatch" viewBox="-10 -10 20 20" aria-hidden="true">
        <path d="M0 -8.8 L8.8 0 L0 8.8 L-8.8 0 Z" fill={fill} />
        <circle r={2} fill={SEAT_COLORS.check} />
      </svg>
    );
  }
  return (
    <svg className="legend__swatch" viewBox="-10 -10 20 20" aria-hidden="true">
      <circle r={own ? 7.6 : 7.2} fill={fill} />
      {own && <circle r={8.8} fill="none" stroke={SEAT_COLORS.mine} strokeWidth={2} />}
      {own && (
        <>
          {own === 'picked' && (
            <path
              d="M-3.6 0.1 L-0.9 3 L4 -2.9"
              fill="none"
              stroke={SEAT_COLORS.mine}
              strokeWidth={4}
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          )}
          <path
            d="M-3.6 0.1 L-0.9 3 L4 -2.9"
            fill="none"
            stroke={SEAT_COLORS.check}
            strokeWidth={2}
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </>
      )}
    </svg>
  );
}

/**
 * The one legend, saying exactly what the canvas draws now: in the overview, sections shaded by the share of
 * seats left with the number left; with seats, the price tiers' colours (available seats), one grey for
 * everything else, and the buyer's picks and holds (outline and check).
 */
function SeatLegend(props: {
  mode: DrawMode;
  store: SeatStore;
  ticketTypes: ReadonlyMap<string, TicketTypeInfo>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  useStoreRevision(props.store);
  const counts = props.store.counts();
  const total = counts.AVAILABLE + counts.HELD + counts.SOLD + counts.BLOCKED;
  return (
    <div className="seat-map__legend">
      <p className="legend__summary" data-testid="available-count">
        {t('seats.available', { available: counts.AVAILABLE, total })}
      </p>
      {props.mode === 'sections' ? (
        <ul className="legend" aria-label={t('seatMap.legend')} data-legend-mode="sections">
          <li data-legend="sections">
            <span className="legend__ramp" aria-hidden="true" />
            {t('seatMap.legendSections')}
          </li>
        </ul>
      ) : (
        <ul className="legend" aria-label={t('seatMap.legend')} data-legend-mode="seats">
          {[...props.ticketTypes.values()].map((tt) => (
            <li key={tt.id} data-legend={`tier-${tt.id}`}>
              <Swatch fill={tt.color} own={null} />
              {tt.name} <span className="legend__count">{i18n.money(tt.price)}</span>
            </li>
          ))}
          {props.store.resaleCount > 0 && (
            <li data-legend="RESALE">
              <Swatch fill={SEAT_COLORS.resale} own={null} shape="diamond" />
              {t('seatMap.legendResale')}
            </li>
          )}
          <li data-legend="UNAVAILABLE">
            <Swatch fill={SEAT_COLORS.unavailable} own={null} />
            {t('seatMap.legendUnavailable')}
          </li>
          <li data-legend="PICKED">
            <Swatch
              fill={[...props.ticketTypes.values()][0]?.color ?? SEAT_COLORS.unavailable}
              own="picked"
            />
            {t('seatMap.legendPicked')}
          </li>
          <li data-legend="MINE">
            <Swatch fill={SEAT_COLORS.mine} own="mine" />
            {t('seat.status.MINE')}
          </li>
        </ul>
      )}
    </div>
  );
}
