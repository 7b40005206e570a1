/**
 * Parses the one database setting, `DATABASE_URL`, into a target. The accepted forms are
 * listed in every error so a person who mistyped it knows what to write instead.
 */
import { StoreUrlError } from './errors.js';

export type StoreTarget =
  | {
      dialect: 'sqlite';
      path: ':memory:' | string;
      /** From `?synchronous=normal|full` on the URL, when given. */
      synchronous?: 'NORMAL' | 'FULL';
    }
  | { dialect: 'postgres'; connectionString: string };

export const ACCEPTED_URLS =
  'sqlite:./data/riposte.db (a file, created if missing; add ?synchronous=full to fsync ' +
  'every commit), sqlite::memory:, ' +
  'or postgres://user:password@host:5432/database (postgresql:// too)';

export function parseStoreUrl(url: string, setting = 'DATABASE_URL'): StoreTarget {
  const value = url.trim();
  if (value === '') {
    throw new StoreUrlError(`${setting} is empty. Use ${ACCEPTED_URLS}.`);
  }
  if (value.startsWith('sqlite:')) {
    // `sqlite:` + a path; `sqlite://x` would be ambiguous (host or path?), so it is refused.
    const [path = '', query] = value.slice('sqlite:'.length).split('?', 2);
    if (path === '' || path.startsWith('//')) {
      throw new StoreUrlError(
        `${setting} "${value}" has no SQLite file path. Use ${ACCEPTED_URLS}.`,
      );
    }
    if (query === undefined) return { dialect: 'sqlite', path };
    const params = new URLSearchParams(query);
    const synchronous = params.get('synchronous')?.toUpperCase();
    const unknown = [...params.keys()].filter((key) => key !== 'synchronous');
    if (unknown.length > 0 || (synchronous !== 'NORMAL' && synchronous !== 'FULL')) {
      throw new StoreUrlError(
        `${setting} "${value}": the only SQLite option is synchronous=normal or synchronous=full.`,
      );
    }
    return { dialect: 'sqlite', path, synchronous };
  }
  if (value.startsWith('postgres://') || value.startsWith('postgresql://')) {
    try {
      new URL(value);
    } catch {
      throw new StoreUrlError(
        `${setting} "${redact(value)}" is not a valid Postgres URL. Use ${ACCEPTED_URLS}.`,
      );
    }
    return { dialect: 'postgres', connectionString: value };
  }
  throw new StoreUrlError(`${setting} "${redact(value)}" is not supported. Use ${ACCEPTED_URLS}.`);
}

/** Hides a password before a URL goes into a message or a log. */
export function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
