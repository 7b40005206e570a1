/**
 * Edits of the canvas document. Each takes a document and returns a new one (never
 * mutates), so history can keep old documents and React can compare by reference.
 */
import type { Canvas, Step, StepType } from '../../../src/canvas/schema';
import { newStep, nextStepId } from './new-step';
import { clearOutletsTo, outletsOf, renameOutletTargets, setOutlet } from './outlets';

export interface Position {
  x: number;
  y: number;
}

export function findStep(doc: Canvas, id: string): Step | undefined {
  return doc.steps.find((s) => s.id === id);
}

/** Replaces the (first) step with that id. */
export function updateStep(doc: Canvas, id: string, change: (step: Step) => Step): Canvas {
  const i = doc.steps.findIndex((s) => s.id === id);
  const step = doc.steps[i];
  if (step === undefined) return doc;
  const next = change(step);
  if (next === step) return doc;
  return { ...doc, steps: doc.steps.map((s, j) => (j === i ? next : s)) };
}

export function setPosition(doc: Canvas, id: string, position: Position): Canvas {
  const rounded = { x: Math.round(position.x), y: Math.round(position.y) };
  const at = doc.ui?.positions?.[id];
  if (at && at.x === rounded.x && at.y === rounded.y) return doc;
  return { ...doc, ui: { ...doc.ui, positions: { ...doc.ui?.positions, [id]: rounded } } };
}

/**
 * Adds a step of `type`. It is appended, except that a canvas which starts with an exit
 * nothing leads to (how a new canvas begins) gets the new step first: journeys start at
 * the first step, and starting at an exit would do nothing.
 */
export function addStep(
  doc: Canvas,
  type: StepType,
  position?: Position,
): { doc: Canvas; id: string } {
  const id = nextStepId(
    doc.steps.map((s) => s.id),
    type,
  );
  const step = newStep(type, id);
  const first = doc.steps[0];
  const startsAtLoneExit =
    type !== 'exit' &&
    first?.type === 'exit' &&
    !doc.steps.some((s) => s !== first && leadsTo(s, first.id));
  const steps = startsAtLoneExit ? [step, ...doc.steps] : [...doc.steps, step];
  const added = { ...doc, steps };
  return { doc: position ? setPosition(added, id, position) : added, id };
}

function leadsTo(step: Step, target: string): boolean {
  return clearOutletsTo(step, target) !== step;
}

/** Connects (or with `target` undefined, disconnects) one outlet of a step. */
export function connect(
  doc: Canvas,
  from: string,
  outletKey: string,
  target: string | undefined,
): Canvas {
  // Returns the same document when nothing changes, so a no-op is not an undo step.
  return updateStep(doc, from, (s) =>
    outletsOf(s).some((o) => o.key === outletKey && o.target === target)
      ? s
      : setOutlet(s, outletKey, target),
  );
}

/** Removes a step, its position, and every branch that led to it. */
export function removeStep(doc: Canvas, id: string): Canvas {
  const steps = doc.steps.filter((s) => s.id !== id).map((s) => clearOutletsTo(s, id));
  const positions = { ...doc.ui?.positions };
  delete positions[id];
  return { ...doc, steps, ...(doc.ui ? { ui: { ...doc.ui, positions } } : {}) };
}

/** Renames a step and everything that points at it (branches and layout). */
export function renameStep(doc: Canvas, from: string, to: string): Canvas {
  if (from === to || doc.steps.some((s) => s.id === to)) return doc;
  const steps = doc.steps.map((s) => {
    const repointed = renameOutletTargets(s, from, to);
    return repointed.id === from ? { ...repointed, id: to } : repointed;
  });
  const positions = { ...doc.ui?.positions };
  const at = positions[from];
  if (at) {
    delete positions[from];
    positions[to] = at;
  }
  return { ...doc, steps, ...(doc.ui ? { ui: { ...doc.ui, positions } } : {}) };
}

/** Makes a step the first one: where every journey starts. */
export function makeStart(doc: Canvas, id: string): Canvas {
  const step = findStep(doc, id);
  if (!step || doc.steps[0] === step) return doc;
  return { ...doc, steps: [step, ...doc.steps.filter((s) => s !== step)] };
}

/**
 * Adds a step of `type` and connects `outletKey` of `from` to it, placed to the right of
 * `from`: the keyboard way to grow a canvas without dragging.
 */
export function addStepAfter(
  doc: Canvas,
  from: string,
  outletKey: string,
  type: StepType,
  fromPosition: Position,
  offsetIndex = 0,
): { doc: Canvas; id: string } {
  const added = addStep(doc, type, {
    x: fromPosition.x + 320,
    y: fromPosition.y + offsetIndex * 140,
  });
  return { doc: connect(added.doc, from, outletKey, added.id), id: added.id };
}

/** A new, empty canvas: an API entry and one exit (a canvas needs at least one step). */
export function emptyCanvas(id: string, name: string): Canvas {
  return {
    specVersion: 1,
    id,
    name,
    entry: { type: 'api' },
    steps: [{ id: 'done', type: 'exit' }],
    // Parked low and right: the steps the author adds grow from the left, beside the entry.
    ui: { positions: { done: { x: 960, y: 320 } } },
  };
}

/** A canvas id from a name: `Order feedback` → `order-feedback`. */
export function slugId(name: string, separator = '-', fallback = 'canvas'): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '')
    .slice(0, 64);
  return slug === '' ? fallback : slug;
}
