/**
 * Request headers the middleware hands to server code (route handlers,
 * server components, server actions). The middleware always rewrites the
 * whole set, so values a client sends under these names never reach `auth()`;
 * and `auth()` verifies the token again anyway (a verified-token cache hit).
 */
export const AuthHeaders = {
  Status: 'x-latchkey-auth-status',
  Reason: 'x-latchkey-auth-reason',
  Token: 'x-latchkey-auth-token',
  Url: 'x-latchkey-url',
} as const;

/** Where the embedded auth server is mounted by default. */
export const DEFAULT_MOUNT_PATH = '/api/latchkey';

/**
 * The `config.matcher` the seeds use: everything but Next internals and
 * static files, plus every API route. Next reads `config` statically, so copy
 * these literals into `proxy.ts` / `middleware.ts` (a test keeps the example
 * in step); the middleware also skips static files itself at run time.
 */
export const defaultMatcher = [
  '/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)',
  '/(api|trpc)(.*)',
] as const;

const STATIC_FILE = /\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest|map|txt)$/i;

/** Next internals and static files: never authenticated, never redirected. */
export function isStaticPath(pathname: string): boolean {
  return pathname.startsWith('/_next/') || pathname === '/favicon.ico' || STATIC_FILE.test(pathname);
}
