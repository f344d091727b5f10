import type { ClientRecord, SessionActivity } from '../../store/contract.js';
import type { DomainContext } from '../context.js';
import { DomainErrorCode, LatchkeyDomainError } from '../errors.js';
import { startSession, type StartSessionResult } from '../sessions/start-session.js';
import { getDummyPasswordHash, verifyPassword } from '../users/password.js';

/**
 * Password sign-in. An unknown e-mail and a wrong password give the same
 * error after the same amount of work (a dummy hash is checked), so neither
 * the answer nor its timing tells whether an account exists.
 */
export async function signInWithPassword(
  ctx: DomainContext,
  input: { identifier: string; password: string; client: ClientRecord | null; activity: SessionActivity | null },
): Promise<StartSessionResult> {
  const user = await ctx.store.users.getByEmail(input.identifier.trim().toLowerCase());
  const hash = user?.passwordHash ?? (await getDummyPasswordHash());
  const ok = (await verifyPassword(hash, input.password)) && user !== null && user.passwordHash !== null;
  if (!ok || !user) {
    throw new LatchkeyDomainError(DomainErrorCode.IdentifierOrPasswordInvalid, 'The e-mail address or password is incorrect');
  }
  // Only someone who knows the password learns that the account is banned or locked.
  if (user.banned) throw new LatchkeyDomainError(DomainErrorCode.UserBanned, 'This account is banned');
  if (user.locked) throw new LatchkeyDomainError(DomainErrorCode.UserLocked, 'This account is locked');
  return startSession(ctx, { user, client: input.client, activity: input.activity });
}
