/**
 * @latchkey/nextjs/embedded: the whole auth server inside the Next.js app
 * (Node runtime only; imports @latchkey/server).
 */
export { createEmbeddedLatchkey } from './create-embedded-latchkey.js';
export type { EmbeddedLatchkey, EmbeddedLatchkeyOptions } from './create-embedded-latchkey.js';
