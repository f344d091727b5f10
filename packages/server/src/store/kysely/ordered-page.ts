/** The list and count steps the paged stores share. */
import { sql, type SelectQueryBuilder } from 'kysely';

/**
 * Orders `query` by `order` (spelt as in the store contract: `name`
 * ascending, `-name` descending; the contract's types say which columns),
 * then by `id` so that equal values never swap places between pages, and
 * takes one page (default: the first 10).
 */
export function orderedPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  order: string,
  page: { limit?: number; offset?: number },
): SelectQueryBuilder<DB, TB, O> {
  const descending = order.startsWith('-');
  return query
    .orderBy(sql.ref(descending ? order.slice(1) : order), descending ? 'desc' : 'asc')
    .orderBy(sql.ref('id'), 'asc')
    .limit(page.limit ?? 10)
    .offset(page.offset ?? 0);
}

/** How many rows `query` matches. */
export async function countRows<DB, TB extends keyof DB>(query: SelectQueryBuilder<DB, TB, object>): Promise<number> {
  // The generic builder cannot name the selected column for TypeScript; the selection is `n` alone.
  const row = (await query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()) as { n: number | string };
  // PostgreSQL answers COUNT as a string (BIGINT).
  return Number(row.n);
}
