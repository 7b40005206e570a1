/**
 * `riposte contacts import <csv>`: sends the file in chunks (the header repeated) to a
 * running server, with the file's line numbers kept for failed rows, and a progress bar
 * when stdout is a terminal.
 */
import { readFileSync } from 'node:fs';
import { parseCsv, type CsvRecord } from '../api/native/csv.js';
import { call, describeError, remoteOf } from './remote.js';

/** Rows per request: well under the server's 10 MB body limit for ordinary rows. */
const CHUNK_ROWS = 1000;

export async function contactsImport(
  file: string,
  opts: { url?: string; key?: string },
): Promise<number> {
  const remote = remoteOf(opts);
  if (typeof remote === 'string') {
    process.stderr.write(`riposte: ${remote}\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    process.stderr.write(`riposte: cannot read ${file}\n`);
    return 2;
  }
  const [header, ...rows] = parseCsv(text);
  if (header === undefined) {
    process.stderr.write('riposte: the CSV is empty\n');
    return 2;
  }
  const totals = { imported: 0, updated: 0, failed: [] as Array<{ line: number; error: string }> };
  const bar = process.stdout.isTTY ? progressBar(rows.length) : undefined;
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    const chunk = rows.slice(i, i + CHUNK_ROWS);
    const first = chunk[0]?.line ?? 2;
    const answer = await call(remote, 'POST', `/api/v1/contacts/import?line_offset=${first - 2}`, {
      type: 'text/csv',
      text: [header, ...chunk].map(toLine).join('\n'),
    });
    if (answer.status >= 400) {
      bar?.done();
      process.stderr.write(`riposte: ${describeError(answer)}\n`);
      return 1;
    }
    const body = answer.body as typeof totals;
    totals.imported += body.imported;
    totals.updated += body.updated;
    totals.failed.push(...body.failed);
    bar?.update(Math.min(rows.length, i + chunk.length));
  }
  bar?.done();
  for (const f of totals.failed) process.stdout.write(`line ${f.line}: ${f.error}\n`);
  process.stdout.write(
    `imported ${totals.imported}, updated ${totals.updated}, failed ${totals.failed.length}\n`,
  );
  return totals.failed.length > 0 ? 1 : 0;
}

function toLine(record: CsvRecord): string {
  return record.cells
    .map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c))
    .join(',');
}

function progressBar(total: number) {
  const width = 30;
  const draw = (done: number) => {
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    process.stdout.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}% ${done}/${total} rows`,
    );
  };
  draw(0);
  return { update: draw, done: () => process.stdout.write('\n') };
}
