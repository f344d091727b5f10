import { z } from 'zod';
import { DomainErrorCode, LatchkeyDomainError } from '../../../domain/errors.js';
import { createUser as create } from '../../../domain/users/create-user.js';
import { banUser, deleteUser as remove, mergeUserMetadata, unbanUser, updateUser as update } from '../../../domain/users/update-user.js';
import { defineEndpoint } from '../../endpoint.js';
import { json } from '../../respond.js';
import { serializeUser } from '../../serializers/user.js';
import { listQuery, listResponse } from './pagination.js';

const metadata = z.record(z.string(), z.unknown());

/** Fields a user is created or updated with (Clerk's names). */
const userFields = {
  password: z.string().max(1024).optional(),
  first_name: z.string().max(256).nullable().optional(),
  last_name: z.string().max(256).nullable().optional(),
  external_id: z.string().max(256).nullable().optional(),
  public_metadata: metadata.optional(),
  private_metadata: metadata.optional(),
  unsafe_metadata: metadata.optional(),
};
type UserFields = z.infer<z.ZodObject<typeof userFields>>;

const toUserInput = (b: UserFields) => ({
  firstName: b.first_name,
  lastName: b.last_name,
  externalId: b.external_id,
  publicMetadata: b.public_metadata,
  privateMetadata: b.private_metadata,
  unsafeMetadata: b.unsafe_metadata,
});
/** Clerk sends repeated query keys (`email_address=a&email_address=b`); we also accept comma lists. */
const stringList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
  .optional();

const orderBy = z.enum(['created_at', '-created_at', '+created_at', 'last_sign_in_at', '-last_sign_in_at', '+last_sign_in_at', 'email_address', '-email_address', '+email_address']);

export const listUsers = defineEndpoint({
  method: 'GET',
  path: '/v1/users',
  area: 'backend',
  summary: 'Lists users, newest first, with search (`query`), e-mail and id filters',
  query: listQuery.extend({ query: z.string().max(256).optional(), email_address: stringList, user_id: stringList, order_by: orderBy.optional() }),
  async handler(rc) {
    const q = rc.query;
    const emailAddresses = rc.url.searchParams.getAll('email_address').flatMap((v) => v.split(','));
    const userIds = rc.url.searchParams.getAll('user_id').flatMap((v) => v.split(','));
    const filter = { query: q.query, emailAddresses, userIds };
    const users = await rc.domain.store.users.list({
      ...filter,
      limit: q.limit,
      offset: q.offset,
      orderBy: q.order_by?.replace('+', '') as never,
    });
    return listResponse(users.map((u) => serializeUser(u)), () => rc.domain.store.users.count(filter), q.paginated);
  },
});

export const countUsers = defineEndpoint({
  method: 'GET',
  path: '/v1/users/count',
  area: 'backend',
  summary: 'Counts users matching the same filters as the list',
  query: z.object({ query: z.string().max(256).optional() }).passthrough(),
  async handler(rc) {
    const emailAddresses = rc.url.searchParams.getAll('email_address').flatMap((v) => v.split(','));
    const userIds = rc.url.searchParams.getAll('user_id').flatMap((v) => v.split(','));
    const total = await rc.domain.store.users.count({ query: rc.query.query, emailAddresses, userIds });
    return json({ object: 'total_count', total_count: total });
  },
});

export const createUser = defineEndpoint({
  method: 'POST',
  path: '/v1/users',
  area: 'backend',
  summary: 'Creates a user (Clerk shape: email_address is an array; the first is used)',
  body: z.object({
    ...userFields,
    email_address: z.union([z.string(), z.array(z.string()).min(1)]),
    skip_password_checks: z.boolean().optional(),
    skip_password_requirement: z.boolean().optional(),
  }),
  async handler(rc) {
    const b = rc.body;
    const user = await create(rc.domain, {
      ...toUserInput(b),
      emailAddress: Array.isArray(b.email_address) ? b.email_address[0]! : b.email_address,
      password: b.password ?? null,
    });
    return json(serializeUser(user));
  },
});

export const getUser = defineEndpoint({
  method: 'GET',
  path: '/v1/users/:id',
  area: 'backend',
  summary: 'Gets one user',
  async handler(rc) {
    const user = await rc.domain.store.users.getById(rc.params.id!);
    if (!user) throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No user with that id');
    return json(serializeUser(user));
  },
});

export const updateUser = defineEndpoint({
  method: 'PATCH',
  path: '/v1/users/:id',
  area: 'backend',
  summary: 'Updates a user; metadata objects given here replace the stored ones',
  body: z.object({ ...userFields, primary_email_address: z.string().max(320).optional() }),
  async handler(rc) {
    const b = rc.body;
    const user = await update(rc.domain, rc.params.id!, {
      ...toUserInput(b),
      emailAddress: b.primary_email_address,
      password: b.password,
    });
    return json(serializeUser(user));
  },
});

export const updateUserMetadata = defineEndpoint({
  method: 'PATCH',
  path: '/v1/users/:id/metadata',
  area: 'backend',
  summary: 'Deep-merges metadata into a user (null deletes a key)',
  body: z.object({ public_metadata: metadata.optional(), private_metadata: metadata.optional(), unsafe_metadata: metadata.optional() }),
  async handler(rc) {
    const user = await mergeUserMetadata(rc.domain, rc.params.id!, {
      publicMetadata: rc.body.public_metadata,
      privateMetadata: rc.body.private_metadata,
      unsafeMetadata: rc.body.unsafe_metadata,
    });
    return json(serializeUser(user));
  },
});

export const deleteUser = defineEndpoint({
  method: 'DELETE',
  path: '/v1/users/:id',
  area: 'backend',
  summary: 'Deletes a user and their sessions',
  async handler(rc) {
    const user = await remove(rc.domain, rc.params.id!);
    return json({ object: 'user', id: user.id, deleted: true });
  },
});

export const banUserEndpoint = defineEndpoint({
  method: 'POST',
  path: '/v1/users/:id/ban',
  area: 'backend',
  summary: 'Bans a user and revokes all their sessions',
  async handler(rc) {
    return json(serializeUser(await banUser(rc.domain, rc.params.id!)));
  },
});

export const unbanUserEndpoint = defineEndpoint({
  method: 'POST',
  path: '/v1/users/:id/unban',
  area: 'backend',
  summary: 'Lifts a ban',
  async handler(rc) {
    return json(serializeUser(await unbanUser(rc.domain, rc.params.id!)));
  },
});
