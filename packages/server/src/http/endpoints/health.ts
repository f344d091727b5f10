/**
 * Operations endpoints: `/healthz` (the process answers), `/readyz` (the
 * database answers and start-up is done: route traffic here) and
 * `/metrics` (Prometheus text format). They are served ahead of the router
 * on purpose: they must answer while start-up is still running and while the
 * database is down, when the router (which reads settings) cannot.
 * They carry no secrets, only counts; expose them on an internal network.
 */
import { JSON_CONTENT_TYPE } from '../respond.js';
import { ApiErrorCode } from '../error-codes.js';

export interface OpsProbe {
  /** Resolves when start-up has finished; rejects when it failed. Null while it is running. */
  started(): boolean | Error;
  /** True while start-up is retrying because the database does not answer. */
  waitingForDatabase?(): boolean;
  /** Throws when the database does not answer. */
  pingDatabase(): Promise<void>;
  /** `null` when no Redis is configured. */
  redisConnected(): boolean | null;
  metrics(): Promise<string>;
}

const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export function isOpsRequest(request: Request, url: URL): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && OPS_PATHS.has(url.pathname);
}

const body = (value: unknown, status: number) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': JSON_CONTENT_TYPE, 'cache-control': 'no-store' } });

export async function handleOpsRequest(url: URL, probe: OpsProbe): Promise<Response> {
  if (url.pathname === '/healthz') return body({ status: 'ok' }, 200);
  if (url.pathname === '/metrics') {
    return new Response(await probe.metrics(), { headers: { 'content-type': 'text/plain; version=0.0.4', 'cache-control': 'no-store' } });
  }
  const started = probe.started();
  const checks: Record<string, string> = { startup: started === true ? 'ok' : started === false ? 'starting' : 'failed' };
  if (started === false && probe.waitingForDatabase?.()) {
    checks.startup = 'waiting_for_database';
    checks.database = 'unreachable';
  }
  let ok = started === true;
  if (started === true) {
    try {
      await withTimeout(probe.pingDatabase(), 2000);
      checks.database = 'ok';
    } catch {
      checks.database = 'unreachable';
      ok = false;
    }
  }
  // Redis down degrades (rate limits per instance) but the instance still serves: ready.
  const redis = probe.redisConnected();
  if (redis !== null) checks.redis = redis ? 'ok' : 'unreachable (degraded)';
  if (ok) return body({ status: 'ready', checks }, 200);
  const message = 'This instance cannot serve requests right now';
  return body({ status: 'not_ready', checks, errors: [{ code: ApiErrorCode.ServiceUnavailable, message, long_message: message }] }, 503);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}
