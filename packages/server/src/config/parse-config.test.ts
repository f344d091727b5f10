import { describe, expect, it } from 'vitest';
import { createLatchkeyServer, LatchkeyConfigError } from '../index.js';
import { configFromEnv } from './from-env.js';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const secretKey = 'sk_test_abcdefghijklmnopqrstuvwxyz0123456789';

describe('boot configuration', () => {
  it('fails at construction, naming the environment variable, when an option is wrong', () => {
    expect(() => createLatchkeyServer({ secretKey: 'nope', publicUrl: 'http://localhost:4400' })).toThrow(LatchkeyConfigError);
    expect(() => createLatchkeyServer({ secretKey: 'nope', publicUrl: 'http://localhost:4400' })).toThrow(/LATCHKEY_SECRET_KEY/);
    expect(() => createLatchkeyServer({ secretKey, publicUrl: 'ftp://x' })).toThrow(/LATCHKEY_PUBLIC_URL/);
    expect(() => createLatchkeyServer({ secretKey, publicUrl: 'http://localhost:4400', allowedOrigins: ['not a url'] })).toThrow(/LATCHKEY_ALLOWED_ORIGINS/);
    expect(() => createLatchkeyServer({ secretKey, publicUrl: 'http://localhost:4400', initialSettings: { cookieSameSite: 'none', cookieSecure: false } })).toThrow(/Secure/);
  });

  it('reads DESIGN §10 defaults from an empty environment and generates a secret key file readable only by its owner', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'latchkey-env-'));
    try {
      const config = configFromEnv({}, cwd);
      expect(config).toMatchObject({ port: 4400, host: '127.0.0.1', secretKeySource: 'generated' });
      expect(config.options).toMatchObject({ publicUrl: 'http://localhost:4400', allowedOrigins: ['http://localhost:3000'] });
      expect(config.dataLocation).toBe(join(cwd, '.latchkey', 'latchkey.db'));
      expect(statSync(config.secretKeyFile!).mode & 0o777).toBe(0o600);
      expect(readFileSync(config.secretKeyFile!, 'utf8').trim()).toBe(config.options.secretKey);
      const again = configFromEnv({}, cwd);
      expect(again).toMatchObject({ secretKeySource: 'file' });
      expect(again.options.secretKey).toBe(config.options.secretKey);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('takes everything from the environment when given, and requires the secret key for PostgreSQL', () => {
    const config = configFromEnv({
      PORT: '5000',
      HOST: '0.0.0.0',
      LATCHKEY_SECRET_KEY: secretKey,
      LATCHKEY_PUBLIC_URL: 'https://auth.example.com',
      LATCHKEY_ALLOWED_ORIGINS: 'https://app.example.com, https://admin.example.com',
      LATCHKEY_DATABASE_URL: 'postgres://u:hunter2@db:5432/latchkey',
      LATCHKEY_REDIS_URL: 'redis://cache:6379',
    });
    expect(config).toMatchObject({ port: 5000, host: '0.0.0.0', secretKeySource: 'env' });
    expect(config.options).toMatchObject({
      secretKey,
      publicUrl: 'https://auth.example.com',
      allowedOrigins: ['https://app.example.com', 'https://admin.example.com'],
      redisUrl: 'redis://cache:6379',
    });
    expect(config.dataLocation).not.toContain('hunter2');
    expect(() => configFromEnv({ LATCHKEY_DATABASE_URL: 'postgres://db/x' })).toThrow(/LATCHKEY_SECRET_KEY is required/);
  });
});
