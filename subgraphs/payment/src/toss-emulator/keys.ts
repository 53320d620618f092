/**
 * The emulator's own API keys, shaped like Toss' test keys for the payment widget (`test_gck_…` client key,
 * `test_gsk_…` secret key). They are development secrets: the payment service refuses them in production.
 */
export const EMULATOR_CLIENT_KEY = 'test_gck_tkemu_Lq4XvR8bN2wZ7yKd9PmT';
export const EMULATOR_SECRET_KEY = 'test_gsk_tkemu_Hc3JfW6sQ1nV5rBx8GaE';

/** Where `npm start` runs the emulator. */
export const DEFAULT_EMULATOR_PORT = 4010;
export const DEFAULT_EMULATOR_URL = `http://127.0.0.1:${DEFAULT_EMULATOR_PORT}`;
