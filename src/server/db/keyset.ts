import 'server-only';
import { asc, desc, sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * Keyset (cursor) pagination shared by every paged list: a page is "the rows strictly beyond a
 * position, in the list's order", so paging costs one index range scan however deep it goes, and a
 * row inserted meanwhile never shifts a page. A position is the sort key plus a unique tiebreak.
 */
export interface KeysetOrder {
  key: AnyColumn;
  /** A unique column that settles ties in `key`; omit when `key` is unique itself. */
  tiebreak?: AnyColumn;
  direction: 'asc' | 'desc';
}

export interface Position {
  key: string | number;
  tiebreak?: string | number;
}

export interface KeysetRequest {
  after?: Position;
  before?: Position;
  limit: number;
}

export interface KeysetPage<Row> {
  items: Row[];
  /** The last row's position, to pass as `after`; null on the last page. */
  next: Position | null;
  /** The first row's position, to pass as `before`; null on the first page. */
  prev: Position | null;
}

/** The rows on one side of `position` in `order`: `after` = further along the order, `before` = earlier. */
export function beyond(order: KeysetOrder, position: Position, side: 'after' | 'before'): SQL {
  const less = (order.direction === 'desc') === (side === 'after');
  const op = sql.raw(less ? '<' : '>');
  return order.tiebreak
    ? sql`(${order.key}, ${order.tiebreak}) ${op} (${position.key}, ${position.tiebreak ?? null})`
    : sql`${order.key} ${op} ${position.key}`;
}

export function keysetOrderBy(order: KeysetOrder, backwards: boolean): SQL[] {
  const direction = (order.direction === 'desc') !== backwards ? desc : asc;
  return [direction(order.key), ...(order.tiebreak ? [direction(order.tiebreak)] : [])];
}

/**
 * One page: `fetch` runs the list's query with the extra boundary condition and ordering; `exists`
 * answers whether any row lies beyond a boundary (for the link that the page itself cannot tell).
 */
export async function keysetPage<Row>(
  order: KeysetOrder,
  { after, before, limit }: KeysetRequest,
  positionOf: (row: Row) => Position,
  fetch: (boundary: SQL | undefined, ordering: SQL[], limit: number) => Promise<Row[]>,
  exists: (boundary: SQL) => Promise<boolean>,
): Promise<KeysetPage<Row>> {
  const backwards = before !== undefined;
  const boundary = before ? beyond(order, before, 'before') : after ? beyond(order, after, 'after') : undefined;
  const rows = await fetch(boundary, keysetOrderBy(order, backwards), limit + 1);
  const hasMore = rows.length > limit;
  const items = rows.slice(0, limit);
  if (backwards) items.reverse();
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return { items, next: null, prev: null };
  const [firstAt, lastAt] = [positionOf(first), positionOf(last)];
  return {
    items,
    next: (backwards ? await exists(beyond(order, lastAt, 'after')) : hasMore) ? lastAt : null,
    prev: (backwards ? hasMore : after !== undefined && (await exists(beyond(order, firstAt, 'before')))) ? firstAt : null,
  };
}
