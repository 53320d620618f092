export { bootstrap, type SeatingService } from './bootstrap.ts';
export type { Context, Seating } from './context.ts';
export { type Config, loadConfig } from './environment.ts';
export { createDomainEventHandler } from './modules/event/domain-events.ts';
export { pickBestAvailable } from './modules/hold/best-available.ts';
export { DEFAULT_LAYOUTS, defaultLayoutFor } from './modules/layout/default-layouts.ts';
export { validateLayout } from './modules/layout/layout-template.ts';
export { seatChannel } from './modules/seat/seat-view.ts';
export { seatNewEvent, seedLayouts } from './seed.ts';
