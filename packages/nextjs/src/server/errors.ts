/** Codes of the errors this package throws on purpose. */
export const LatchkeyNextErrorCode = {
  /** `auth()`/`currentUser()`/`getAuth()` ran for a request the middleware never saw. */
  MiddlewareMissing: 'ERR_LATCHKEY_MIDDLEWARE_MISSING',
} as const;
export type LatchkeyNextErrorCode = (typeof LatchkeyNextErrorCode)[keyof typeof LatchkeyNextErrorCode];

/** Misuse of the Next.js integration (a message naming the fix). */
export class LatchkeyNextError extends Error {
  readonly code: LatchkeyNextErrorCode;
  constructor(code: LatchkeyNextErrorCode, message: string) {
    super(message);
    this.name = 'LatchkeyNextError';
    this.code = code;
  }
}
