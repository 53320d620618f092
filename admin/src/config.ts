/** The app's settings, read once from the build's environment (`import.meta.env`). */
export interface AdminConfig {
  graphqlUrl: string;
}

export interface AdminEnv {
  /** Vite's: true in a production build. */
  PROD?: boolean | undefined;
  VITE_GRAPHQL_URL?: string | undefined;
}

/**
 * `origin`: the page's own. Without `VITE_GRAPHQL_URL`, a production build calls `/graphql` on its own origin
 * (the Ingress routes it to the router, as for the buyer app) and development the router `npm start` runs.
 */
export function adminConfig(env: AdminEnv, origin: string): AdminConfig {
  const configured = env.VITE_GRAPHQL_URL?.trim();
  return {
    graphqlUrl: configured || (env.PROD ? `${origin}/graphql` : 'http://localhost:4000/graphql'),
  };
}
