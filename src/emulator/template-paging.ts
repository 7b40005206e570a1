/**
 * Graph cursor paging over a list: `limit` (default 25), `after` / `before` cursors, and
 * `paging: {cursors: {before, after}, next?, previous?}` where `next` / `previous` are full
 * URLs present only when there is more in that direction. Cursors are opaque base64, as
 * Meta's are; ours hold the template id.
 */
import { GraphError } from './errors.js';
import type { Json } from './json-fields.js';
import type { Template } from './templates-store.js';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;

const encode = (id: string) => Buffer.from(`tpl:${id}`).toString('base64url');

function decode(cursor: string, items: Template[]): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const index = text.startsWith('tpl:') ? items.findIndex((t) => t.id === text.slice(4)) : -1;
  if (index < 0) throw new GraphError(100, `Invalid cursor: ${cursor}`);
  return index;
}

export function pageOf(
  items: Template[],
  query: { limit?: string; after?: string; before?: string },
  /** The request's absolute URL; `next` / `previous` are built from it. */
  requestUrl: string,
): { items: Template[]; paging: Json } {
  const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new GraphError(100, `Param limit must be an integer from 1 to ${MAX_LIMIT}.`);
  let start = 0;
  let end = Math.min(items.length, limit);
  if (query.after !== undefined) {
    start = decode(query.after, items) + 1;
    end = Math.min(items.length, start + limit);
  } else if (query.before !== undefined) {
    end = decode(query.before, items);
    start = Math.max(0, end - limit);
  }
  const page = items.slice(start, end);
  const first = page[0];
  const last = page[page.length - 1];
  const paging: Json = {};
  if (first && last) paging.cursors = { before: encode(first.id), after: encode(last.id) };
  const link = (key: 'after' | 'before', cursor: string) => {
    const url = new URL(requestUrl);
    url.searchParams.delete('after');
    url.searchParams.delete('before');
    url.searchParams.set('limit', String(limit));
    url.searchParams.set(key, cursor);
    return url.toString();
  };
  if (last && end < items.length) paging.next = link('after', encode(last.id));
  if (first && start > 0) paging.previous = link('before', encode(first.id));
  return { items: page, paging };
}
