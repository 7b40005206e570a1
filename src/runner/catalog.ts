/**
 * What the processor needs to know besides the person: canvas versions (immutable, cached
 * for good), the live canvases new entries go to, and the template library. Live canvases
 * and templates are re-read at most every `ttlMs` — other workers may publish — and at
 * once after `invalidate()` (this process published or synced).
 */
import type { Canvas } from '../canvas/schema.js';
import {
  TEMPLATE_STATUSES,
  templateLookup,
  toTemplateInfo,
  type TemplateInfo,
} from '../canvas/templates.js';
import { validateCanvas } from '../canvas/validate.js';
import type { Store } from '../store/open.js';
import type { TemplateRecord } from '../store/repos/templates.js';

export interface LiveCanvas {
  canvas: Canvas;
  version: number;
  status: 'live' | 'stopped';
}

export type TemplateLookup = (
  name: string,
  language: string | undefined,
) => TemplateInfo | undefined;

export class Catalog {
  private readonly versions = new Map<string, Canvas | null>();
  private live: { at: number; canvases: LiveCanvas[] } | null = null;
  private templateCache: { at: number; lookup: TemplateLookup; list: TemplateInfo[] } | null = null;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 1000,
  ) {}

  invalidate(): void {
    this.live = null;
    this.templateCache = null;
  }

  /** A published version; a definition that no longer validates is reported as missing. */
  async version(canvasId: string, version: number): Promise<Canvas | undefined> {
    const key = `${canvasId}@${version}`;
    if (!this.versions.has(key)) {
      const row = await this.store.canvases.getVersion(canvasId, version);
      const parsed = row ? validateCanvas(row.definition) : undefined;
      this.versions.set(key, parsed?.ok ? parsed.canvas : null);
    }
    return this.versions.get(key) ?? undefined;
  }

  /** Canvases with a published version: live ones take entries, stopped ones keep their journeys. */
  /**
   * `expected`: canvases an entry names. One the cache does not know (published a moment
   * ago, maybe by another process) makes it re-read rather than the entry be dropped.
   */
  async liveCanvases(expected: ReadonlySet<string> = new Set()): Promise<LiveCanvas[]> {
    const cached = this.live;
    if (
      cached &&
      this.now() - cached.at < this.ttlMs &&
      [...expected].every((id) => cached.canvases.some((l) => l.canvas.id === id))
    )
      return cached.canvases;
    const records = await this.store.canvases.list();
    const canvases: LiveCanvas[] = [];
    for (const r of records) {
      if ((r.status !== 'live' && r.status !== 'stopped') || r.liveVersion === null) continue;
      const canvas = await this.version(r.id, r.liveVersion);
      if (canvas) canvases.push({ canvas, version: r.liveVersion, status: r.status });
    }
    this.live = { at: this.now(), canvases };
    return canvases;
  }

  async templates(): Promise<{ lookup: TemplateLookup; list: TemplateInfo[] }> {
    if (this.templateCache && this.now() - this.templateCache.at < this.ttlMs)
      return this.templateCache;
    const list = (await this.store.templates.list()).map(templateInfoOf);
    this.templateCache = { at: this.now(), lookup: templateLookup(list), list };
    return this.templateCache;
  }
}

export function templateInfoOf(record: TemplateRecord): TemplateInfo {
  const status = (TEMPLATE_STATUSES as readonly string[]).includes(record.status)
    ? record.status
    : 'PENDING';
  const category = ['MARKETING', 'UTILITY', 'AUTHENTICATION'].includes(record.category)
    ? record.category
    : 'UTILITY';
  return toTemplateInfo({
    name: record.name,
    language: record.language,
    status: status as TemplateInfo['status'],
    category: category as TemplateInfo['category'],
    parameter_format: record.parameterFormat.toLowerCase() === 'named' ? 'named' : 'positional',
    components: record.components as Array<{ type: string }>,
  });
}
