import type { ClientRecord, SessionActivity, UserRecord } from '../../store/contract.js';
import type { DomainContext } from '../context.js';
import { startSession, type StartSessionResult } from '../sessions/start-session.js';
import { createUser } from '../users/create-user.js';

/** Creates an account with e-mail and password and signs it in on this browser. */
export async function signUp(
  ctx: DomainContext,
  input: { emailAddress: string; password: string; client: ClientRecord | null; activity: SessionActivity | null },
): Promise<StartSessionResult & { user: UserRecord }> {
  const user = await createUser(ctx, { emailAddress: input.emailAddress, password: input.password });
  const started = await startSession(ctx, { user, client: input.client, activity: input.activity });
  return { ...started, user };
}
