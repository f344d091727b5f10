import { z } from 'zod';
import type { Json, UserRecord } from '../../store/contract.js';
import type { DomainContext } from '../context.js';
import { DomainErrorCode, LatchkeyDomainError } from '../errors.js';
import { createId } from '../ids.js';
import { inTransaction } from '../events.js';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.js';

const emailSchema = z.email().max(320);

export interface CreateUserInput {
  emailAddress: string;
  /** Omit for a user who signs in some other way (or not yet). */
  password?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  externalId?: string | null;
  publicMetadata?: Json;
  privateMetadata?: Json;
  unsafeMetadata?: Json;
}

export function assertPasswordAcceptable(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new LatchkeyDomainError(
      DomainErrorCode.PasswordInvalid,
      `Passwords must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`,
      { param_name: 'password' },
    );
  }
}

export function normalizeEmail(emailAddress: string): string {
  const email = emailAddress.trim().toLowerCase();
  if (!emailSchema.safeParse(email).success) {
    throw new LatchkeyDomainError(DomainErrorCode.IdentifierInvalid, 'That is not a valid e-mail address', {
      param_name: 'email_address',
    });
  }
  return email;
}

/** Creates a user; the e-mail address is unique case-insensitively. */
export async function createUser(ctx: DomainContext, input: CreateUserInput): Promise<UserRecord> {
  const emailAddress = normalizeEmail(input.emailAddress);
  if (input.password != null) assertPasswordAcceptable(input.password);
  if (await ctx.store.users.getByEmail(emailAddress)) throw identifierExists();
  const at = ctx.now();
  const user: UserRecord = {
    id: createId('user', ctx.random),
    emailAddress,
    emailAddressId: createId('idn', ctx.random),
    passwordHash: input.password != null ? await hashPassword(input.password) : null,
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    externalId: input.externalId ?? null,
    publicMetadata: input.publicMetadata ?? {},
    privateMetadata: input.privateMetadata ?? {},
    unsafeMetadata: input.unsafeMetadata ?? {},
    banned: false,
    locked: false,
    createdAt: at,
    updatedAt: at,
    lastSignInAt: null,
  };
  try {
    await inTransaction(ctx, async (tx) => {
      await tx.store.users.create(user);
      tx.events.emit({ type: 'user.created', user });
    });
  } catch (error) {
    // Two sign-ups for one address at the same moment: the unique index decides.
    if (await ctx.store.users.getByEmail(emailAddress)) throw identifierExists();
    throw error;
  }
  return user;
}

const identifierExists = () =>
  new LatchkeyDomainError(DomainErrorCode.IdentifierExists, 'That e-mail address is taken', { param_name: 'email_address' });
