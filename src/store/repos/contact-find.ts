/**
 * Finding who holds given addresses (external id, WhatsApp user id, phone): the reads that
 * contact resolution (contact-resolve.ts) and `contacts.find` decide from.
 */
import type {
  Compilable,
  Expression,
  ExpressionBuilder,
  Kysely,
  Selectable,
  SqlBool,
} from 'kysely';
import { chunks, type RepoContext } from '../context.js';
import { rowsPerStatement } from '../dialect.js';
import { StoreNotFoundError } from '../errors.js';
import type { ContactsTable, Database } from '../schema.js';
import { StatementCache, padList } from '../statements.js';
import { ADDRESS_COLUMN, ADDRESS_PRECEDENCE, type AddressField } from './contact-rows.js';

type ContactRow = Selectable<ContactsTable>;

/** What deciding who an input is reads: the addresses and the profile name. */
export type AddressRow = Pick<ContactRow, (typeof ADDRESS_ROW_COLUMNS)[number]>;
export type Given = Partial<Record<AddressField, string>>;

const FIND = new StatementCache('contacts.findByAddresses');
const FIND_ADDRESSES = new StatementCache('contacts.findAddressesByAddresses');
/**
 * Ingest resolves every inbound message's sender and needs only the id back: reading the
 * attributes (any size) and search text of every known person would be wasted.
 */
const ADDRESS_ROW_COLUMNS = [
  'id',
  'external_id',
  'phone',
  'wa_user_id',
  'profile_name',
] as const satisfies ReadonlyArray<keyof ContactRow>;

/** Every contact holding any of the given addresses: one query per few hundred inputs. */
export function findByAddresses(
  ctx: RepoContext,
  db: Kysely<Database>,
  givens: readonly Given[],
): Promise<ContactRow[]> {
  return findHolders(ctx, db, givens, FIND, (where) =>
    db.selectFrom('contacts').selectAll().where(where),
  );
}

/** findByAddresses, reading only what deciding who each input is needs. */
export function findAddressRows(
  ctx: RepoContext,
  db: Kysely<Database>,
  givens: readonly Given[],
): Promise<AddressRow[]> {
  return findHolders(ctx, db, givens, FIND_ADDRESSES, (where) =>
    db.selectFrom('contacts').select(ADDRESS_ROW_COLUMNS).where(where),
  );
}

type AddressFilter = (eb: ExpressionBuilder<Database, 'contacts'>) => Expression<SqlBool>;

async function findHolders<R extends { id: string }>(
  ctx: RepoContext,
  db: Kysely<Database>,
  givens: readonly Given[],
  cache: StatementCache,
  select: (where: AddressFilter) => Compilable<R>,
): Promise<R[]> {
  const found = new Map<string, R>();
  for (const batch of chunks(givens, rowsPerStatement(ctx.caps, 3, 300))) {
    const lists = ADDRESS_PRECEDENCE.map((field) =>
      padList([...new Set(batch.flatMap((g) => g[field] ?? []))]),
    );
    const { rows } = await cache.run(
      db,
      ctx.caps,
      lists.map((values) => values.length).join(','),
      lists.flat(),
      () =>
        select((eb) =>
          eb.or(
            ADDRESS_PRECEDENCE.flatMap((field, i) => {
              const values = lists[i] ?? [];
              return values.length === 0 ? [] : [eb(ADDRESS_COLUMN[field], 'in', values)];
            }),
          ),
        ),
    );
    for (const row of rows) found.set(row.id, row);
  }
  return [...found.values()];
}

/** Per given, the rows holding any of its addresses, in the order of `rows`. */
export function holdersOf<R extends AddressRow>(
  rows: readonly R[],
  givens: readonly Given[],
): R[][] {
  // An index by address instead of scanning every row per given: batches reach 1,000.
  const byAddress = new Map<string, number>();
  rows.forEach((row, i) => {
    for (const field of ADDRESS_PRECEDENCE) {
      const value = row[ADDRESS_COLUMN[field]];
      if (value !== null) byAddress.set(addressKey(field, value), i);
    }
  });
  return givens.map((given) => {
    const found = new Set<number>();
    for (const field of ADDRESS_PRECEDENCE) {
      const value = given[field];
      const i = value === undefined ? undefined : byAddress.get(addressKey(field, value));
      if (i !== undefined) found.add(i);
    }
    return [...found].sort((a, b) => a - b).flatMap((i) => rows[i] ?? []);
  });
}

export const addressKey = (field: AddressField, value: string) => `${field}\u0000${value}`;

export function pickPrimary<R extends AddressRow>(rows: R[], given: Given): R {
  for (const field of ADDRESS_PRECEDENCE) {
    const value = given[field];
    const match = rows.find((r) => value !== undefined && r[ADDRESS_COLUMN[field]] === value);
    if (match !== undefined) return match;
  }
  // Callers pass only rows that hold one of the given addresses.
  throw new StoreNotFoundError('no contact matches the given addresses');
}
