export { bootstrap, type QueueService } from './bootstrap.ts';
export { type Config, loadConfig } from './environment.ts';
export { STREAM_KEY } from './modules/line/scripts.ts';
export type { QueueStatusView, QueueTicketView } from './modules/line/views.ts';
export { WaitingLine } from './modules/line/waiting-line.ts';
export { movedChannel } from './modules/live/line-feed.ts';
