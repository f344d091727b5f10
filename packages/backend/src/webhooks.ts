/** `@latchkey/backend/webhooks`: Standard Webhooks verification. */
export { verifyWebhook } from './webhooks/verify-webhook.js';
export type { VerifyWebhookOptions } from './webhooks/verify-webhook.js';
export { WebhookVerificationError } from './errors.js';
