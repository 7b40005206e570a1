/**
 * The builder's state: the document with its undo history, the selection, and what was
 * last saved. Every edit goes through `edit`, which commits a new document to history;
 * the graph, the panels and the YAML tab all read `doc`.
 */
import { useCallback, useMemo, useState } from 'react';
import type { Canvas } from '../../../src/canvas/schema';
import {
  canRedo,
  canUndo,
  commit,
  redo,
  startHistory,
  undo,
  type History,
} from '../document/history';

export interface CanvasEditor {
  doc: Canvas;
  /** The document as last saved (or loaded); `dirty` compares against it. */
  saved: Canvas | undefined;
  dirty: boolean;
  selectedId: string | undefined;
  select: (id: string | undefined) => void;
  /** Commit an edit. Edits with the same `mergeKey` in a row are one undo step. */
  edit: (change: (doc: Canvas) => Canvas, mergeKey?: string) => void;
  undo: () => void;
  redo: () => void;
  canUndo: boolean;
  canRedo: boolean;
  markSaved: (doc: Canvas) => void;
}

/** `unsaved`: the initial document differs from the stored one (e.g. repaired YAML). */
export function useCanvasEditor(initial: Canvas, unsaved = false): CanvasEditor {
  const [history, setHistory] = useState<History<Canvas>>(() => startHistory(initial));
  const [saved, setSaved] = useState<Canvas | undefined>(unsaved ? undefined : initial);
  const [selectedId, setSelectedId] = useState<string>();

  const edit = useCallback((change: (doc: Canvas) => Canvas, mergeKey?: string) => {
    setHistory((h) => commit(h, change(h.present), mergeKey));
  }, []);
  const doUndo = useCallback(() => setHistory((h) => undo(h)), []);
  const doRedo = useCallback(() => setHistory((h) => redo(h)), []);

  return useMemo(
    () => ({
      doc: history.present,
      saved,
      dirty: history.present !== saved,
      selectedId,
      select: setSelectedId,
      edit,
      undo: doUndo,
      redo: doRedo,
      canUndo: canUndo(history),
      canRedo: canRedo(history),
      markSaved: setSaved,
    }),
    [history, saved, selectedId, edit, doUndo, doRedo],
  );
}
