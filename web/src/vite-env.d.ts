/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The router's HTTP endpoint. @default http://localhost:4000/graphql */
  readonly VITE_GRAPHQL_URL?: string;
  /** The router's graphql-ws endpoint. @default VITE_GRAPHQL_URL with ws(s):// */
  readonly VITE_GRAPHQL_WS_URL?: string;
  /** Google Identity Services client id; the Google button is hidden without it. */
  readonly VITE_GOOGLE_CLIENT_ID?: string;
  /** The local Toss emulator (checkout stand-in when Toss is not configured). @default http://localhost:4010 */
  readonly VITE_TOSS_EMULATOR_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
