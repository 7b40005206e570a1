// @vitest-environment happy-dom
import { useMemo } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Canvas } from '../../../src/canvas/schema';
import { emptyCanvas } from '../document/edit';
import { checkCanvas } from '../document/issues';
import { addStepPlaced } from '../document/layout';
import { TEMPLATES } from '../test-support/fixtures';
import { Palette } from './Palette';
import { SidePanel } from './SidePanel';
import { useCanvasEditor } from './use-canvas-editor';

afterEach(cleanup);

/** The palette and the side panel over one editor: the builder without the graph. */
function setup() {
  let latest: Canvas = emptyCanvas('seed', 'Seed');
  function Harness() {
    const editor = useCanvasEditor(latest);
    latest = editor.doc;
    const infos = TEMPLATES.map((t) => t.info);
    const check = useMemo(() => checkCanvas(editor.doc, infos), [editor.doc]);
    return (
      <>
        <Palette
          onAdd={(type) => {
            const added = addStepPlaced(editor.doc, type, editor.selectedId);
            editor.edit(() => added.doc);
            editor.select(added.id);
          }}
        />
        <SidePanel editor={editor} check={check} templates={TEMPLATES} />
      </>
    );
  }
  render(<Harness />);
  return { user: userEvent.setup(), doc: () => latest };
}

describe('building the seed canvas with the keyboard-friendly controls', () => {
  it('message → Action Paths (one group per quick reply + catch-all) → reply → user update', async () => {
    const { user, doc } = setup();

    await user.click(screen.getByTestId('palette-message'));
    await user.selectOptions(screen.getByTestId('message-kind'), 'template');
    await user.selectOptions(screen.getByTestId('template-picker'), 'order_feedback');
    await user.selectOptions(screen.getByTestId('next-message_1-next'), 'new:action_paths');
    await user.click(screen.getByTestId('open-message_1-next'));

    await user.click(screen.getByRole('button', { name: 'One group per quick reply' }));
    await user.click(screen.getByRole('button', { name: 'Add catch-all' }));
    await user.selectOptions(screen.getByTestId('next-action_paths_1-group-no'), 'new:message');
    await user.click(screen.getByTestId('open-action_paths_1-group-no'));

    const text = screen.getByTestId('message-text');
    await user.clear(text);
    await user.type(text, 'Sorry to hear that.');
    await user.selectOptions(screen.getByTestId('next-message_2-next'), 'new:user_update');
    await user.click(screen.getByTestId('open-message_2-next'));

    await user.click(screen.getByTestId('uu-set-add'));
    await user.type(screen.getByTestId('uu-set-key-0'), 'last_feedback');
    await user.type(screen.getByTestId('uu-set-value-0'), 'no');

    expect(doc().steps).toEqual([
      {
        id: 'message_1',
        type: 'message',
        whatsapp: { template: 'order_feedback', language: 'en_US', body: ['Ana', 'A-1042'] },
        next: 'action_paths_1',
      },
      { id: 'done', type: 'exit' },
      {
        id: 'action_paths_1',
        type: 'action_paths',
        window: '24h',
        groups: [
          { id: 'yes', name: 'YES', when: { inbound_whatsapp: { button: 0 } } },
          { id: 'no', name: 'NO', when: { inbound_whatsapp: { button: 1 } }, next: 'message_2' },
          {
            id: 'talk_to_support',
            name: 'TALK TO SUPPORT',
            when: { inbound_whatsapp: { button: 2 } },
          },
          { id: 'other', name: 'Anything else', when: { inbound_whatsapp: {} } },
        ],
      },
      {
        id: 'message_2',
        type: 'message',
        whatsapp: { text: 'Sorry to hear that.' },
        next: 'user_update_1',
      },
      { id: 'user_update_1', type: 'user_update', set: { last_feedback: 'no' } },
    ]);
    expect(Object.keys(doc().ui?.positions ?? {})).toEqual([
      'done',
      'message_1',
      'action_paths_1',
      'message_2',
      'user_update_1',
    ]);
  });

  it('connects to an existing step, renames a step everywhere, shows issues, deletes', async () => {
    const { user, doc } = setup();
    await user.click(screen.getByTestId('palette-message'));
    await user.selectOptions(screen.getByTestId('next-message_1-next'), 'done');
    const id = screen.getByTestId('step-id');
    await user.clear(id);
    await user.type(id, 'ask{Enter}');
    expect(doc().steps).toEqual([
      { id: 'ask', type: 'message', whatsapp: { text: 'Hello!' }, next: 'done' },
      { id: 'done', type: 'exit' },
    ]);
    expect(Object.keys(doc().ui?.positions ?? {}).sort()).toEqual(['ask', 'done']);

    await user.click(screen.getByTestId('palette-action_paths'));
    expect(screen.getByTestId('step-issues').textContent).toBe(
      'error steps[2].groups Too small: expected array to have >=1 items',
    );
    await user.click(screen.getByTestId('step-delete'));
    expect(doc().steps.map((s) => s.id)).toEqual(['ask', 'done']);
    expect(screen.getByTestId('side-panel').getAttribute('aria-label')).toBe('Canvas settings');
  });
});
