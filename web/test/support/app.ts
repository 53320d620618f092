import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';

/**
 * An app as the browser tests use it: built for production against a test stack's router, served as static
 * files from a local server on port 0, driven in Debian's Chromium. Screenshots go to tests/screenshots/. The
 * buyer app by default; the admin app's tests pass its root.
 */

const webRoot = fileURLToPath(new URL('../..', import.meta.url));
const screenshotDir = fileURLToPath(new URL('../../../tests/screenshots/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** dist/ as a static site: files as they are, every other path gets index.html (client-side routes). */
function serveStatic(root: string): Server {
  return createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    let file = join(root, path);
    if (
      !file.startsWith(root) ||
      !(await stat(file).then(
        (s) => s.isFile(),
        () => false,
      ))
    ) {
      file = join(root, 'index.html');
    }
    res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
    createReadStream(file).pipe(res);
  });
}

export interface Site {
  /** `http://localhost:<port>`: the origin the router must allow (CORS). */
  origin: string;
  /** Builds the app into the served folder with these `import.meta.env` values. */
  build(env: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the static server first: its origin must be known before the router starts (CORS_ORIGINS). */
export async function startSite(appRoot: string = webRoot): Promise<Site> {
  const outDir = await mkdtemp(join(tmpdir(), 'tiketi-app-'));
  const server = serveStatic(outDir);
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    async build(env) {
      // Vitest sets NODE_ENV=test, and Vite would then bundle React's development build.
      const nodeEnv = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      try {
        await build({
          root: appRoot,
          configFile: join(appRoot, 'vite.config.ts'),
          mode: 'production',
          logLevel: 'warn',
          define: Object.fromEntries(
            Object.entries(env).map(([name, value]) => [`import.meta.env.${name}`, JSON.stringify(value)]),
          ),
          build: { outDir, emptyOutDir: true, sourcemap: false },
        });
      } finally {
        process.env.NODE_ENV = nodeEnv;
      }
    },
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  await mkdir(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves the whole page as tests/screenshots/<app>-<name>.png. */
export async function shot(page: Page, name: string, app: 'web' | 'admin' = 'web') {
  await page.screenshot({ path: join(screenshotDir, `${app}-${name}.png`), fullPage: true });
}

/**
 * Collects what went wrong in a page: uncaught errors, console errors, and answers of 400 and above (with
 * their body, so a refused operation says why).
 */
export function watchErrors(page: Page, errors: string[]) {
  const add = (text: string) => {
    // Chromium asks every origin for a favicon; the Toss emulator's page has none.
    if (!text.includes('/favicon.ico')) errors.push(text);
  };
  page.on('pageerror', (error) => add(error.message));
  page.on('response', async (response) => {
    if (response.status() >= 400) {
      add(`${response.status()} ${response.url()} ${await response.text().catch(() => '')}`);
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error') add(`${message.text()} (${message.location().url})`);
  });
}

/** What an app sent the router: GraphQL POST bodies and graphql-ws `subscribe` payloads. */
export interface SentOperations {
  requests: Record<string, unknown>[];
  subscriptions: Record<string, unknown>[];
}

/** Records every GraphQL request and subscription the page sends to `routerUrl` (trusted documents, issue 18). */
export function recordOperations(page: Page, routerUrl: string): SentOperations {
  const sent: SentOperations = { requests: [], subscriptions: [] };
  page.on('request', (request) => {
    if (request.method() !== 'POST' || !request.url().startsWith(routerUrl)) return;
    sent.requests.push(JSON.parse(request.postData() ?? '{}'));
  });
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const message = JSON.parse(String(payload)) as { type?: string; payload?: Record<string, unknown> };
      if (message.type === 'subscribe' && message.payload) sent.subscriptions.push(message.payload);
    });
  });
  return sent;
}

/**
 * The ids an app sent, each checked to be in its codegen manifest; throws on an operation sent as text (the
 * router in production refuses those from first-party clients).
 */
export function sentDocumentIds(sent: SentOperations, manifest: Record<string, string>): string[] {
  return [...sent.requests, ...sent.subscriptions].map((operation) => {
    const extensions = operation.extensions as { persistedQuery?: { sha256Hash?: string } } | undefined;
    const id = extensions?.persistedQuery?.sha256Hash;
    if (!id || (operation.query !== undefined && operation.query !== '') || !(id in manifest)) {
      throw new Error(`sent without a registered document id: ${JSON.stringify(operation).slice(0, 300)}`);
    }
    return id;
  });
}
