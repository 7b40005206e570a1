/**
 * The branches ("outlets") of each step: every place a step can lead to, connected or not.
 * The builder draws one handle per outlet and the side panel one "next step" select per
 * outlet, and both write through `setOutlet`, so the document field is the only truth.
 */
import type { Step } from '../../../src/canvas/schema';

export type OutletKind =
  'next' | 'group' | 'everyone_else' | 'yes' | 'no' | 'on_success' | 'on_failure' | 'path';

export interface Outlet {
  /** Handle id, stable across renders: `next`, `group-<groupId>`, `path-<pathId>`, `yes`, … */
  key: string;
  kind: OutletKind;
  /** What the person did to take it, as the builder labels the handle. */
  label: string;
  /** The document field that holds the target, in inspect's path style (`groups[1].next`). */
  field: string;
  target: string | undefined;
}

export const GROUP_PREFIX = 'group-';
export const PATH_PREFIX = 'path-';

function fixed(kind: OutletKind, label: string, target: string | undefined): Outlet {
  return { key: kind, kind, label, field: kind, target };
}

export function outletsOf(step: Step): Outlet[] {
  switch (step.type) {
    case 'message':
    case 'delay':
    case 'user_update':
      return [fixed('next', 'Next', step.next)];
    case 'webhook':
      return [
        fixed('next', 'Next', step.next),
        fixed('on_success', 'Success', step.on_success),
        fixed('on_failure', 'Failure', step.on_failure),
      ];
    case 'action_paths':
    case 'audience_paths':
      return [
        ...step.groups.map((g, i) => ({
          key: `${GROUP_PREFIX}${g.id}`,
          kind: 'group' as const,
          label: g.name ?? g.id,
          field: `groups[${i}].next`,
          target: g.next,
        })),
        fixed('everyone_else', 'Everyone else', step.everyone_else),
      ];
    case 'experiment_paths':
      return step.paths.map((p, i) => ({
        key: `${PATH_PREFIX}${p.id}`,
        kind: 'path' as const,
        label: p.name ?? `${p.id} (${p.weight})`,
        field: `paths[${i}].next`,
        target: p.next,
      }));
    case 'decision_split':
      return [fixed('yes', 'Yes', step.yes), fixed('no', 'No', step.no)];
    case 'exit':
      return [];
    default:
      return assertNever(step);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}

/** A copy of `obj` with `key` set, or removed when `value` is undefined (keeps YAML clean). */
export function withField<T extends object, K extends keyof T>(obj: T, key: K, value: T[K]): T {
  const copy = { ...obj };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy;
}

/**
 * Points one outlet of a step at `target` (or clears it). A webhook either goes on at once
 * (`next`) or waits for the outcome (`on_success` / `on_failure`), never both, so setting
 * one kind clears the other. Unknown keys leave the step as it was.
 */
export function setOutlet(step: Step, key: string, target: string | undefined): Step {
  switch (step.type) {
    case 'message':
    case 'delay':
    case 'user_update':
      return key === 'next' ? withField(step, 'next', target) : step;
    case 'webhook': {
      if (key === 'next') {
        const cleared = withField(
          withField(step, 'on_success', undefined),
          'on_failure',
          undefined,
        );
        return withField(target === undefined ? step : cleared, 'next', target);
      }
      if (key !== 'on_success' && key !== 'on_failure') return step;
      return withField(withField(step, 'next', undefined), key, target);
    }
    case 'action_paths': {
      if (key === 'everyone_else') return withField(step, 'everyone_else', target);
      const i = step.groups.findIndex((g) => `${GROUP_PREFIX}${g.id}` === key);
      if (i < 0) return step;
      return { ...step, groups: replaceAt(step.groups, i, (g) => withField(g, 'next', target)) };
    }
    case 'audience_paths': {
      if (key === 'everyone_else') return withField(step, 'everyone_else', target);
      const i = step.groups.findIndex((g) => `${GROUP_PREFIX}${g.id}` === key);
      if (i < 0) return step;
      return { ...step, groups: replaceAt(step.groups, i, (g) => withField(g, 'next', target)) };
    }
    case 'experiment_paths': {
      const i = step.paths.findIndex((p) => `${PATH_PREFIX}${p.id}` === key);
      if (i < 0) return step;
      return { ...step, paths: replaceAt(step.paths, i, (p) => withField(p, 'next', target)) };
    }
    case 'decision_split':
      return key === 'yes' || key === 'no' ? withField(step, key, target) : step;
    case 'exit':
      return step;
    default:
      return assertNever(step);
  }
}

export function replaceAt<T>(items: readonly T[], index: number, change: (item: T) => T): T[] {
  return items.map((item, i) => (i === index ? change(item) : item));
}

/** Clears every outlet of `step` that points at `target` (used when a step is deleted). */
export function clearOutletsTo(step: Step, target: string): Step {
  return outletsOf(step)
    .filter((o) => o.target === target)
    .reduce((s, o) => setOutlet(s, o.key, undefined), step);
}

/** Repoints every outlet of `step` from one id to another (used when a step is renamed). */
export function renameOutletTargets(step: Step, from: string, to: string): Step {
  return outletsOf(step)
    .filter((o) => o.target === from)
    .reduce((s, o) => setOutlet(s, o.key, to), step);
}
