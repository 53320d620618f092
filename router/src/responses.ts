import type { Response } from 'express';

/**
 * Refusals decided before GraphQL execution (credentials, body size, malformed JSON) still answer in the
 * GraphQL error shape, so clients branch on `extensions.code` the same way everywhere.
 */
export function sendGraphQLError(
  res: Response,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  res
    .status(status)
    .set(headers)
    .json({ errors: [{ message, extensions: { code } }] });
}

/**
 * The gateway adds `serviceName` to subgraph errors; clients need the code and message, not our topology.
 * Everything else goes through the kit's `formatError`, which hides unknown errors entirely.
 */
export function stripInternals<T extends { extensions?: Record<string, unknown> }>(formatted: T): T {
  if (!formatted.extensions || !('serviceName' in formatted.extensions)) return formatted;
  const { serviceName: _drop, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}
