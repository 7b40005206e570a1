/**
 * specVersion migrations run on read, so stored canvases of any supported version load as
 * the current shape. Each future migration is a function from version N to N+1 with a
 * fixture in testdata/migrations/. Version 1 is the first, so the chain is empty today.
 */
import type { CanvasIssue } from './issues.js';

export const CURRENT_SPEC_VERSION = 1;

type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;
const MIGRATIONS: Record<number, Migration> = {};

export type MigrateResult = { ok: true; value: unknown } | { ok: false; issue: CanvasIssue };

export function migrate(value: unknown): MigrateResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail(
      '',
      'a canvas is an object (a YAML mapping) with specVersion, id, name, entry and steps',
    );
  }
  let doc = value as Record<string, unknown>;
  const version = doc.specVersion;
  if (version === undefined)
    return fail('specVersion', `is required; write specVersion: ${CURRENT_SPEC_VERSION}`);
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail(
      'specVersion',
      `must be a whole number; this Riposte reads specVersion ${CURRENT_SPEC_VERSION}`,
    );
  }
  if (version > CURRENT_SPEC_VERSION) {
    return fail(
      'specVersion',
      `${version} is newer than this Riposte understands (${CURRENT_SPEC_VERSION}); upgrade Riposte`,
    );
  }
  for (let v = version; v < CURRENT_SPEC_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) return fail('specVersion', `no migration from specVersion ${v}`);
    doc = { ...step(doc), specVersion: v + 1 };
  }
  return { ok: true, value: doc };
}

function fail(path: string, message: string): MigrateResult {
  return { ok: false, issue: { severity: 'error', code: 'spec_version', path, message } };
}
