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
