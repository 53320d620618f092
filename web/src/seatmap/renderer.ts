import { type Geometry, type Size, seatsIn, type View, visibleBox } from './geometry.ts';
import { inkOn, mix, SEAT_COLORS } from './palette.ts';
import type { SeatStore } from './store.ts';

/** What the canvas shows: shaded sections with their counts (big venues, zoomed out), or the seats. */
export type DrawMode = 'sections' | 'seats';

export interface RendererOptions {
  canvas: HTMLCanvasElement;
  geometry: Geometry;
  store: SeatStore;
  /** Tier colour of every seat (index as in `geometry.seats`). */
  seatColors: readonly string[];
  stage: { x: number; y: number; width: number; height: number; label: string } | null;
  /** Called after a frame was drawn with seat changes in it (the bench counts them). */
  onDrawn?(changes: number): void;
}

/** Mark and measure names the bench reads (`performance.getEntriesByName`). */
export const MARK_DATA = 'seatmap:data';
export const MEASURE_FIRST_DRAW = 'seatmap:first-draw';

/**
 * Draws the seat map on a 2D canvas, at most once per animation frame. A view change (pan, zoom, resize)
 * redraws what is visible; seat changes alone repaint only the changed seats (each seat owns the disc of half
 * a pitch around it, so a seat is erased and redrawn without touching its neighbours) — 50 changes a second
 * cost a few dozen small arcs, whatever the venue's size. In the sections overview a change redraws the
 * sections (at most 200 rectangles).
 */
export class SeatRenderer {
  readonly #o: RendererOptions;
  readonly #ctx: CanvasRenderingContext2D;
  #view: View = { scale: 1, tx: 0, ty: 0 };
  #size: Size = { width: 0, height: 0 };
  #mode: DrawMode = 'seats';
  #dpr = 1;
  #frame = 0;
  #full = true;
  #dirty = new Set<number>();
  #dirtySections = new Set<number>();
  #focus: { kind: 'seat' | 'section'; index: number } | null = null;
  /** Per seat: 1 while AVAILABLE; per section: how many are. */
  #available: Uint8Array;
  #sectionAvailable: Int32Array;
  #drawnOnce = false;
  #off: () => void;
  #bg = '#ffffff';
  #ink = '#15151c';
  #muted = '#61616f';
  #stageFill = '#f0f0f6';
  #focusColor = '#5b3df5';

