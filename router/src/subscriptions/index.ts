export { CloseReason, RouterCloseCode } from './close-codes.ts';
export { createSubscriptionEndpoint, type SubscriptionEndpoint } from './endpoint.ts';
export { FanOut } from './fanout.ts';
export { createSubscriptionMetrics } from './metrics.ts';
export { SubscriptionSchema } from './planning.ts';
export { UpstreamPool } from './upstream.ts';
