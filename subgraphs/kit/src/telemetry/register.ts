/**
 * Loaded with `node --import @tiketi/kit/telemetry/register` so that the OpenTelemetry SDK and the ESM loader
 * hook are in place before any application module is imported; instrumentations only see modules loaded
 * after them. Configuration follows the OpenTelemetry environment conventions (`OTEL_SERVICE_NAME`,
 * `OTEL_EXPORTER_OTLP_ENDPOINT`, …), read by the SDK itself.
 */
import { register } from 'node:module';
import { startTelemetry } from './sdk.ts';

register('import-in-the-middle/hook.mjs', import.meta.url);
startTelemetry();
