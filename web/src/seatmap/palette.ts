/**
 * The seat map's one colour scheme: an available seat is coloured by its price tier, everything not for this
 * buyer to take (held or bought by someone else, or not on sale) is one grey, and the buyer's own seats add
 * a black outline and a check mark — shape, not only hue. Seats offered for resale are diamonds (shape again). Tier colours are the Okabe–Ito palette (Okabe &
 * Ito 2008, https://jfly.uni-koeln.de/color/), told apart with every common colour-vision deficiency; the
 * server's own tier colours are not used because an admin may pick red next to green.
 */

/** Okabe–Ito, most expensive tier first; black (its eighth colour) is kept for the buyer's own seats. */
export const TIER_COLORS = ['#D55E00', '#0072B2', '#009E73', '#E69F00', '#CC79A7', '#56B4E9', '#F0E442'];

export const SEAT_COLORS = {
  /** held or sold by someone else, or not on sale */
  unavailable: '#B8B8C0',
  /**
   * Resale seats (issue 17): Tol's wine, unlike every tier colour; drawn as a diamond with a white centre, so the
   * shape alone tells them apart from the round seats of the first sale.
   */
  resale: '#882255',
  /** outline and fill of the buyer's own seats */
  mine: '#000000',
  check: '#FFFFFF',
  /** the overview's sections: the share of seats still available, from none to all */
  sectionEmpty: '#E4E4EA',
  sectionFull: '#0072B2',
} as const;

/** Tier colours by ticket type id: by price, highest first (ties keep the event's order). */
export function tierColors(ticketTypes: readonly { id: string; price: number }[]): Map<string, string> {
  const order = ticketTypes.map((tt, i) => ({ id: tt.id, price: tt.price, i }));
  order.sort((a, b) => b.price - a.price || a.i - b.i);
  return new Map(order.map((tt, rank) => [tt.id, TIER_COLORS[rank % TIER_COLORS.length] as string]));
}

/** #rrggbb between `from` and `to` at `t` in [0, 1]. */
export function mix(from: string, to: string, t: number): string {
  const a = Number.parseInt(from.slice(1), 16);
  const b = Number.parseInt(to.slice(1), 16);
  const channel = (shift: number) => {
    const x = (a >> shift) & 255;
    const y = (b >> shift) & 255;
    return Math.round(x + (y - x) * t);
  };
  return `#${((channel(16) << 16) | (channel(8) << 8) | channel(0)).toString(16).padStart(6, '0')}`;
}

/** Black or white, whichever reads better on `color`. */
export function inkOn(color: string): string {
  const v = Number.parseInt(color.slice(1), 16);
  const luminance = 0.2126 * ((v >> 16) & 255) + 0.7152 * ((v >> 8) & 255) + 0.0722 * (v & 255);
  return luminance > 140 ? '#000000' : '#FFFFFF';
}
