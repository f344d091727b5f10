import { z } from 'zod';
import { json } from '../../respond.js';

/** Clerk's list parameters: `limit` (1–500, default 10), `offset`, and `paginated=true` for `{ data, total_count }`. */
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(10),
  offset: z.coerce.number().int().min(0).default(0),
  paginated: z.enum(['true', 'false']).optional(),
});

export function listResponse<T>(data: T[], totalCount: () => Promise<number>, paginated: string | undefined) {
  if (paginated !== 'true') return Promise.resolve(json(data));
  return totalCount().then((total) => json({ data, total_count: total }));
}
