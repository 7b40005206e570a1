/** A canvas's current definition as the API shows it: the live version, else the draft. */
import type { Canvas } from '../canvas/schema.js';
import { validateCanvas } from '../canvas/validate.js';
import type { Store } from '../store/open.js';
import type { CanvasRecord } from '../store/repos/canvases.js';

export async function currentDefinition(
  store: Store,
  record: CanvasRecord,
): Promise<Canvas | undefined> {
  const source =
    record.liveVersion === null
      ? record.draft
      : ((await store.canvases.getVersion(record.id, record.liveVersion))?.definition ??
        record.draft);
  const parsed = validateCanvas(source);
  return parsed.ok ? parsed.canvas : undefined;
}

export const iso = (ms: number): string => new Date(ms).toISOString();
