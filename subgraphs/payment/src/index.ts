export { bootstrap, type PaymentService } from './bootstrap.ts';
export { type Config, loadConfig, TOSS_API_URL } from './environment.ts';
export type { PaymentCancelledPayload, PaymentConfirmedPayload } from './modules/payment/provider-sync.ts';
export { TOSS_WEBHOOK_PATH } from './modules/webhook/toss-webhook.ts';
