// @vitest-environment happy-dom
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Canvas, StepOf } from '../../../../src/canvas/schema';
import { findStep, updateStep } from '../../document/edit';
import { seedCanvas, TEMPLATES } from '../../test-support/fixtures';
import { ActionPathsPanel } from './ActionPathsPanel';

afterEach(cleanup);

/** The panel over a real document, as the builder uses it; `docs` records every version. */
function setup(initial: Canvas = seedCanvas()) {
  const docs: Canvas[] = [initial];
  function Harness() {
    const [doc, setDoc] = useState(initial);
    const step = findStep(doc, 'answer');
    if (step?.type !== 'action_paths') return null;
    return (
      <ActionPathsPanel
        step={step}
        doc={doc}
        templates={TEMPLATES}
        onChange={(next) => {
          const updated = updateStep(doc, next.id, () => next);
          docs.push(updated);
          setDoc(updated);
        }}
      />
    );
  }
  render(<Harness />);
  const answer = (): StepOf<'action_paths'> => {
    const step = findStep(docs[docs.length - 1] as Canvas, 'answer');
    if (step?.type !== 'action_paths') throw new Error('answer is not Action Paths');
    return step;
  };
  return { user: userEvent.setup(), answer, docs };
}

describe('Action Paths panel', () => {
  it('creates one group per quick reply of the preceding template, then the catch-all', async () => {
    const { user, answer } = setup();
    expect(screen.getByText(/"ask" has “YES”, “NO”, “TALK TO SUPPORT”/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'One group per quick reply' }));
    expect(answer().groups).toEqual([
      { id: 'yes', name: 'YES', when: { inbound_whatsapp: { button: 0 } } },
      { id: 'no', name: 'NO', when: { inbound_whatsapp: { button: 1 } } },
      { id: 'talk_to_support', name: 'TALK TO SUPPORT', when: { inbound_whatsapp: { button: 2 } } },
    ]);
    const perReply = screen.getByTestId('ap-group-per-quick-reply');
    expect(perReply.hasAttribute('disabled')).toBe(true);

    await user.click(screen.getByTestId('ap-add-catch-all'));
    expect(answer().groups.map((g) => [g.id, g.when])).toEqual([
      ['yes', { inbound_whatsapp: { button: 0 } }],
      ['no', { inbound_whatsapp: { button: 1 } }],
      ['talk_to_support', { inbound_whatsapp: { button: 2 } }],
      ['other', { inbound_whatsapp: {} }],
    ]);
    expect(answer().groups[3]?.name).toBe('Anything else');
    expect(screen.getByTestId('ap-add-catch-all').hasAttribute('disabled')).toBe(true);
  });

  it('adds only the buttons no group matches yet, before the catch-all', async () => {
    const start = updateStep(seedCanvas(), 'answer', (s) =>
      s.type === 'action_paths'
        ? {
            ...s,
            groups: [
              { id: 'no', when: { inbound_whatsapp: { button: 1 } }, next: 'done' },
              { id: 'other', when: { inbound_whatsapp: {} } },
            ],
          }
        : s,
    );
    const { user, answer } = setup(start);
    await user.click(screen.getByTestId('ap-group-per-quick-reply'));
    expect(answer().groups.map((g) => g.id)).toEqual(['no', 'yes', 'talk_to_support', 'other']);
    expect(answer().groups[0]).toEqual({
      id: 'no',
      when: { inbound_whatsapp: { button: 1 } },
      next: 'done',
    });
  });

  it('edits the window and ranking in the document', async () => {
    const { user, answer } = setup();
    const window = screen.getByTestId('ap-window');
    await user.clear(window);
    await user.type(window, '3d');
    expect(answer().window).toBe('3d');
    await user.clear(window);
    await user.type(window, '40d');
    expect(answer().window).toBe('40d');
    expect(screen.getByText('At most 31 days.')).toBeTruthy();
    await user.clear(window);
    expect('window' in answer()).toBe(false);

    await user.click(screen.getByTestId('ap-ranking'));
    expect(answer().ranking).toBe(true);
    await user.click(screen.getByTestId('ap-ranking'));
    expect('ranking' in answer()).toBe(false);
  });

  it('explains why it cannot build groups when no message with buttons comes first', () => {
    const start = seedCanvas();
    setup({
      ...start,
      steps: start.steps.map((s) => (s.id === 'ask' ? { id: 'ask', type: 'exit' } : s)),
    });
    expect(screen.getByText('Connect a Message step to this step first.')).toBeTruthy();
    expect(screen.getByTestId('ap-group-per-quick-reply').hasAttribute('disabled')).toBe(true);
  });
});
