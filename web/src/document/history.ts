/**
 * Undo / redo over whole documents. Documents are immutable values, so history is a list
 * of them. Edits that belong together (typing in one field, one drag) share a `key`; an
 * edit with the same key as the one before replaces it instead of adding a step, so one
 * undo takes back the whole word or the whole drag.
 */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** Key of the last edit, for merging; cleared by undo and redo. */
  lastKey?: string;
}

/** Enough for an afternoon of edits without holding on to memory forever. */
export const HISTORY_LIMIT = 200;

export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

export function commit<T>(history: History<T>, next: T, key?: string): History<T> {
  if (next === history.present) return history;
  if (key !== undefined && key === history.lastKey)
    return { ...history, present: next, future: [], lastKey: key };
  const past = [...history.past, history.present].slice(-HISTORY_LIMIT);
  return { past, present: next, future: [], ...(key !== undefined ? { lastKey: key } : {}) };
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
  };
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest };
}

export const canUndo = <T>(h: History<T>): boolean => h.past.length > 0;
export const canRedo = <T>(h: History<T>): boolean => h.future.length > 0;
