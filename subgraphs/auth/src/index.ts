export { type AuthService, bootstrap, JWKS_PATH } from './bootstrap.ts';
export { type Config, loadConfig } from './environment.ts';
export { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from './modules/token/access-token.ts';
export { jwkThumbprint, type PublicJwk } from './modules/token/key-ring.ts';
export type { User } from './modules/user/user.entity.ts';
export { type SeedUserInput, seedUser } from './seed.ts';
