/**
 * Boot configuration from the environment (DESIGN §10). Only entrypoints (the
 * CLI, `npm start`) call this; the core takes explicit options.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createSecretKey } from '../domain/ids.js';
import { LatchkeyConfigError } from './errors.js';
import type { CreateLatchkeyServerOptions } from '../index.js';

export interface EnvConfig {
  options: CreateLatchkeyServerOptions;
  port: number;
  host: string;
  /** Where the secret key came from: the environment, a key file written earlier, or generated now. */
  secretKeySource: 'env' | 'file' | 'generated';
  /** The SQLite file, or the PostgreSQL URL without its password. */
  dataLocation: string;
  secretKeyFile: string | null;
}

export const DEFAULT_DATABASE_URL = 'sqlite:./.latchkey/latchkey.db';

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): EnvConfig {
  const port = Number(env.PORT ?? 4400);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new LatchkeyConfigError('PORT must be a port number');
  const host = env.HOST ?? '127.0.0.1';
  const databaseUrl = env.LATCHKEY_DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const publicUrl = env.LATCHKEY_PUBLIC_URL ?? `http://localhost:${port}`;
  const allowedOrigins = (env.LATCHKEY_ALLOWED_ORIGINS ?? 'http://localhost:3000')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  let secretKey = env.LATCHKEY_SECRET_KEY;
  let secretKeySource: EnvConfig['secretKeySource'] = 'env';
  let secretKeyFile: string | null = null;
  let dataLocation: string;
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    dataLocation = path === ':memory:' ? ':memory:' : resolve(cwd, path);
    if (!secretKey && path !== ':memory:') {
      // The embedded default keeps its generated secret next to the database,
      // readable only by its owner; a copy of the .db file alone can't
      // decrypt the signing keys.
      secretKeyFile = resolve(dirname(dataLocation), 'secret-key');
      if (existsSync(secretKeyFile)) {
        secretKey = readFileSync(secretKeyFile, 'utf8').trim();
        secretKeySource = 'file';
      } else {
        mkdirSync(dirname(secretKeyFile), { recursive: true });
        secretKey = createSecretKey('test');
        writeFileSync(secretKeyFile, `${secretKey}\n`, { mode: 0o600 });
        chmodSync(secretKeyFile, 0o600);
        secretKeySource = 'generated';
      }
    } else if (!secretKey) {
      secretKey = createSecretKey('test');
      secretKeySource = 'generated';
    }
  } else {
    const url = new URL(databaseUrl);
    url.password = '';
    dataLocation = url.toString();
    if (!secretKey) {
      throw new LatchkeyConfigError(
        'LATCHKEY_SECRET_KEY is required with a PostgreSQL database: every instance must share it (it decrypts the signing keys)',
      );
    }
  }

  return {
    options: {
      databaseUrl: databaseUrl.startsWith('sqlite:') && dataLocation !== ':memory:' ? `sqlite:${dataLocation}` : databaseUrl,
      secretKey,
      publicUrl,
      allowedOrigins,
      redisUrl: env.LATCHKEY_REDIS_URL || undefined,
      trustProxy: env.LATCHKEY_TRUST_PROXY === 'true',
    },
    port,
    host,
    secretKeySource,
    dataLocation,
    secretKeyFile,
  };
}
