/**
 * Analytics on the canvas itself: the graph, read-only, with counts on every step and
 * branch, refreshed every few seconds; details and the time-to-reply chart on the side.
 */
import { useMemo, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { Canvas } from '../../../src/canvas/schema';
import { validateCanvas } from '../../../src/canvas/validate';
import { templateLookup } from '../../../src/canvas/templates';
import { buttonLabels } from '../../../src/canvas/inspect/replies';
import { api, query } from '../api/client';
import type { CanvasAnalytics, CanvasDetail, NodeAnalytics } from '../api/types';
import { findStep } from '../document/edit';
import { quickRepliesBefore } from '../document/quick-replies';
import { usePoll, useAsync } from '../lib/use-async';
import { useTemplates } from '../lib/use-templates';
import { href } from '../router';
import { FlowView } from '../builder/FlowView';
import { StatusBadge } from '../components/StatusBadge';
import { AudienceProgress } from './AudienceProgress';
import { StepDetails } from './StepDetails';
import { rangeQuery, type DateRange, type RangePreset } from './range';

/** Often enough to watch a tap arrive, rare enough to be cheap. */
export const ANALYTICS_POLL_MS = 3000;
const NO_ISSUES = new Map();

export function AnalyticsPage({ canvasId }: { canvasId: string }) {
  const base = `/api/v1/canvases/${encodeURIComponent(canvasId)}`;
  const detail = useAsync(() => loadDefinition(base), canvasId);
  const [range, setRange] = useState<DateRange>({ preset: 'all' });
  const stats = usePoll(
    () => api<CanvasAnalytics>('GET', `${base}/analytics${query(rangeQuery(range, Date.now()))}`),
    `${canvasId}|${JSON.stringify(range)}`,
    ANALYTICS_POLL_MS,
  );
  const { templates } = useTemplates();
  const [selectedId, setSelectedId] = useState<string>();
  const doc = detail.data?.doc;

  const nodes = useMemo(() => {
    const out: Record<string, NodeAnalytics> = {};
    if (!doc || !stats.data) return out;
    const infos = templates.map((t) => t.info);
    const lookup = templateLookup(infos);
    for (const step of doc.steps) {
      const s = stats.data.steps[step.id];
      if (!s) continue;
      const before =
        step.type === 'action_paths' ? quickRepliesBefore(doc, step.id, infos) : undefined;
      const buttons =
        before?.ok === true
          ? before.labels
          : step.type === 'message'
            ? (buttonLabels(step, lookup) ?? [])
            : [];
      out[step.id] = { stats: s, buttons };
    }
    return out;
  }, [doc, stats.data, templates]);

  if (detail.error)
    return (
      <p className="page error" role="alert">
        {detail.error}
      </p>
    );
  if (!detail.data) return <p className="page muted">Loading…</p>;
  if (!doc)
    return (
      <p className="page error">
        This canvas&apos;s definition does not validate; open it in the builder.
      </p>
    );
  const selected = selectedId === undefined ? undefined : findStep(doc, selectedId);

  return (
    <div className="builder analytics">
      <div className="toolbar">
        <div className="toolbar-title">
          <a href={href(`/canvases/${encodeURIComponent(canvasId)}`)} className="muted small">
            Builder
          </a>
          <h1>{doc.name}</h1>
          <StatusBadge status={detail.data.status} />
          <span className="muted small">{detail.data.label}</span>
        </div>
        <div className="toolbar-actions">
          <span className="kpi" data-testid="canvas-entries">
            <strong>{stats.data?.entries.toLocaleString() ?? '—'}</strong> entries
          </span>
          <RangePicker range={range} onChange={setRange} />
        </div>
      </div>
      <AudienceProgress canvasId={canvasId} pollMs={ANALYTICS_POLL_MS} />
      {stats.error && (
        <p className="notice is-error" role="alert">
          {stats.error}
        </p>
      )}
      <div className="builder-body no-palette">
        <ReactFlowProvider>
          <FlowView
            doc={doc}
            issuesByStep={NO_ISSUES}
            selectedId={selectedId}
            onSelect={setSelectedId}
            analytics={nodes}
          />
        </ReactFlowProvider>
        <aside className="side-panel" aria-label="Step analytics">
          <div className="panel-section">
            {selected ? (
              <StepDetails step={selected} data={nodes[selected.id]} />
            ) : (
              <p className="hint">
                Select a step for its details. Counts refresh every few seconds.
              </p>
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}

/** The live version's definition when there is one (its step ids are what people are in). */
async function loadDefinition(
  base: string,
): Promise<{ doc: Canvas | undefined; status: string; label: string }> {
  const detail = await api<CanvasDetail>('GET', base);
  let definition: unknown = detail.draft;
  let label = 'draft';
  if (detail.liveVersion !== null && detail.liveVersion !== undefined) {
    const live = await api<{ definition: unknown }>(
      'GET',
      `${base}/versions/${detail.liveVersion}`,
    );
    definition = live.definition;
    label = `version ${detail.liveVersion}`;
  }
  const valid = validateCanvas(definition);
  return { doc: valid.ok ? valid.canvas : undefined, status: detail.status, label };
}

const PRESETS: Array<[RangePreset, string]> = [
  ['all', 'All time'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
  ['custom', 'Dates…'],
];

function RangePicker({ range, onChange }: { range: DateRange; onChange: (r: DateRange) => void }) {
  return (
    <div className="range-picker">
      <label>
        <span className="visually-hidden">Date range</span>
        <select
          value={range.preset}
          onChange={(e) => {
            const preset = PRESETS.find(([p]) => p === e.target.value)?.[0];
            if (preset) onChange({ ...range, preset });
          }}
          data-testid="range-preset"
        >
          {PRESETS.map(([p, label]) => (
            <option key={p} value={p}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {range.preset === 'custom' && (
        <>
          <label>
            From{' '}
            <input
              type="date"
              value={range.fromDay ?? ''}
              onChange={(e) => onChange({ ...range, fromDay: e.target.value })}
            />
          </label>
          <label>
            To{' '}
            <input
              type="date"
              value={range.toDay ?? ''}
              onChange={(e) => onChange({ ...range, toDay: e.target.value })}
            />
          </label>
        </>
      )}
    </div>
  );
}
