// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, renderHook } from '@testing-library/react';
import { addStep, connect, emptyCanvas } from '../document/edit';
import { useCanvasEditor } from './use-canvas-editor';
import { useUndoKeys } from './use-undo-keys';

afterEach(cleanup);

function setup() {
  const saves: number[] = [];
  const hook = renderHook(() => {
    const editor = useCanvasEditor(emptyCanvas('c', 'C'));
    useUndoKeys(editor.undo, editor.redo, () => saves.push(saves.length));
    return editor;
  });
  return { hook, saves };
}

describe('the editor history', () => {
  it('undoes and redoes with the buttons and the keyboard, and tracks unsaved changes', () => {
    const { hook, saves } = setup();
    const ids = () => hook.result.current.doc.steps.map((s) => s.id);
    expect(hook.result.current.dirty).toBe(false);

    act(() => hook.result.current.edit((d) => addStep(d, 'message').doc));
    act(() => hook.result.current.edit((d) => connect(d, 'message_1', 'next', 'done')));
    expect(ids()).toEqual(['message_1', 'done']);
    expect(hook.result.current.dirty).toBe(true);

    act(() => void fireEvent.keyDown(window, { key: 'z', ctrlKey: true }));
    expect(hook.result.current.doc.steps[0]).toEqual({
      id: 'message_1',
      type: 'message',
      whatsapp: { text: 'Hello!' },
    });
    act(() => void fireEvent.keyDown(window, { key: 'z', metaKey: true }));
    expect(ids()).toEqual(['done']);
    expect(hook.result.current.dirty).toBe(false);
    expect(hook.result.current.canUndo).toBe(false);

    act(() => void fireEvent.keyDown(window, { key: 'Z', ctrlKey: true, shiftKey: true }));
    act(() => hook.result.current.redo());
    expect(hook.result.current.doc.steps[0]).toEqual({
      id: 'message_1',
      type: 'message',
      whatsapp: { text: 'Hello!' },
      next: 'done',
    });
    expect(hook.result.current.canRedo).toBe(false);

    act(() => void fireEvent.keyDown(window, { key: 's', ctrlKey: true }));
    expect(saves).toEqual([0]);
  });

  it('leaves Ctrl+Z inside a text field to the field', () => {
    const { hook } = setup();
    act(() => hook.result.current.edit((d) => addStep(d, 'delay').doc));
    const input = document.createElement('input');
    document.body.append(input);
    act(() => void fireEvent.keyDown(input, { key: 'z', ctrlKey: true }));
    expect(hook.result.current.doc.steps.map((s) => s.id)).toEqual(['delay_1', 'done']);
    input.remove();
  });

  it('markSaved makes the current document the clean one', () => {
    const { hook } = setup();
    act(() => hook.result.current.edit((d) => ({ ...d, name: 'Renamed' })));
    act(() => hook.result.current.markSaved(hook.result.current.doc));
    expect(hook.result.current.dirty).toBe(false);
    act(() => hook.result.current.undo());
    expect(hook.result.current.doc.name).toBe('C');
    expect(hook.result.current.dirty).toBe(true);
  });
});