  constructor(options: RendererOptions) {
    this.#o = options;
    const ctx = options.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('no 2D canvas');
    this.#ctx = ctx;
    const n = options.geometry.seats.length;
    this.#available = new Uint8Array(n);
    this.#sectionAvailable = new Int32Array(options.geometry.sections.length);
    this.#recount();
    this.#off = options.store.onChange((id) => {
      const i = options.geometry.indexOf.get(id);
      if (i === undefined) return;
      const available = options.store.view(id).status === 'AVAILABLE' ? 1 : 0;
      if (available !== this.#available[i]) {
        this.#available[i] = available;
        const s = options.geometry.sectionOf[i] as number;
        this.#sectionAvailable[s] = (this.#sectionAvailable[s] as number) + (available ? 1 : -1);
      }
      this.#dirty.add(i);
      this.#dirtySections.add(options.geometry.sectionOf[i] as number);
      this.#schedule();
    });
    this.readTheme();
  }

  dispose() {
    this.#off();
    cancelAnimationFrame(this.#frame);
  }

  /** Colours of the page (light or dark) from its CSS custom properties. */
  readTheme() {
    const style = getComputedStyle(this.#o.canvas);
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    this.#bg = read('--surface', '#ffffff');
    this.#ink = read('--text', '#15151c');
    this.#muted = read('--muted', '#61616f');
    this.#stageFill = read('--surface-2', '#f0f0f6');
    this.#focusColor = read('--brand', '#5b3df5');
    this.invalidate();
  }

  /** Seats available per section (the overview's figures, also read by the accessible layer). */
  sectionAvailable(section: number): number {
    return this.#sectionAvailable[section] ?? 0;
  }

  setView(view: View, size: Size, mode: DrawMode) {
    this.#view = view;
    this.#mode = mode;
    if (size.width !== this.#size.width || size.height !== this.#size.height) {
      this.#size = size;
      // Capped at 2: a 3× phone would fill 2.25× the pixels for circles that look the same.
      this.#dpr = Math.min(window.devicePixelRatio || 1, 2);
      this.#o.canvas.width = Math.round(size.width * this.#dpr);
      this.#o.canvas.height = Math.round(size.height * this.#dpr);
    }
    this.invalidate();
  }

  setFocus(focus: { kind: 'seat' | 'section'; index: number } | null) {
    const before = this.#focus;
    this.#focus = focus;
    if (this.#mode === 'sections' || before?.kind === 'section' || focus?.kind === 'section') {
      this.invalidate();
      return;
    }
    if (before) this.#dirty.add(before.index);
    if (focus) this.#dirty.add(focus.index);
    this.#schedule();
  }

  invalidate() {
    this.#full = true;
    this.#schedule();
  }

  #recount() {
    const { geometry, store } = this.#o;
    this.#sectionAvailable.fill(0);
    geometry.seats.forEach((seat, i) => {
      const available = store.view(seat.id).status === 'AVAILABLE' ? 1 : 0;
      this.#available[i] = available;
      if (available) {
        const s = geometry.sectionOf[i] as number;
        this.#sectionAvailable[s] = (this.#sectionAvailable[s] as number) + 1;
      }
    });
  }

  #schedule() {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#draw();
    });
  }

  #draw() {
    if (this.#size.width === 0) return;
    const changes = this.#dirty.size;
    const ctx = this.#ctx;
    const { scale, tx, ty } = this.#view;
    ctx.setTransform(this.#dpr, 0, 0, this.#dpr, 0, 0);
    if (!this.#full && this.#mode === 'sections') {
      // Only the sections whose figures changed: each draws inside its own box, which it clears first.
      ctx.setTransform(this.#dpr * scale, 0, 0, this.#dpr * scale, this.#dpr * tx, this.#dpr * ty);
      for (const s of this.#dirtySections) this.#drawSection(s, true);
    } else if (this.#full) {
      ctx.fillStyle = this.#bg;
      ctx.fillRect(0, 0, this.#size.width, this.#size.height);
      ctx.setTransform(this.#dpr * scale, 0, 0, this.#dpr * scale, this.#dpr * tx, this.#dpr * ty);
      this.#drawStage();
      if (this.#mode === 'sections') this.#drawSections();
      else {
        this.#drawSectionNames();
        seatsIn(this.#o.geometry, this.#padded(), (i) => this.#drawSeat(i, false));
      }
    } else {
      ctx.setTransform(this.#dpr * scale, 0, 0, this.#dpr * scale, this.#dpr * tx, this.#dpr * ty);
      const box = this.#padded();
      const { xs, ys } = this.#o.geometry;
      for (const i of this.#dirty) {
        const x = xs[i] as number;
        const y = ys[i] as number;
        if (x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height)
          this.#drawSeat(i, true);
      }
    }
    this.#full = false;
    this.#dirty.clear();
    this.#dirtySections.clear();
    if (this.#o.store.loaded && !this.#drawnOnce) {
      this.#drawnOnce = true;
      try {
        performance.measure(MEASURE_FIRST_DRAW, MARK_DATA);
      } catch {
        // no data mark (the page did not set one): nothing to measure from
      }
    }
    if (changes > 0) this.#o.onDrawn?.(changes);
  }

  #padded() {
    const box = visibleBox(this.#view, this.#size);
    const p = this.#o.geometry.pitch;
    return { x: box.x - p, y: box.y - p, width: box.width + 2 * p, height: box.height + 2 * p };
  }

  #drawStage() {
    const stage = this.#o.stage;
    if (!stage) return;
    const ctx = this.#ctx;
    ctx.fillStyle = this.#stageFill;
    ctx.strokeStyle = this.#muted;
    ctx.lineWidth = 1 / this.#view.scale;
    ctx.fillRect(stage.x, stage.y, stage.width, stage.height);
    ctx.strokeRect(stage.x, stage.y, stage.width, stage.height);
    this.#text(stage.label, stage.x + stage.width / 2, stage.y + stage.height / 2, 16, this.#muted);
  }

  /** Text of `px` CSS pixels whatever the zoom. */
  #text(text: string, x: number, y: number, px: number, color: string) {
    const ctx = this.#ctx;
    ctx.save();
    ctx.translate(x, y);
    ctx.scale(1 / this.#view.scale, 1 / this.#view.scale);
    ctx.fillStyle = color;
    ctx.font = `700 ${px}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, 0, 0);
    ctx.restore();
  }

  #drawSections() {
    for (let s = 0; s < this.#o.geometry.sections.length; s++) this.#drawSection(s, false);
  }

  /** One section of the overview, all inside its box (so a repaint clears only the box). */
  #drawSection(s: number, erase: boolean) {
    const ctx = this.#ctx;
    const section = this.#o.geometry.sections[s];
    if (!section) return;
    const { x, y, width, height } = section.box;
    if (erase) {
      ctx.fillStyle = this.#bg;
      ctx.fillRect(x, y, width, height);
    }
    const available = this.#sectionAvailable[s] as number;
    const share = section.seats.length ? available / section.seats.length : 0;
    const fill = available === 0 ? SEAT_COLORS.sectionEmpty : mix('#CFE3F2', SEAT_COLORS.sectionFull, share);
    ctx.fillStyle = fill;
    ctx.fillRect(x, y, width, height);
    const focused = this.#focus?.kind === 'section' && this.#focus.index === s;
    const line = (focused ? 4 : 1) / this.#view.scale;
    ctx.lineWidth = line;
    ctx.strokeStyle = focused ? this.#ink : this.#bg;
    ctx.strokeRect(x + line / 2, y + line / 2, width - line, height - line);
    const px = Math.min(16, Math.max(9, Math.min(width, height) * this.#view.scale * 0.3));
    const ink = inkOn(fill);
    const cx = x + width / 2;
    const cy = y + height / 2;
    const lineHeight = (px * 1.1) / this.#view.scale;
    // Text wider than a narrow section would outlive the box's repaint: clipped to it.
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, y, width, height);
    ctx.clip();
    this.#text(section.name, cx, cy - lineHeight / 2, px, ink);
    this.#text(String(available), cx, cy + lineHeight / 2, px, ink);
    ctx.restore();
  }

  #drawSectionNames() {
    const { sections, pitch } = this.#o.geometry;
    for (const section of sections) {
      const px = Math.min(14, Math.max(10, pitch * this.#view.scale * 0.5));
      this.#text(
        section.name,
        section.box.x + section.box.width / 2,
        section.box.y - pitch * 0.6,
        px,
        this.#muted,
      );
    }
  }

  /** One seat; `erase` first clears its disc (a repaint of a changed seat on top of the last frame). */
  #drawSeat(i: number, erase: boolean) {
    const ctx = this.#ctx;
    const { geometry, store } = this.#o;
    const x = geometry.xs[i] as number;
    const y = geometry.ys[i] as number;
    const p = geometry.pitch;
    const px = p * this.#view.scale;
    if (erase) {
      // Everything a seat draws stays within 0.46 pitch of its centre: the erased disc (0.5) covers the
      // anti-aliased edge of the last drawing, and it is filled twice so no faint ring is left behind.
      ctx.fillStyle = this.#bg;
      ctx.beginPath();
      ctx.arc(x, y, p * 0.5, 0, Math.PI * 2);
      ctx.fill();
      ctx.fill();
    }
    const view = store.view((geometry.seats[i] as { id: string }).id);
    const own = view.mine || view.selected;
    const fill = view.mine
      ? SEAT_COLORS.mine
      : view.status === 'AVAILABLE'
        ? (this.#o.seatColors[i] ?? SEAT_COLORS.unavailable)
        : SEAT_COLORS.unavailable;
    const r = p * 0.36;
    if (view.resale && !own) {
      // A diamond with a white centre: a resale seat reads as one without its colour.
      const d = p * 0.44;
      ctx.fillStyle = SEAT_COLORS.resale;
      ctx.beginPath();
      ctx.moveTo(x, y - d);
      ctx.lineTo(x + d, y);
      ctx.lineTo(x, y + d);
      ctx.lineTo(x - d, y);
      ctx.closePath();
      ctx.fill();
      if (px >= 10) {
        ctx.fillStyle = SEAT_COLORS.check;
        ctx.beginPath();
        ctx.arc(x, y, p * 0.1, 0, Math.PI * 2);
        ctx.fill();
      }
    } else if (px < 5 && !own) {
      ctx.fillStyle = fill;
      ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
    } else {
      ctx.fillStyle = fill;
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2);
      ctx.fill();
    }
    if (own) {
      // Outline + check: the buyer's seats read as theirs without colour.
      ctx.lineWidth = p * 0.08;
      ctx.strokeStyle = SEAT_COLORS.mine;
      ctx.beginPath();
      ctx.arc(x, y, p * 0.42, 0, Math.PI * 2);
      ctx.stroke();
      if (px >= 10) {
        ctx.lineCap = 'round';
        ctx.lineJoin = 'round';
        const check = () => {
          ctx.beginPath();
          ctx.moveTo(x - r * 0.5, y + r * 0.02);
          ctx.lineTo(x - r * 0.12, y + r * 0.42);
          ctx.lineTo(x + r * 0.55, y - r * 0.4);
          ctx.stroke();
        };
        if (!view.mine) {
          ctx.strokeStyle = SEAT_COLORS.mine;
          ctx.lineWidth = p * 0.2;
          check();
        }
        ctx.strokeStyle = SEAT_COLORS.check;
        ctx.lineWidth = p * 0.1;
        check();
      }
    }
    if (this.#focus?.kind === 'seat' && this.#focus.index === i) {
      const width = Math.min(2 / this.#view.scale, p * 0.08);
      ctx.lineWidth = width;
      ctx.strokeStyle = this.#focusColor;
      ctx.setLineDash([4 / this.#view.scale, 3 / this.#view.scale]);
      ctx.beginPath();
      ctx.arc(x, y, p * 0.46 - width / 2, 0, Math.PI * 2);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }
}
