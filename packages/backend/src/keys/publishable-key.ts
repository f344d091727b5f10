/**
 * Publishable keys carry the frontend API host so that browser SDKs know where
 * the auth server is: `pk_live_` (or `pk_test_`) + base64 (no padding) of
 * `<host>$` — the same encoding Clerk uses, so Clerk's SDKs can read ours.
 */
export type KeyEnvironment = 'live' | 'test';

export interface PublishableKeyParts {
  environment: KeyEnvironment;
  /** The frontend API host, with port when it has one (`localhost:4400`). */
  frontendApiHost: string;
}

function toBase64NoPad(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, '');
}

/**
 * Builds the publishable key for a frontend API host.
 * @example createPublishableKey('localhost:4400', 'live') // 'pk_live_bG9jYWxob3N0OjQ0MDAk'
 */
export function createPublishableKey(frontendApiHost: string, environment: KeyEnvironment): string {
  return `pk_${environment}_${toBase64NoPad(`${frontendApiHost}$`)}`;
}

/**
 * Reads a publishable key, or returns `null` when it is not one (wrong prefix,
 * bad base64, or no trailing `$`).
 */
export function parsePublishableKey(key: string): PublishableKeyParts | null {
  const match = /^pk_(live|test)_([A-Za-z0-9+/]+={0,2})$/.exec(key);
  if (!match) return null;
  let decoded: string;
  try {
    const padded = match[2]! + '='.repeat((4 - (match[2]!.length % 4)) % 4);
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)),
    );
  } catch {
    return null;
  }
  if (!decoded.endsWith('$') || decoded.length < 2) return null;
  const host = decoded.slice(0, -1);
  if (!/^[A-Za-z0-9.\-:[\]]+$/.test(host)) return null;
  return { environment: match[1] as KeyEnvironment, frontendApiHost: host };
}
