/**
 * The seat map's geometry, built once per page from the layout: seats in flat arrays, sections with their
 * boxes, a grid index for "what is inside this rectangle" and "which seat is under this point", and the view
 * transform (layout units → CSS pixels) with zoom around a point. No DOM, no React: the renderer, the
 * gestures and the accessible layer all read it, and Node tests can.
 */

import type { PackedSeat } from '@tiketi/live-client';

/** A seat as the packed seat map gives it (`@tiketi/live-client`'s `unpackLayout`). */
export type SeatInput = PackedSeat;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Section {
  name: string;
  /** Seats' centres, padded by half a pitch: what the overview shades and a tap on it hits. */
  box: Box;
  /** Indexes into `Geometry.seats`, in layout order. */
  seats: number[];
}

export interface Geometry {
  seats: readonly SeatInput[];
  xs: Float64Array;
  ys: Float64Array;
  /** Section index of every seat. */
  sectionOf: Uint16Array;
  sections: readonly Section[];
  indexOf: ReadonlyMap<string, number>;
  /** Smallest distance between two seats listed one after another: one seat's square, in layout units. */
  pitch: number;
  /** Every seat (padded by a pitch) and the stage: what "fit to the screen" shows. */
  bounds: Box;
  grid: Grid;
}

/** Buckets of seat indexes on a square grid of `cell` layout units. */
interface Grid {
  cell: number;
  cols: number;
  rows: number;
  x0: number;
  y0: number;
  buckets: Int32Array[];
}

function pitchOf(xs: Float64Array, ys: Float64Array): number {
  let spacing = Number.POSITIVE_INFINITY;
  for (let i = 1; i < xs.length; i++) {
    const d = Math.hypot(
      (xs[i] as number) - (xs[i - 1] as number),
      (ys[i] as number) - (ys[i - 1] as number),
    );
    if (d > 0 && d < spacing) spacing = d;
  }
  return Number.isFinite(spacing) ? spacing : 10;
}

const union = (a: Box, b: Box): Box => {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
};

export function buildGeometry(seats: readonly SeatInput[], stage: Box | null): Geometry {
  const n = seats.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const sectionOf = new Uint16Array(n);
  const indexOf = new Map<string, number>();
  const sections: Section[] = [];
  const sectionIndex = new Map<string, number>();
  seats.forEach((seat, i) => {
    xs[i] = seat.x;
    ys[i] = seat.y;
    indexOf.set(seat.id, i);
    let s = sectionIndex.get(seat.section);
    if (s === undefined) {
      s = sections.length;
      sectionIndex.set(seat.section, s);
      sections.push({ name: seat.section, box: { x: seat.x, y: seat.y, width: 0, height: 0 }, seats: [] });
    }
    sectionOf[i] = s;
    const section = sections[s] as Section;
    section.box = union(section.box, { x: seat.x, y: seat.y, width: 0, height: 0 });
    section.seats.push(i);
  });
  const pitch = pitchOf(xs, ys);
  for (const section of sections) {
    const { x, y, width, height } = section.box;
    section.box = { x: x - pitch / 2, y: y - pitch / 2, width: width + pitch, height: height + pitch };
  }
  let bounds: Box = sections[0]?.box ?? stage ?? { x: 0, y: 0, width: 100, height: 100 };
  for (const section of sections) bounds = union(bounds, section.box);
  if (stage) bounds = union(bounds, stage);
  bounds = {
    x: bounds.x - pitch,
    y: bounds.y - pitch,
    width: bounds.width + 2 * pitch,
    height: bounds.height + 2 * pitch,
  };

  const cell = pitch * 8;
  const cols = Math.max(1, Math.ceil(bounds.width / cell));
  const rows = Math.max(1, Math.ceil(bounds.height / cell));
  const lists: number[][] = Array.from({ length: cols * rows }, () => []);
  for (let i = 0; i < n; i++) {
    const c = Math.min(cols - 1, Math.max(0, Math.floor(((xs[i] as number) - bounds.x) / cell)));
    const r = Math.min(rows - 1, Math.max(0, Math.floor(((ys[i] as number) - bounds.y) / cell)));
    lists[r * cols + c]?.push(i);
  }
  const grid: Grid = {
    cell,
    cols,
    rows,
    x0: bounds.x,
    y0: bounds.y,
    buckets: lists.map((l) => Int32Array.from(l)),
  };
  return { seats, xs, ys, sectionOf, sections, indexOf, pitch, bounds, grid };
}

