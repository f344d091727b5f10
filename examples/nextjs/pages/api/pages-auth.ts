import type { NextApiRequest, NextApiResponse } from 'next';
import { getAuth } from '@latchkey/nextjs/server';

/** The Pages Router: `getAuth(req)` in an API route. */
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { userId, sessionId } = await getAuth(req);
  if (!userId) return res.status(401).json({ errors: [{ code: 'signed_out', message: 'Sign in to continue.' }] });
  return res.status(200).json({ router: 'pages', userId, sessionId });
}
