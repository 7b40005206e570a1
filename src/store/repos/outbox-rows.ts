/** An outbox row as the dispatcher and the dashboard see it. */
import type { Selectable } from 'kysely';
import { fromJson } from '../json.js';
import type { OutboxState, OutboxTable } from '../schema.js';

export interface OutboxItem {
  id: number;
  key: string;
  journeyId: string | null;
  contactId: string | null;
  partition: number;
  kind: string;
  number: string | null;
  payload: unknown;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  result: unknown;
  createdAt: number;
  updatedAt: number;
}

export function fromRow(row: Selectable<OutboxTable>): OutboxItem {
  return {
    id: Number(row.id),
    key: row.key,
    journeyId: row.journey_id,
    contactId: row.contact_id,
    partition: row.partition,
    kind: row.kind,
    number: row.number,
    payload: fromJson<unknown>(row.payload),
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    result: fromJson<unknown>(row.result),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
