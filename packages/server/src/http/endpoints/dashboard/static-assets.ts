/**
 * The dashboard's built files (apps/dashboard, built by Vite into
 * packages/server/dashboard-dist) served at /dashboard/. Files are read once
 * into an in-memory table keyed by their relative path; a request is only
 * ever looked up in that table, so no request path reaches the file system
 * (no directory traversal, whatever the encoding). Hashed assets are
 * immutable for a year; index.html is revalidated on every load (ETag).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineEndpoint, type RequestContext } from '../../endpoint.js';
import { ApiError } from '../../errors.js';
import { ApiErrorCode } from '../../error-codes.js';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** The dashboard page may load only its own files and talk only to its own origin. */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

interface Asset {
  body: Uint8Array;
  type: string;
  etag: string;
  immutable: boolean;
}

/** Where the build lands, seen from the sources (src/http/endpoints/dashboard) and from a tsup bundle (dist/). */
const CANDIDATE_DIRS = ['../../../../dashboard-dist/', '../dashboard-dist/', '../../dashboard-dist/'];

let defaultTable: Promise<Map<string, Asset> | null> | undefined;

async function findDistDir(): Promise<string | null> {
  for (const candidate of CANDIDATE_DIRS) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (await stat(join(dir, 'index.html')).then((s) => s.isFile(), () => false)) return dir;
  }
  return null;
}

/** Reads every file under `dir` into a table keyed by its relative URL path (`assets/index-abc.js`). */
export async function loadAssetTable(dir: string): Promise<Map<string, Asset>> {
  const table = new Map<string, Asset>();
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        const key = relative(dir, full).split(sep).join('/');
        const body = await readFile(full);
        table.set(key, {
          body,
          type: CONTENT_TYPES[extname(entry.name).toLowerCase()] ?? 'application/octet-stream',
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
          immutable: key.startsWith('assets/'),
        });
      }
    }
  };
  await walk(dir);
  return table;
}

/** The built dashboard, read once (null when it has not been built). */
export function dashboardAssets(): Promise<Map<string, Asset> | null> {
  // A build that cannot be read is served as "not built" (the page says how to build it).
  defaultTable ??= findDistDir().then((dir) => (dir ? loadAssetTable(dir) : null)).catch(() => null);
  return defaultTable;
}

/** @internal Serve the files of `dir` instead (null: as if not built; undefined: the default again). For tests. */
export function setDashboardAssetDir(dir: string | null | undefined): void {
  defaultTable = dir === undefined ? undefined : dir === null ? Promise.resolve(null) : loadAssetTable(dir).catch(() => null);
}

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Latchkey dashboard</title>
<body style="font:16px system-ui;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1>The dashboard is not built</h1>
<p>Its files are built when the repository is installed (<code>npm install</code> runs <code>npm run build -w @latchkey/dashboard</code>).
Run that command, then reload this page.</p></body>`;

function htmlHeaders(headers: Headers): void {
  headers.set('content-security-policy', DASHBOARD_CSP);
  headers.set('x-frame-options', 'DENY');
  headers.set('referrer-policy', 'same-origin');
}

function serve(rc: RequestContext, asset: Asset): Response {
  const headers = new Headers({
    'content-type': asset.type,
    etag: asset.etag,
    'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (asset.type.startsWith('text/html')) htmlHeaders(headers);
  const ifNoneMatch = rc.request.headers.get('if-none-match');
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === asset.etag)) return new Response(null, { status: 304, headers });
  return new Response(rc.request.method === 'HEAD' ? null : (asset.body as Uint8Array<ArrayBuffer>), { status: 200, headers });
}

async function serveIndex(rc: RequestContext): Promise<Response> {
  const assets = await dashboardAssets();
  const index = assets?.get('index.html');
  if (!index) {
    const headers = new Headers({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    htmlHeaders(headers);
    return new Response(NOT_BUILT_PAGE, { status: 404, headers });
  }
  return serve(rc, index);
}

export const dashboardRedirect = defineEndpoint({
  method: 'GET',
  path: '/dashboard',
  area: 'page',
  summary: 'Redirects to /dashboard/ (the page loads its files relative to it)',
  async handler() {
    // Relative, so it also works when the server is mounted under a prefix.
    return new Response(null, { status: 308, headers: { location: 'dashboard/', 'cache-control': 'no-store' } });
  },
});

export const dashboardIndex = defineEndpoint({
  method: 'GET',
  path: '/dashboard/',
  area: 'page',
  summary: 'The dashboard page',
  handler: serveIndex,
});

export const dashboardFile = defineEndpoint({
  method: 'GET',
  path: '/dashboard/*',
  area: 'page',
  summary: "The dashboard's built files (JavaScript, CSS, icons)",
  async handler(rc) {
    const raw = rc.url.pathname.slice('/dashboard/'.length);
    let key: string;
    try {
      key = decodeURIComponent(raw);
    } catch {
      throw new ApiError(404, ApiErrorCode.ResourceNotFound, 'No such dashboard file');
    }
    if (key === 'index.html' || key === '') return serveIndex(rc);
    const asset = key.startsWith('api/') ? undefined : (await dashboardAssets())?.get(key);
    if (!asset) throw new ApiError(404, ApiErrorCode.ResourceNotFound, 'No such dashboard file');
    return serve(rc, asset);
  },
});
