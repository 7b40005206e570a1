/** Journeys as rows: the engine's Journey to a row and back, and the opaque page cursor. */
import type { Selectable } from 'kysely';
import type { Journey } from '../../engine/types.js';
import { StoreInputError } from '../errors.js';
import { fromJson, toJson } from '../json.js';
import { decodeCursor, encodeCursor } from '../page-cursor.js';
import type { JourneysTable } from '../schema.js';
import type { JourneyRecord, JourneyWrite } from './journeys.js';

export function toRow(write: JourneyWrite): JourneysTable {
  const j = write.journey;
  return {
    id: j.id,
    canvas_id: j.canvasId,
    version: j.version,
    contact_id: j.contactId,
    status: j.status,
    step_id: j.stepId ?? '',
    branch: write.branch ?? null,
    state: toJson(j),
    entered_at: j.enteredAt,
    updated_at: j.updatedAt,
    ended_at: j.endedAt ?? null,
    // An inserted row starts at expected + 1 (1 for a new journey).
    row_version: (write.expectedVersion ?? 0) + 1,
  };
}

/** An opaque page cursor: the index key of the last row of the page. */
export function cursor(row: Pick<JourneysTable, 'step_id' | 'status' | 'id'>): string {
  return encodeCursor([row.step_id, row.status, row.id]);
}

export function parseCursor(text: string): [string, JourneysTable['status'], string] {
  const value = decodeCursor(text);
  if (
    Array.isArray(value) &&
    value.length === 3 &&
    typeof value[0] === 'string' &&
    (value[1] === 'active' || value[1] === 'waiting' || value[1] === 'ended') &&
    typeof value[2] === 'string'
  ) {
    return [value[0], value[1], value[2]];
  }
  throw new StoreInputError(`"${text}" is not a journey page cursor`);
}

/**
 * The columns a record is read from: the journey itself is whole in `state`. Reading only
 * these is 2.5× faster per row than `select *` through better-sqlite3 (4 against 10 µs,
 * measured over 150,000 rows), which builds a property per column of every row.
 */
export const RECORD_COLUMNS = ['state', 'branch', 'row_version'] as const;

export function fromRow(
  row: Pick<Selectable<JourneysTable>, (typeof RECORD_COLUMNS)[number]>,
): JourneyRecord {
  return { journey: fromJson<Journey>(row.state), branch: row.branch, rowVersion: row.row_version };
}
