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

/** `+name` (Clerk's explicit ascending) orders like `name`; the store knows only `name` and `-name`. */
export function toOrderBy<T extends string>(orderBy: T | undefined): (T extends `+${infer Column}` ? Column : T) | undefined {
  return orderBy?.replace(/^\+/, '') as (T extends `+${infer Column}` ? Column : T) | undefined;
}

/** Reads a page and the total of the same filter together and answers Clerk's `{ data, total_count }`. */
export async function pageResponse<R, T>(page: Promise<R[]>, total: Promise<number>, serialize: (records: R[]) => T[] | Promise<T[]>): Promise<Response> {
  const [records, totalCount] = await Promise.all([page, total]);
  return json({ data: await serialize(records), total_count: totalCount });
}
