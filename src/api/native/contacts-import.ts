/**
 * `POST /api/v1/contacts/import` with `text/csv`: one person per row, Braze's CSV columns
 * (`external_id`, `phone`, `time_zone`, `subscription_group_id` + `subscription_state`,
 * anything else a custom attribute; an empty cell leaves the attribute alone). A row that
 * cannot be used is reported with its line and the others still go in. `line_offset` lets
 * a client send a big file in chunks (the CLI does, to draw its progress bar) and still
 * get the file's own line numbers back.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ContactOp } from '../../engine/types.js';
import type { ContactAddress } from '../../store/repos/contact-rows.js';
import { isTimeZone } from '../braze/attributes.js';
import { toE164 } from '../braze/phone.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Router } from '../routing.js';
import { parseCsv } from './csv.js';

/** 10 MB of CSV per request; bigger files go in chunks. */
export const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;
const ADDRESS_COLUMNS = ['external_id', 'phone', 'user_id'];
const SPECIAL = [...ADDRESS_COLUMNS, 'time_zone', 'subscription_group_id', 'subscription_state'];

const ImportQuery = z.strictObject({ line_offset: z.coerce.number().int().min(0).optional() });

export function contactImportRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/contacts/import',
      summary: 'Import contacts from CSV (header row first)',
      access: 'native',
      query: ImportQuery,
      bodyTypes: ['text/csv'],
      bodyLimit: IMPORT_BODY_LIMIT,
    },
    async ({ request, query }) => {
      if (typeof request.body !== 'string')
        throw new ApiError(415, 'unsupported_media_type', 'send the file as text/csv');
      const [header, ...rows] = parseCsv(request.body);
      if (header === undefined)
        throw new ApiError(400, 'empty_csv', 'the CSV is empty: a header row is needed');
      const columns = header.cells.map((c) => c.trim());
      if (!columns.some((c) => ADDRESS_COLUMNS.includes(c)))
        throw new ApiError(
          400,
          'no_identifier_column',
          'the header needs external_id, phone or user_id',
          {
            hint: `columns found: ${columns.join(', ')}`,
          },
        );
      const offset = query.line_offset ?? 0;
      const numbers = deps.numbers.map((n) => n.id);
      let imported = 0;
      let updated = 0;
      const failed: Array<{ line: number; error: string }> = [];
      for (const row of rows) {
        const line = row.line + offset;
        const parsed = rowOf(columns, row.cells, numbers);
        if (typeof parsed === 'string') {
          failed.push({ line, error: parsed });
          continue;
        }
        try {
          const resolved = await deps.store.contacts.resolve(parsed.address);
          const id = resolved.contact.id;
          if (parsed.ops.length > 0) await deps.store.contacts.applyOps(id, parsed.ops);
          if (parsed.timeZone !== undefined)
            await deps.store.contacts.update(id, { timeZone: parsed.timeZone });
          if (resolved.created) imported++;
          else updated++;
        } catch (error) {
          failed.push({ line, error: error instanceof Error ? error.message : String(error) });
        }
      }
      return { imported, updated, failed };
    },
  );
}

interface Row {
  address: ContactAddress;
  ops: ContactOp[];
  timeZone?: string;
}

function rowOf(columns: string[], cells: string[], numbers: string[]): Row | string {
  if (cells.length > columns.length) return `${cells.length} cells but ${columns.length} columns`;
  const value = (name: string) => {
    const i = columns.indexOf(name);
    const v = i < 0 ? undefined : cells[i]?.trim();
    return v === '' ? undefined : v;
  };
  const address: ContactAddress = {};
  const externalId = value('external_id');
  if (externalId !== undefined) address.externalId = externalId;
  const rawPhone = value('phone');
  if (rawPhone !== undefined) {
    const phone = toE164(rawPhone);
    if (phone === undefined) return `phone "${rawPhone}" is not a phone number`;
    address.phone = phone;
  }
  const userId = value('user_id');
  if (userId !== undefined) address.userId = userId;
  if (Object.keys(address).length === 0) return 'needs external_id, phone or user_id';
  const row: Row = { address, ops: [] };
  const zone = value('time_zone');
  if (zone !== undefined) {
    if (!isTimeZone(zone)) return `time_zone "${zone}" is not an IANA time zone`;
    row.timeZone = zone;
  }
  const group = value('subscription_group_id');
  const state = value('subscription_state');
  if (group !== undefined || state !== undefined) {
    if (group === undefined || !numbers.includes(group))
      return `subscription_group_id "${group ?? ''}" is unknown`;
    if (state !== 'subscribed' && state !== 'unsubscribed')
      return 'subscription_state is subscribed or unsubscribed';
    row.ops.push({ op: 'subscription', number: group, state });
  }
  columns.forEach((name, i) => {
    const cell = cells[i];
    if (SPECIAL.includes(name) || name === '' || cell === undefined || cell === '') return;
    row.ops.push({ op: 'set', attribute: name, value: cell });
  });
  return row;
}
