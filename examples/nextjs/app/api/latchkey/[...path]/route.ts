import { embeddedLatchkey } from '../../../../lib/latchkey';

// The whole auth server, mounted inside the app (embedded mode only).
const notMounted = async () =>
  Response.json({ errors: [{ code: 'resource_not_found', message: 'The auth server is standalone (LATCHKEY_API_URL)' }] }, { status: 404 });
const handlers = embeddedLatchkey?.handlers;

export const GET = handlers?.GET ?? notMounted;
export const HEAD = handlers?.HEAD ?? notMounted;
export const POST = handlers?.POST ?? notMounted;
export const PUT = handlers?.PUT ?? notMounted;
export const PATCH = handlers?.PATCH ?? notMounted;
export const DELETE = handlers?.DELETE ?? notMounted;
export const OPTIONS = handlers?.OPTIONS ?? notMounted;
