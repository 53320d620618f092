/**
 * The gateway adds `serviceName` to subgraph errors; clients need the code and message, not our topology.
 * Everything else goes through the kit's `formatError`, which hides unknown errors entirely.
 */
export function stripInternals<T extends { extensions?: Record<string, unknown> }>(formatted: T): T {
  if (!formatted.extensions || !('serviceName' in formatted.extensions)) return formatted;
  const { serviceName: _drop, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}
