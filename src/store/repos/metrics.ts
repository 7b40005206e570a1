/**
 * Analytics counters on the canvas: per (canvas, version, step, metric, label) and hour.
 * Increments are merged in memory and written as one upsert (count = count + n), so a
 * batch of steps costs one statement however many counters it touches.
 */
import { sql } from 'kysely';
import { type RepoContext } from '../context.js';
import type { MetricsTable } from '../schema.js';
import { StatementCache, statementChunks } from '../statements.js';

const INCREMENT = new StatementCache('metrics.incrementMany');
const INCREMENT_COLUMNS = [
  'canvas_id',
  'version',
  'step_id',
  'metric',
  'label',
  'hour',
  'count',
] as const;

export const HOUR_MS = 60 * 60 * 1000;

export interface MetricIncrement {
  canvasId: string;
  version: number;
  stepId: string;
  metric: string;
  /** Group id, button, outcome detail; absent for a plain count. */
  label?: string | null;
  at: number;
  by?: number;
}

export interface MetricTotal {
  stepId: string;
  metric: string;
  label: string | null;
  count: number;
}

export interface MetricPoint extends MetricTotal {
  /** Start of the hour, epoch ms. */
  hour: number;
}

export interface MetricRange {
  version?: number;
  /** Inclusive, epoch ms (rounded down to the hour). */
  from?: number;
  /** Exclusive, epoch ms. */
  to?: number;
  stepId?: string;
  metric?: string;
}

export class Metrics {
  constructor(private readonly ctx: RepoContext) {}

  async incrementMany(increments: readonly MetricIncrement[]): Promise<void> {
    const merged = new Map<string, MetricsTable>();
    for (const inc of increments) {
      const hour = Math.floor(inc.at / HOUR_MS) * HOUR_MS;
      const label = inc.label ?? '';
      const key = `${inc.canvasId}\u0000${inc.version}\u0000${inc.stepId}\u0000${inc.metric}\u0000${label}\u0000${hour}`;
      const seen = merged.get(key);
      if (seen !== undefined) seen.count += inc.by ?? 1;
      else {
        merged.set(key, {
          canvas_id: inc.canvasId,
          version: inc.version,
          step_id: inc.stepId,
          metric: inc.metric,
          label,
          hour,
          count: inc.by ?? 1,
        });
      }
    }
    for (const batch of statementChunks([...merged.values()], this.ctx.caps, 7)) {
      const db = this.ctx.db;
      await INCREMENT.runWithRows(db, this.ctx.caps, batch, INCREMENT_COLUMNS, () =>
        db
          .insertInto('metrics')
          .values(batch)
          .onConflict((oc) =>
            oc
              .columns(['canvas_id', 'version', 'step_id', 'metric', 'label', 'hour'])
              .doUpdateSet((eb) => ({
                count: eb(eb.ref('metrics.count'), '+', eb.ref('excluded.count')),
              })),
          ),
      );
    }
  }

  /** Totals per step, metric and label over a range (all time by default). */
  async totals(canvasId: string, range: MetricRange = {}): Promise<MetricTotal[]> {
    const rows = await this.filtered(canvasId, range)
      .select(['step_id', 'metric', 'label', sql<number>`cast(sum(count) as bigint)`.as('n')])
      .groupBy(['step_id', 'metric', 'label'])
      .orderBy('step_id')
      .orderBy('metric')
      .orderBy('label')
      .execute();
    return rows.map((r) => ({
      stepId: r.step_id,
      metric: r.metric,
      label: r.label === '' ? null : r.label,
      count: Number(r.n),
    }));
  }

  /** Per-hour counts over a range, oldest hour first (hours with no count are absent). */
  async series(canvasId: string, range: MetricRange = {}): Promise<MetricPoint[]> {
    const rows = await this.filtered(canvasId, range)
      .select([
        'hour',
        'step_id',
        'metric',
        'label',
        sql<number>`cast(sum(count) as bigint)`.as('n'),
      ])
      .groupBy(['hour', 'step_id', 'metric', 'label'])
      .orderBy('hour')
      .orderBy('step_id')
      .orderBy('metric')
      .orderBy('label')
      .execute();
    return rows.map((r) => ({
      hour: r.hour,
      stepId: r.step_id,
      metric: r.metric,
      label: r.label === '' ? null : r.label,
      count: Number(r.n),
    }));
  }

  private filtered(canvasId: string, range: MetricRange) {
    let query = this.ctx.db.selectFrom('metrics').where('canvas_id', '=', canvasId);
    if (range.version !== undefined) query = query.where('version', '=', range.version);
    if (range.from !== undefined) {
      query = query.where('hour', '>=', Math.floor(range.from / HOUR_MS) * HOUR_MS);
    }
    if (range.to !== undefined) query = query.where('hour', '<', range.to);
    if (range.stepId !== undefined) query = query.where('step_id', '=', range.stepId);
    if (range.metric !== undefined) query = query.where('metric', '=', range.metric);
    return query;
  }
}
