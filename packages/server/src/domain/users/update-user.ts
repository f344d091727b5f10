import type { Json, UserPatch, UserRecord } from '../../store/contract.js';
import type { DomainContext } from '../context.js';
import { DomainErrorCode, LatchkeyDomainError } from '../errors.js';
import { inTransaction } from '../events.js';
import { revokeUserSessions } from '../sessions/end-session.js';
import { assertPasswordAcceptable, normalizeEmail } from './create-user.js';
import { hashPassword } from './password.js';

export interface UpdateUserInput {
  emailAddress?: string;
  password?: string;
  firstName?: string | null;
  lastName?: string | null;
  externalId?: string | null;
  publicMetadata?: Json;
  privateMetadata?: Json;
  unsafeMetadata?: Json;
}

async function getUserOrThrow(ctx: DomainContext, userId: string): Promise<UserRecord> {
  const user = await ctx.store.users.getById(userId);
  if (!user) throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No user with that id');
  return user;
}

async function apply(ctx: DomainContext, userId: string, patch: Omit<UserPatch, 'updatedAt'>): Promise<UserRecord> {
  return inTransaction(ctx, async (tx) => {
    const updated = await tx.store.users.update(userId, { ...patch, updatedAt: tx.now() });
    if (!updated) throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No user with that id');
    tx.events.emit({ type: 'user.updated', user: updated });
    return updated;
  });
}

/** Replaces the given fields (metadata objects are replaced whole: Clerk's PATCH /users/{id}). */
export async function updateUser(ctx: DomainContext, userId: string, input: UpdateUserInput): Promise<UserRecord> {
  await getUserOrThrow(ctx, userId);
  const patch: Omit<UserPatch, 'updatedAt'> = {
    firstName: input.firstName,
    lastName: input.lastName,
    externalId: input.externalId,
    publicMetadata: input.publicMetadata,
    privateMetadata: input.privateMetadata,
    unsafeMetadata: input.unsafeMetadata,
  };
  if (input.emailAddress !== undefined) {
    const email = normalizeEmail(input.emailAddress);
    const other = await ctx.store.users.getByEmail(email);
    if (other && other.id !== userId) {
      throw new LatchkeyDomainError(DomainErrorCode.IdentifierExists, 'That e-mail address is taken', { param_name: 'email_address' });
    }
    patch.emailAddress = email;
  }
  if (input.password !== undefined) {
    assertPasswordAcceptable(input.password);
    patch.passwordHash = await hashPassword(input.password);
  }
  return apply(ctx, userId, patch);
}

/**
 * Deep-merges metadata (Clerk's PATCH /users/{id}/metadata): nested objects
 * merge, other values replace, and `null` deletes a key.
 */
export async function mergeUserMetadata(
  ctx: DomainContext,
  userId: string,
  input: { publicMetadata?: Json; privateMetadata?: Json; unsafeMetadata?: Json },
): Promise<UserRecord> {
  const user = await getUserOrThrow(ctx, userId);
  return apply(ctx, userId, {
    publicMetadata: input.publicMetadata ? deepMerge(user.publicMetadata, input.publicMetadata) : undefined,
    privateMetadata: input.privateMetadata ? deepMerge(user.privateMetadata, input.privateMetadata) : undefined,
    unsafeMetadata: input.unsafeMetadata ? deepMerge(user.unsafeMetadata, input.unsafeMetadata) : undefined,
  });
}

export function deepMerge(target: Json, patch: Json): Json {
  const out: Json = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(out[key])) out[key] = deepMerge(out[key] as Json, value);
    else out[key] = value;
  }
  return out;
}

const isPlainObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Bans a user: they cannot sign in, and every session they have is revoked at once. */
export async function banUser(ctx: DomainContext, userId: string): Promise<UserRecord> {
  await getUserOrThrow(ctx, userId);
  const user = await apply(ctx, userId, { banned: true });
  await revokeUserSessions(ctx, userId);
  return user;
}

export async function unbanUser(ctx: DomainContext, userId: string): Promise<UserRecord> {
  await getUserOrThrow(ctx, userId);
  return apply(ctx, userId, { banned: false });
}

/** Deletes a user and (by cascade) their sessions, announcing the revocations first. */
export async function deleteUser(ctx: DomainContext, userId: string): Promise<UserRecord> {
  const user = await getUserOrThrow(ctx, userId);
  await revokeUserSessions(ctx, userId);
  await inTransaction(ctx, async (tx) => {
    await tx.store.users.delete(userId);
    tx.events.emit({ type: 'user.deleted', user });
  });
  return user;
}
