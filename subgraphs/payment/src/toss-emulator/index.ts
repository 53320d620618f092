export {
  type EmulatorCall,
  type EmulatorOperation,
  startTossEmulator,
  type TossEmulator,
  type TossEmulatorOptions,
  type WebhookDelivery,
} from './emulator.ts';
export { loadEmulatorConfig } from './environment.ts';
export { TOSS_ERRORS, type TossErrorCode } from './errors.ts';
export {
  DEFAULT_EMULATOR_PORT,
  DEFAULT_EMULATOR_URL,
  EMULATOR_CLIENT_KEY,
  EMULATOR_SECRET_KEY,
} from './keys.ts';
export { TEST_CARDS, type TestCard } from './payment-object.ts';
