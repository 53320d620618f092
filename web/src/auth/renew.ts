import { createRenewer as createSessionRenewer } from '@tiketi/live-client/renew';
import { RefreshSessionDocument } from '../__generated__/graphql.ts';

/**
 * The buyer app's `Session.renew` (`@tiketi/live-client/renew`, shared with the admin app) with the web app's
 * own `RefreshSession` document: codegen picks it up by its magic comment into the web app's manifest, which the
 * router loads, and only its id goes out (issue 18).
 */
/* GraphQL */ `
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) { accessToken refreshToken expiresIn }
  }
`;
const REFRESH_SESSION_ID = (RefreshSessionDocument as { __meta__?: { hash?: string } }).__meta__?.hash ?? '';

export function createRenewer(httpUrl: string, fetchImpl?: typeof fetch) {
  return createSessionRenewer(httpUrl, REFRESH_SESSION_ID, fetchImpl);
}
