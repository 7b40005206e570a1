/**
 * Taking due effects off the outbox: claimed with a lease (several dispatchers on one
 * database), or read as they are (a dispatcher alone on SQLite). Both walk pending rows in
 * claim order — due time, then id, the pending index's order — and stop at the limit.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import { withTransaction, type RepoContext } from '../context.js';
import { pickedBy } from '../dialect.js';
import type { Database } from '../schema.js';
import { partitionFilter } from '../partitions.js';
import { StatementCache, inlineLimit, padList } from '../statements.js';
import { fromRow, type OutboxItem } from './outbox-rows.js';

export interface OutboxClaim {
  owner: string;
  now: number;
  leaseMs: number;
  limit: number;
  /** Only these partitions (default: all). */
  partitions?: readonly number[];
  /** Only this kind. */
  kind?: string;
  /** Not the effects of these contacts (the dispatcher has one of theirs out already). */
  notFor?: readonly string[];
}

export type OutboxLook = Omit<OutboxClaim, 'owner' | 'leaseMs'>;

const DUE = new StatementCache('outbox.due');

/**
 * Claims due pending effects, oldest due first, for `owner` until `now + leaseMs` — in
 * the same statement, so two dispatchers never get one row.
 */
export async function claimDue(ctx: RepoContext, claim: OutboxClaim): Promise<OutboxItem[]> {
  if (claim.limit <= 0 || claim.partitions?.length === 0) return [];
  const look = lookOf(claim);
  const rows = await withTransaction(ctx, (db) =>
    db
      .updateTable('outbox')
      .set((eb) => ({
        state: 'claimed',
        lease_owner: claim.owner,
        lease_until: claim.now + claim.leaseMs,
        attempts: eb('attempts', '+', 1),
        updated_at: claim.now,
      }))
      .where(pickedBy(ctx.caps, 'id', db.selectFrom('outbox').select('id').$call(duePending(look))))
      .returningAll()
      .execute(),
  );
  return rows.map(fromRow).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id);
}

/**
 * Due pending effects, in claim order, read without claiming them. The dispatcher reads
 * them for every wave, so the statement is compiled once per shape (limit, partitions,
 * kind, the padded not-for list) rather than built by Kysely each time.
 */
export async function readDue(ctx: RepoContext, claim: OutboxLook): Promise<OutboxItem[]> {
  if (claim.limit <= 0 || claim.partitions?.length === 0) return [];
  const look = lookOf(claim);
  const parameters: unknown[] = [look.now, ...(look.partitions ?? [])];
  if (look.kind !== undefined) parameters.push(look.kind);
  parameters.push(...look.notFor);
  const shape = [
    look.limit,
    look.partitions?.length ?? 'all',
    look.kind === undefined ? 'any' : 'kind',
    look.notFor.length,
  ].join(':');
  const { rows } = await DUE.run(ctx.db, ctx.caps, shape, parameters, () =>
    ctx.db.selectFrom('outbox').selectAll().$call(duePending(look)),
  );
  return rows.map(fromRow);
}

/** A look with its lists as they go into the SQL: partitions filtered, not-for padded. */
interface DueLook {
  now: number;
  limit: number;
  partitions: readonly number[] | undefined;
  kind: string | undefined;
  notFor: string[];
}

function lookOf(claim: OutboxLook): DueLook {
  return {
    now: claim.now,
    limit: Math.max(0, Math.trunc(claim.limit)),
    partitions: claim.partitions === undefined ? undefined : partitionFilter(claim.partitions),
    kind: claim.kind,
    // Padded to a power of two: the list changes with every look, and each new length
    // would be a new statement to compile and prepare.
    notFor: padList(claim.notFor ?? []),
  };
}

/** Due pending effects, in claim order, of the given partitions, kind and people. */
function duePending(look: DueLook) {
  return <O>(pick: SelectQueryBuilder<Database, 'outbox', O>) => {
    let q = pick
      .where('state', '=', sql.lit('pending' as const))
      .where('next_attempt_at', '<=', look.now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(inlineLimit(look.limit));
    if (look.partitions !== undefined) q = q.where('partition', 'in', [...look.partitions]);
    if (look.kind !== undefined) q = q.where('kind', '=', look.kind);
    if (look.notFor.length > 0)
      q = q.where((eb) =>
        eb.or([eb('contact_id', 'is', null), eb('contact_id', 'not in', look.notFor)]),
      );
    return q;
  };
}
