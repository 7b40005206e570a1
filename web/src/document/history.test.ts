import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, commit, redo, startHistory, undo } from './history';

describe('undo / redo', () => {
  it('walks back and forth through committed values', () => {
    let h = startHistory('a');
    h = commit(h, 'b');
    h = commit(h, 'c');
    expect(canUndo(h)).toBe(true);
    h = undo(h);
    expect(h.present).toBe('b');
    h = undo(h);
    expect(h.present).toBe('a');
    expect(canUndo(h)).toBe(false);
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe('b');
    expect(canRedo(h)).toBe(true);
    h = redo(h);
    expect(h.present).toBe('c');
    expect(canRedo(h)).toBe(false);
  });

  it('a new edit after undo drops the redo branch', () => {
    let h = commit(commit(startHistory(1), 2), 3);
    h = commit(undo(h), 4);
    expect([h.past, h.present, h.future]).toEqual([[1, 2], 4, []]);
  });

  it('merges consecutive edits with the same key into one undo step', () => {
    let h = startHistory('');
    h = commit(h, 'H', 'text');
    h = commit(h, 'Hi', 'text');
    h = commit(h, 'Hi!', 'text');
    h = commit(h, 'Hi! x', 'other');
    expect(h.past).toEqual(['', 'Hi!']);
    h = undo(undo(h));
    expect(h.present).toBe('');
  });

  it('does not merge across an undo or redo', () => {
    let h = commit(startHistory('a'), 'b', 'k');
    h = redo(undo(h));
    h = commit(h, 'c', 'k');
    expect([h.past, h.present]).toEqual([['a', 'b'], 'c']);
  });

  it('ignores a commit of the same value', () => {
    const h = startHistory({ n: 1 });
    expect(commit(h, h.present)).toBe(h);
  });
});
