/**
 * The CLI's connection to a server's Backend API: `--api-url` / `--secret-key`
 * or `LATCHKEY_API_URL` / `LATCHKEY_SECRET_KEY`, with local defaults so that
 * `latchkey dev` in one terminal and `latchkey users list` in another work
 * with no configuration. Typed calls go through `@latchkey/backend`'s client;
 * the few resources it has no methods for use `request` below.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createLatchkeyClient, type LatchkeyClient } from '@latchkey/backend';
import { LatchkeyApiError, type LatchkeyApiErrorEntry } from '@latchkey/backend/errors';
import { CliError, ExitCode, usageError, type CliIo } from './io.js';

export interface ConnectionOptions {
  apiUrl?: string | undefined;
  secretKey?: string | undefined;
}

export interface Connection {
  apiUrl: string;
  secretKey: string;
  /** Where the secret key came from, for messages (never the key itself). */
  secretKeySource: 'flag' | 'env' | 'file';
  client: LatchkeyClient;
  /** One Backend API call (`path` below `/v1`); throws `LatchkeyApiError` on an error answer. */
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

const DEFAULT_API_URL = 'http://localhost:4400';

/** The embedded default keeps its generated key next to the SQLite file (see `configFromEnv`). */
function secretKeyFromDataDir(io: CliIo): string | null {
  const databaseUrl = io.env.LATCHKEY_DATABASE_URL ?? 'sqlite:./.latchkey/latchkey.db';
  if (!databaseUrl.startsWith('sqlite:') || databaseUrl === 'sqlite::memory:') return null;
  const file = resolve(io.cwd, dirname(databaseUrl.slice('sqlite:'.length)), 'secret-key');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || null : null;
}

export function resolveApiUrl(options: ConnectionOptions, io: CliIo): string {
  const raw = options.apiUrl ?? io.env.LATCHKEY_API_URL ?? (io.env.PORT ? `http://localhost:${io.env.PORT}` : DEFAULT_API_URL);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(`--api-url: "${raw}" is not a URL`, 'invalid_api_url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError('--api-url must be an http(s) URL', 'invalid_api_url');
  return raw.replace(/\/+$/, '');
}

export function connect(options: ConnectionOptions, io: CliIo): Connection {
  const apiUrl = resolveApiUrl(options, io);
  let secretKey = options.secretKey;
  let secretKeySource: Connection['secretKeySource'] = 'flag';
  if (!secretKey && io.env.LATCHKEY_SECRET_KEY) {
    secretKey = io.env.LATCHKEY_SECRET_KEY;
    secretKeySource = 'env';
  }
  if (!secretKey) {
    secretKey = secretKeyFromDataDir(io) ?? undefined;
    secretKeySource = 'file';
  }
  if (!secretKey) {
    throw usageError('No secret key: pass --secret-key or set LATCHKEY_SECRET_KEY (the server prints it on start)', 'secret_key_missing');
  }
  if (!/^sk_(live|test)_/.test(secretKey)) {
    throw usageError(`The secret key${secretKeySource === 'env' ? ' in LATCHKEY_SECRET_KEY' : ''} is not an sk_live_/sk_test_ key`, 'secret_key_invalid');
  }
  const client = createLatchkeyClient({ apiUrl, secretKey });
  const authorization = `Bearer ${secretKey}`;
  return {
    apiUrl,
    secretKey,
    secretKeySource,
    client,
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${apiUrl}/v1${path}`, {
        method,
        headers: { authorization, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      let data: unknown = null;
      try {
        data = text ? JSON.parse(text) : null;
      } catch {
        data = null;
      }
      if (!response.ok) {
        const errors = ((data as { errors?: LatchkeyApiErrorEntry[] } | null)?.errors ?? []).filter((e) => typeof e?.code === 'string');
        const first = errors[0];
        throw new LatchkeyApiError(response.status, errors, first ? `${method} ${path}: ${first.code}: ${first.message}` : `${method} ${path}: HTTP ${response.status}`);
      }
      return data as T;
    },
  };
}

/** A list answer may be an array or `{ data, total_count }`. */
export const listOf = <T>(value: T[] | { data: T[] }): T[] => (Array.isArray(value) ? value : value.data);

/**
 * Turns a failed call into a `CliError` people can act on: the API's code and
 * message, or "cannot reach the server" with the URL (no key in either).
 */
export function toCliError(error: unknown, apiUrl: string): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof LatchkeyApiError) {
    const first = error.errors[0];
    const code = first?.code ?? `http_${error.status}`;
    let message = first ? `${first.long_message ?? first.message}` : `the server answered HTTP ${error.status}`;
    if (error.status === 401 || code === 'authentication_invalid') {
      message = `the server at ${apiUrl} did not accept the secret key (${code}): check --secret-key / LATCHKEY_SECRET_KEY`;
    }
    const param = (first?.meta as { param_name?: string } | undefined)?.param_name;
    return new CliError(code, param ? `${message} (${param})` : message, ExitCode.Failed, { cause: error });
  }
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) {
    const reason = (error.cause as { code?: string } | undefined)?.code;
    return new CliError('server_unreachable', `cannot reach a Latchkey server at ${apiUrl}${reason ? ` (${reason})` : ''}: is it running? (--api-url / LATCHKEY_API_URL)`, ExitCode.Failed, { cause: error });
  }
  return new CliError('unexpected', error instanceof Error ? error.message : String(error), ExitCode.Failed, { cause: error });
}