/** Calls `visit` for every seat whose centre lies inside `box` (layout units). */
export function seatsIn(geometry: Geometry, box: Box, visit: (index: number) => void) {
  const { grid, xs, ys } = geometry;
  const c0 = Math.max(0, Math.floor((box.x - grid.x0) / grid.cell));
  const c1 = Math.min(grid.cols - 1, Math.floor((box.x + box.width - grid.x0) / grid.cell));
  const r0 = Math.max(0, Math.floor((box.y - grid.y0) / grid.cell));
  const r1 = Math.min(grid.rows - 1, Math.floor((box.y + box.height - grid.y0) / grid.cell));
  const right = box.x + box.width;
  const bottom = box.y + box.height;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const bucket = grid.buckets[r * grid.cols + c] as Int32Array;
      for (let k = 0; k < bucket.length; k++) {
        const i = bucket[k] as number;
        const x = xs[i] as number;
        const y = ys[i] as number;
        if (x >= box.x && x <= right && y >= box.y && y <= bottom) visit(i);
      }
    }
  }
}

/** The seat whose square (a pitch wide) contains the point, or -1. */
export function seatAt(geometry: Geometry, x: number, y: number): number {
  const half = geometry.pitch / 2;
  let best = -1;
  let bestD = Number.POSITIVE_INFINITY;
  seatsIn(geometry, { x: x - half, y: y - half, width: 2 * half, height: 2 * half }, (i) => {
    const d = Math.hypot((geometry.xs[i] as number) - x, (geometry.ys[i] as number) - y);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

export function sectionAt(geometry: Geometry, x: number, y: number): number {
  return geometry.sections.findIndex(
    ({ box }) => x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height,
  );
}

export type Direction = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';
const DIRECTIONS: Record<Direction, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

export const isDirection = (key: string): key is Direction => key in DIRECTIONS;

/**
 * The nearest seat in a direction: along it counts once, sideways twice, so the arrow keys walk a row and
 * step to the row in front or behind — whatever the layout's shape (straight rows, curves, blocks). A scan of
 * every seat: 20,000 multiplications per key press.
 */
export function neighbour(geometry: Geometry, from: number, direction: Direction): number {
  const [dx, dy] = DIRECTIONS[direction];
  const fx = geometry.xs[from] as number;
  const fy = geometry.ys[from] as number;
  let best = -1;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let i = 0; i < geometry.seats.length; i++) {
    const ox = (geometry.xs[i] as number) - fx;
    const oy = (geometry.ys[i] as number) - fy;
    const along = ox * dx + oy * dy;
    if (along <= 0.5) continue;
    const cost = along + 2 * Math.abs(ox * dy - oy * dx);
    if (cost < bestCost) {
      bestCost = cost;
      best = i;
    }
  }
  return best;
}

/** Layout units → CSS pixels of the viewport: `screen = layout * scale + offset`. */
export interface View {
  scale: number;
  tx: number;
  ty: number;
}

export interface Size {
  width: number;
  height: number;
}

/** The view showing `box` whole and centred in `size`, with `pad` CSS pixels around it. */
export function fitView(box: Box, size: Size, pad = 8): View {
  const scale = Math.min(
    (size.width - 2 * pad) / Math.max(box.width, 1),
    (size.height - 2 * pad) / Math.max(box.height, 1),
  );
  return {
    scale,
    tx: size.width / 2 - (box.x + box.width / 2) * scale,
    ty: size.height / 2 - (box.y + box.height / 2) * scale,
  };
}

/** Zooms by `factor` keeping the layout point under (px, py) where it is; the scale stays in [min, max]. */
export function zoomAround(
  view: View,
  factor: number,
  px: number,
  py: number,
  min: number,
  max: number,
): View {
  const scale = Math.min(max, Math.max(min, view.scale * factor));
  const k = scale / view.scale;
  return { scale, tx: px - (px - view.tx) * k, ty: py - (py - view.ty) * k };
}

/** The layout rectangle the view shows in a viewport of `size`. */
export function visibleBox(view: View, size: Size): Box {
  return {
    x: -view.tx / view.scale,
    y: -view.ty / view.scale,
    width: size.width / view.scale,
    height: size.height / view.scale,
  };
}

/** Keeps at least part of the map on screen: the bounds may not leave the viewport entirely. */
export function clampView(view: View, bounds: Box, size: Size): View {
  const margin = 48;
  const left = bounds.x * view.scale + view.tx;
  const right = (bounds.x + bounds.width) * view.scale + view.tx;
  const top = bounds.y * view.scale + view.ty;
  const bottom = (bounds.y + bounds.height) * view.scale + view.ty;
  let { tx, ty } = view;
  if (right < margin) tx += margin - right;
  if (left > size.width - margin) tx -= left - (size.width - margin);
  if (bottom < margin) ty += margin - bottom;
  if (top > size.height - margin) ty -= top - (size.height - margin);
  return { scale: view.scale, tx, ty };
}
