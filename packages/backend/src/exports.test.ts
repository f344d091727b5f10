import { describe, expect, it } from 'vitest';

describe('public surface', () => {
  it('main entry', async () => {
    expect(Object.keys(await import('./index.js')).sort()).toMatchInlineSnapshot(`
      [
        "authenticateRequest",
        "createAuthenticator",
        "createLatchkeyClient",
        "createPublishableKey",
        "createRouteMatcher",
        "createTokenVerifier",
        "parsePublishableKey",
        "verifyToken",
      ]
    `);
  });
  it('./errors', async () => {
    expect(Object.keys(await import('./errors.js')).sort()).toMatchInlineSnapshot(`
      [
        "AuthErrorReason",
        "AuthProtectError",
        "LatchkeyApiError",
        "LatchkeyConfigError",
        "LatchkeyError",
        "LatchkeyErrorCode",
        "MalformedPathError",
        "TokenVerificationError",
        "TokenVerificationErrorAction",
        "TokenVerificationErrorReason",
        "WebhookVerificationError",
        "isLatchkeyError",
        "isTokenVerificationError",
      ]
    `);
  });
  it('./jwt and ./webhooks', async () => {
    expect(Object.keys(await import('./jwt.js')).sort()).toMatchInlineSnapshot(`
      [
        "createLocalKeySource",
        "createRemoteJwks",
        "decodeJwt",
        "importVerificationKey",
        "verifyJwt",
      ]
    `);
    expect(Object.keys(await import('./webhooks.js')).sort()).toMatchInlineSnapshot(`
      [
        "WebhookVerificationError",
        "verifyWebhook",
      ]
    `);
  });
});
