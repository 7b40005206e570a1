/**
 * Where a step is drawn: its `ui.positions` entry, or, for canvases written as YAML without
 * layout, a place computed from the graph (columns by distance from the first step).
 */
import type { Canvas, StepType } from '../../../src/canvas/schema';
import { addStep, type Position } from './edit';
import { outletsOf } from './outlets';

export const COLUMN_WIDTH = 320;
export const ROW_HEIGHT = 170;

export function autoLayout(doc: Canvas): Map<string, Position> {
  const depth = new Map<string, number>();
  const ids = new Set(doc.steps.map((s) => s.id));
  const queue: string[] = [];
  const first = doc.steps[0];
  if (first) {
    depth.set(first.id, 0);
    queue.push(first.id);
  }
  while (queue.length > 0) {
    const id = queue.shift() as string;
    const step = doc.steps.find((s) => s.id === id);
    if (!step) continue;
    for (const outlet of outletsOf(step)) {
      const to = outlet.target;
      if (to === undefined || !ids.has(to) || depth.has(to)) continue;
      depth.set(to, (depth.get(id) ?? 0) + 1);
      queue.push(to);
    }
  }
  const maxDepth = Math.max(0, ...depth.values());
  const rows = new Map<number, number>();
  const out = new Map<string, Position>();
  for (const step of doc.steps) {
    if (out.has(step.id)) continue;
    // Steps nothing reaches go in a column of their own after the rest.
    const column = depth.get(step.id) ?? maxDepth + 1;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    out.set(step.id, { x: column * COLUMN_WIDTH, y: row * ROW_HEIGHT });
  }
  return out;
}

export function positionsOf(doc: Canvas): Map<string, Position> {
  const auto = autoLayout(doc);
  const saved = doc.ui?.positions ?? {};
  const out = new Map<string, Position>();
  for (const step of doc.steps) {
    const at = saved[step.id] ?? auto.get(step.id);
    if (at && !out.has(step.id)) out.set(step.id, at);
  }
  return out;
}

/**
 * Where a step added from the palette goes: right of the selected step (or of everything),
 * moved down until it does not sit on another step.
 */
export function placeForNew(doc: Canvas, selectedId: string | undefined): Position {
  const positions = positionsOf(doc);
  const all = [...positions.values()];
  const from = selectedId === undefined ? undefined : positions.get(selectedId);
  // A canvas of nothing but exits (a new one) starts at the left, next to the entry.
  const fresh = doc.steps.every((s) => s.type === 'exit');
  const start = fresh
    ? { x: 0, y: 0 }
    : from
      ? { x: from.x + COLUMN_WIDTH, y: from.y }
      : { x: all.length === 0 ? 0 : Math.max(...all.map((p) => p.x)) + COLUMN_WIDTH, y: 0 };
  const taken = (p: Position) =>
    all.some((q) => Math.abs(q.x - p.x) < COLUMN_WIDTH / 2 && Math.abs(q.y - p.y) < ROW_HEIGHT / 2);
  const at = { ...start };
  while (taken(at)) at.y += ROW_HEIGHT;
  return at;
}

/** Adds a step from the palette at `placeForNew`. */
export function addStepPlaced(
  doc: Canvas,
  type: StepType,
  selectedId: string | undefined,
): { doc: Canvas; id: string } {
  return addStep(doc, type, placeForNew(doc, selectedId));
}
