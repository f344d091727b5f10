import { z } from 'zod';
import { updateUser } from '../../../domain/users/update-user.js';
import { defineEndpoint } from '../../endpoint.js';
import { json } from '../../respond.js';
import { serializeUser } from '../../serializers/user.js';

const metadata = z.record(z.string(), z.unknown()).nullable().optional();
/** Latchkey keeps metadata an object: `null` for a whole object writes `{}`. */
const orEmpty = (value: Record<string, unknown> | null | undefined) => (value === null ? {} : value);

/**
 * Clerk's replace semantics (`replaceUserMetadata`, and `updateUser` with
 * metadata): each object given replaces the stored one whole, those not
 * given stay. `PATCH /v1/users/{id}/metadata` is the deep merge.
 */
export const replaceUserMetadata = defineEndpoint({
  method: 'PUT',
  path: '/v1/users/:id/metadata',
  area: 'backend',
  summary: "Replaces a user's metadata objects given; those not given stay",
  body: z.object({ public_metadata: metadata, private_metadata: metadata, unsafe_metadata: metadata }),
  async handler(rc) {
    const user = await updateUser(rc.domain, rc.params.id!, {
      publicMetadata: orEmpty(rc.body.public_metadata),
      privateMetadata: orEmpty(rc.body.private_metadata),
      unsafeMetadata: orEmpty(rc.body.unsafe_metadata),
    });
    return json(serializeUser(user));
  },
});
