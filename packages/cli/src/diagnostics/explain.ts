/**
 * Likely causes, in words an operator can act on, for what the diagnostics
 * and `latchkey token verify` observe.
 */
import { formatDuration } from '../lib/format.js';

export interface ClockReading {
  /** Server time minus local time, in seconds (positive: the server is ahead). */
  offsetSeconds: number;
  /** How it was measured. */
  source: string;
}

export function describeOffset(offsetSeconds: number): string {
  if (Math.abs(offsetSeconds) < 1) return 'in step with this machine';
  return `${formatDuration(Math.abs(offsetSeconds))} ${offsetSeconds > 0 ? 'ahead of' : 'behind'} this machine`;
}

export const skewCause = (reading: ClockReading, allowedSeconds: number) =>
  `clock skew: the server's clock is ${describeOffset(reading.offsetSeconds)} (measured from ${reading.source}), more than the allowed ${formatDuration(allowedSeconds)}. ` +
  'Apps on this machine will see its tokens as not yet valid or already expired. Sync both clocks with NTP (timedatectl set-ntp true, or the host\'s time service).';

/** Why `verifyToken` rejected a token, for each of Clerk's reason strings the CLI can meet. */
export function explainRejection(reason: string, context: { keySource: string; issuer?: string | undefined; tokenIssuer?: unknown; authorizedParties?: readonly string[] | undefined; tokenAzp?: unknown }): string {
  switch (reason) {
    case 'token-invalid-signature':
    case 'jwk-kid-mismatch':
    case 'jwk-remote-missing':
    case 'jwk-local-missing':
    case 'token-invalid-algorithm':
      return `wrong key: the token was not signed by the key ${context.keySource} gives. The app is configured with another instance's key (LATCHKEY_JWT_KEY / LATCHKEY_SECRET_KEY / LATCHKEY_PUBLISHABLE_KEY), or the key was rotated and the app pins the old PEM: copy the current key from latchkey keys list or use the JWKS.`;
    case 'token-invalid-issuer':
      return `issuer mismatch: the token's iss is ${JSON.stringify(context.tokenIssuer)} but the verifier expects ${context.issuer}. The server's LATCHKEY_PUBLIC_URL must be the URL apps reach it at (and that their publishable key encodes); fix one of them.`;
    case 'token-invalid-authorized-parties':
      return `authorized-party mismatch: the token's azp is ${JSON.stringify(context.tokenAzp)} but the app accepts only ${(context.authorizedParties ?? []).join(', ')}. azp is the origin of the page that asked for the token: add that origin to the app's authorizedParties, or to the server's LATCHKEY_ALLOWED_ORIGINS if it is missing there.`;
    case 'token-expired':
      return 'expired: session tokens live a minute by default; the app must refresh them (the SDKs do) — or this machine\'s clock is ahead of the server\'s.';
    case 'token-not-active-yet':
    case 'token-iat-in-the-future':
      return 'not yet valid: the token was issued in the future by this machine\'s clock, so the server\'s clock is ahead of this one (clock skew).';
    case 'jwk-remote-failed-to-load':
    case 'jwk-failed-to-resolve':
      return `the JWKS could not be loaded from ${context.keySource}: check the URL and the secret key.`;
    case 'secret-key-invalid':
      return 'the secret key is not an sk_live_/sk_test_ key.';
    default:
      return `the verifier rejected the token (${reason}).`;
  }
}
