import { createLatchkeyServer, type CreateLatchkeyServerOptions, type LatchkeyServer } from '@latchkey/server';
import { configFromEnv } from '@latchkey/server/config';
import { DEFAULT_MOUNT_PATH } from '../server/constants.js';
import { registry, type EmbeddedLatchkeyHandle, type EmbeddedRuntime } from '../server/registry.js';

/** Options of `createEmbeddedLatchkey`; each falls back to the `LATCHKEY_*` variable of DESIGN §10. */
export interface EmbeddedLatchkeyOptions {
  /** Where the route file lives. @default '/api/latchkey' (`app/api/latchkey/[...path]/route.ts`) */
  mountPath?: string;
  /** The app's public origin: token `iss`, publishable-key host. @default `LATCHKEY_PUBLIC_URL`, else `http://localhost:${PORT ?? 3000}` */
  publicUrl?: string;
  /** @default `LATCHKEY_DATABASE_URL`, else `sqlite:./.latchkey/latchkey.db` (created and migrated on first start) */
  databaseUrl?: string;
  /** @default `LATCHKEY_SECRET_KEY`, else generated once into `.latchkey/secret-key` next to the database */
  secretKey?: string;
  /** Take the client IP from `X-Forwarded-For` (only behind a proxy you run; Next keeps a client-sent value). @default `LATCHKEY_TRUST_PROXY === 'true'` */
  trustProxy?: boolean;
  /** Anything else the server takes (rate limits, initial settings, clock, logger…). */
  server?: Partial<CreateLatchkeyServerOptions>;
}

/** The embedded auth server: route handlers for the mount path, and the handle the middleware takes. */
export interface EmbeddedLatchkey extends EmbeddedLatchkeyHandle {
  /** Export these from `app/api/latchkey/[...path]/route.ts`. */
  readonly handlers: Record<'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS', (request: Request) => Promise<Response>>;
  /** The server itself (started on first use). */
  server(): Promise<LatchkeyServer>;
  /** Answers one request under the mount path. */
  handle(request: Request): Promise<Response>;
}

interface Instance {
  server: LatchkeyServer;
  runtime: EmbeddedRuntime;
  trustProxy: boolean;
}

const instances = (): Map<string, Promise<Instance>> => {
  const g = globalThis as { [k: symbol]: Map<string, Promise<Instance>> | undefined };
  const key = Symbol.for('@latchkey/nextjs/embedded');
  return (g[key] ??= new Map());
};

function notFound(): Response {
  const message = 'No such endpoint';
  return Response.json({ errors: [{ code: 'resource_not_found', message, long_message: message }] }, { status: 404 });
}

/**
 * Mounts the whole auth server inside a Next.js app (SQLite by default), so
 * the app needs no second process. One server per process, shared by the
 * route handler and the middleware (Next bundles them separately).
 * @example
 * // lib/latchkey.ts
 * export const latchkey = createEmbeddedLatchkey();
 * // app/api/latchkey/[...path]/route.ts
 * export const { GET, POST, PATCH, PUT, DELETE, OPTIONS, HEAD } = latchkey.handlers;
 * // proxy.ts
 * export default latchkeyMiddleware(handler, { embedded: latchkey });
 */
export function createEmbeddedLatchkey(options: EmbeddedLatchkeyOptions = {}): EmbeddedLatchkey {
  const mountPath = (options.mountPath ?? DEFAULT_MOUNT_PATH).replace(/\/+$/, '');
  if (!mountPath.startsWith('/')) throw new TypeError('mountPath must start with "/"');

  function start(): Promise<Instance> {
    const map = instances();
    let instance = map.get(mountPath);
    if (!instance) {
      instance = (async () => {
        const env = process.env;
        const publicUrl = options.publicUrl ?? env.LATCHKEY_PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`;
        const fromEnv = configFromEnv({
          ...env,
          LATCHKEY_PUBLIC_URL: publicUrl,
          ...(options.databaseUrl ? { LATCHKEY_DATABASE_URL: options.databaseUrl } : {}),
          ...(options.secretKey ? { LATCHKEY_SECRET_KEY: options.secretKey } : {}),
        });
        const server = createLatchkeyServer({ ...fromEnv.options, ...options.server });
        await server.ready();
        const frontendApi = `${server.config.publicUrl}${mountPath}`;
        const inProcess: typeof fetch = async (input, init) => {
          const request = new Request(input, init);
          return request.url.startsWith(`${frontendApi}/`) ? handle(request) : fetch(request);
        };
        return {
          server,
          trustProxy: options.trustProxy ?? fromEnv.options.trustProxy ?? false,
          runtime: { frontendApi, publishableKey: server.publishableKeys.live, secretKey: server.config.secretKey, fetch: inProcess },
        };
      })();
      map.set(mountPath, instance);
      instance.catch(() => map.delete(mountPath)); // a failed start is retried by the next request
    }
    return instance;
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(`${mountPath}/`)) return notFound();
    const { server, trustProxy } = await start();
    url.pathname = url.pathname.slice(mountPath.length);
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
    const inner = new Request(url, {
      method: request.method,
      headers: request.headers,
      ...(hasBody ? { body: request.body, duplex: 'half' } : {}),
      redirect: 'manual',
    } as RequestInit);
    const clientIp = trustProxy ? (request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? null) : null;
    return server.fetch(inner, { clientIp });
  }

  const handler = (request: Request) => handle(request);
  const handle_: EmbeddedLatchkey = {
    kind: 'latchkey-embedded',
    mountPath,
    handlers: { GET: handler, HEAD: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler, OPTIONS: handler },
    async server() {
      return (await start()).server;
    },
    async runtime() {
      return (await start()).runtime;
    },
    handle,
  };
  registry().embedded ??= handle_;
  return handle_;
}
