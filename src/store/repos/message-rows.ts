/** A message log row as the rest of the app sees it. */
import type { Selectable } from 'kysely';
import { fromJson } from '../json.js';
import type { MessageLogTable } from '../schema.js';

export interface MessageRecord {
  id: number;
  direction: 'out' | 'in';
  key: string | null;
  wamid: string | null;
  journeyId: string | null;
  canvasId: string | null;
  version: number | null;
  stepId: string | null;
  visit: number | null;
  contactId: string;
  number: string | null;
  kind: string;
  buttons: string[] | null;
  tappedButton: number | null;
  preview: string;
  status: string | null;
  errorCode: number | null;
  errorTitle: string | null;
  createdAt: number;
  updatedAt: number;
}

export function fromRow(row: Selectable<MessageLogTable>): MessageRecord {
  return {
    id: Number(row.id),
    direction: row.direction,
    key: row.key,
    wamid: row.wamid,
    journeyId: row.journey_id,
    canvasId: row.canvas_id,
    version: row.version,
    stepId: row.step_id,
    visit: row.visit,
    contactId: row.contact_id,
    number: row.number,
    kind: row.kind,
    buttons: fromJson<string[]>(row.buttons),
    tappedButton: row.tapped_button,
    preview: row.preview,
    status: row.status,
    errorCode: row.error_code,
    errorTitle: row.error_title,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
