/**
 * What a first start sets up so the README's one command shows something working: the
 * example canvas (published) with its templates — approved in the embedded emulator and
 * synced into the store like any WABA's — and a first API key with every scope, whose
 * secret is shown once. Each step is skipped when already done.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SCOPES } from '../api/auth/scopes.js';
import { syncTemplates } from '../api/native/templates.js';
import type { SeedTemplate } from '../emulator/index.js';
import { validateCanvasText } from '../canvas/validate.js';
import type { Riposte } from './riposte.js';

const EXAMPLE = new URL('../../examples/order-feedback/', import.meta.url);

/** The example's templates, approved: the embedded emulator starts with them. */
export function exampleTemplates(): SeedTemplate[] {
  const list = parse(readFileSync(new URL('templates.yaml', EXAMPLE), 'utf8')) as SeedTemplate[];
  return list.map((t) => ({ ...t, status: 'APPROVED' }));
}

/** Syncs templates from the emulator and publishes the example canvas if it is not there. */
export async function loadExample(riposte: Riposte): Promise<void> {
  await syncTemplates(riposte);
  const text = readFileSync(new URL('canvas.yaml', EXAMPLE), 'utf8');
  const parsed = validateCanvasText(text);
  if (!parsed.ok) throw new Error('the example canvas does not validate');
  const { canvas } = parsed;
  if ((await riposte.store.canvases.get(canvas.id)) !== undefined) return;
  await riposte.store.canvases.create(canvas.id, {
    name: canvas.name,
    draft: canvas,
    draftSource: text,
  });
  await riposte.store.canvases.publish(canvas.id, canvas, 'riposte start');
  riposte.runner.catalog.invalidate();
}

/** A first API key with every scope when there is none; returns its secret (shown once). */
export async function firstKey(riposte: Riposte): Promise<string | undefined> {
  if ((await riposte.store.apiKeys.list()).length > 0) return undefined;
  const { key } = await riposte.store.apiKeys.create('first key', [...SCOPES]);
  return key;
}
