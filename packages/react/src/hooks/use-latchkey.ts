import type { Latchkey } from '@latchkey/js';
import { useLatchkeyClient } from '../provider/latchkey-context.js';

/** The `@latchkey/js` client itself, for what the hooks do not cover. */
export function useLatchkey(): Latchkey {
  return useLatchkeyClient('useLatchkey');
}
