/** The app's settings, read once from the build's environment (`import.meta.env`, see `.env.example`). */
export interface AppConfig {
  graphqlUrl: string;
  graphqlWsUrl: string;
  /** `null` hides Google sign-in. */
  googleClientId: string | null;
  /** The local Toss emulator, whose checkout page stands in for the widget when Toss is not configured. */
  tossEmulatorUrl: string;
}

export interface AppEnv {
  /** Vite's: true in a production build. */
  PROD?: boolean | undefined;
  VITE_GRAPHQL_URL?: string | undefined;
  VITE_GRAPHQL_WS_URL?: string | undefined;
  VITE_GOOGLE_CLIENT_ID?: string | undefined;
  VITE_TOSS_EMULATOR_URL?: string | undefined;
}

const nonEmpty = (value: string | undefined) => (value?.trim() ? value.trim() : null);

/** `origin`: the page's own (`location.origin`). */
export function appConfig(env: AppEnv, origin: string): AppConfig {
  const graphqlUrl = nonEmpty(env.VITE_GRAPHQL_URL) ?? defaultGraphqlUrl(env, origin);
  // The router serves both protocols on one path.
  const graphqlWsUrl = nonEmpty(env.VITE_GRAPHQL_WS_URL) ?? graphqlUrl.replace(/^http/, 'ws');
  return {
    graphqlUrl,
    graphqlWsUrl,
    googleClientId: nonEmpty(env.VITE_GOOGLE_CLIENT_ID),
    tossEmulatorUrl: nonEmpty(env.VITE_TOSS_EMULATOR_URL) ?? 'http://localhost:4010',
  };
}

/**
 * Where the router is when the build does not say: in a production build, on the page's own origin (the Ingress
 * routes `/graphql` to the router, k8s/base/ingress.yaml), so one image serves every environment; in
 * development, the router `npm start` runs.
 */
export function defaultGraphqlUrl(env: Pick<AppEnv, 'PROD'>, origin: string): string {
  return env.PROD ? `${origin}/graphql` : 'http://localhost:4000/graphql';
}
