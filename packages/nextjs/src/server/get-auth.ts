import { authFromHeaders, type ServerAuth } from './auth.js';

/** A Pages Router request: `NextApiRequest`, `GetServerSidePropsContext['req']` or a Web `Request`. */
export type PagesRequest = Request | { headers: Record<string, string | string[] | undefined> };

/**
 * The Auth object of a Pages Router request (API routes and
 * `getServerSideProps`), from what the middleware forwarded.
 * @example
 * export default async function handler(req: NextApiRequest, res: NextApiResponse) {
 *   const { userId } = await getAuth(req);
 *   if (!userId) return res.status(401).json({ errors: [{ code: 'signed_out', message: 'Sign in' }] });
 * }
 */
export function getAuth(req: PagesRequest): Promise<ServerAuth> {
  const headers =
    req instanceof Request
      ? req.headers
      : {
          get(name: string): string | null {
            const value = req.headers[name];
            return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
          },
        };
  return authFromHeaders(headers, 'getAuth()');
}
