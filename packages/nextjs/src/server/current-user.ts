import type { UserJson } from '@latchkey/backend';
import { isLatchkeyError, LatchkeyErrorCode, type LatchkeyApiError } from '@latchkey/backend/errors';
import { auth } from './auth.js';
import { serverClient } from './resolve-options.js';

/**
 * The signed-in user (Backend API `GET /v1/users/{id}`, Clerk's shape), or
 * `null` when signed out or the user no longer exists. Needs the secret key
 * (`LATCHKEY_SECRET_KEY`; embedded mode has it).
 * @example
 * const user = await currentUser();
 * const email = user?.email_addresses[0]?.email_address;
 */
export async function currentUser(): Promise<UserJson | null> {
  const { userId } = await auth();
  if (!userId) return null;
  const client = await serverClient();
  try {
    return await client.users.getUser(userId);
  } catch (error) {
    if (isLatchkeyError(error, LatchkeyErrorCode.Api) && (error as LatchkeyApiError).status === 404) return null;
    throw error;
  }
}
