/**
 * A Map used as a least-recently-used cache: a Map iterates in insertion order, so an entry
 * moved to the end on every use leaves the least recently used one first, to be dropped
 * when the cache is full. Statements run every batch then stay, whatever bursts of one-off
 * ones (dashboard queries, an export) pass through.
 */
export function lruGet<K, V>(cache: Map<K, V>, key: K, max: number, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= max) {
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
  } else {
    cache.delete(key);
  }
  cache.set(key, value);
  return value;
}
