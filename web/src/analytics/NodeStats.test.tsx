// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import type { StepAnalytics } from '../api/types';
import { outletsOf } from '../document/outlets';
import { validCanvas } from '../test-support/fixtures';
import { NodeStats, OutletCount } from './NodeStats';

afterEach(cleanup);

const stats: StepAnalytics = {
  entered: 4,
  sent: 0,
  delivered: 0,
  read: 0,
  failed: 0,
  aborted: 0,
  skipped: 0,
  timedOut: 1,
  replies: { 'button:1': 2, text: 1 },
  groups: { no: 2 },
  everyoneElse: 1,
  waiting: 0,
};

describe('counts on an Action Paths node', () => {
  it('shows people per group with rates, waiting and timed out, but no taps (the message counts those)', () => {
    const step = validCanvas().steps[1];
    if (step?.type !== 'action_paths') throw new Error('fixture');
    const data = { stats: { ...stats, replies: {} }, buttons: ['YES', 'NO', 'TALK TO SUPPORT'] };
    render(
      <>
        <NodeStats step={step} stats={data} />
        {outletsOf(step).map((o) => (
          <OutletCount key={o.key} step={step} outlet={o} stats={data} />
        ))}
      </>,
    );
    const text = (id: string) => screen.getByTestId(id).textContent;
    expect(text('step-count-answer-timed_out')).toBe('1');
    expect(text('group-count-answer-no')).toBe('2');
    expect(text('group-count-answer-everyone_else')).toBe('1');
    expect(screen.getByTestId('group-count-answer-no').nextSibling?.textContent).toBe('50%');
    expect(screen.queryByTestId('button-count-answer-1')).toBeNull();
    expect(screen.queryByText('Tapped NO')).toBeNull();
  });
});

describe('counts on the message with the buttons', () => {
  const step = validCanvas().steps[0];
  if (step?.type !== 'message') throw new Error('fixture');
  const sent = { ...stats, sent: 4, delivered: 4, read: 3, timedOut: 0, groups: {} };

  it('shows taps per button and other text, where the server counts them', () => {
    render(
      <NodeStats step={step} stats={{ stats: sent, buttons: ['YES', 'NO', 'TALK TO SUPPORT'] }} />,
    );
    const text = (id: string) => screen.getByTestId(id).textContent;
    expect([0, 1, 2].map((i) => text(`button-count-ask-${i}`))).toEqual(['0', '2', '0']);
    expect(text('reply-count-ask-text')).toBe('1');
    expect(screen.getByText('Tapped NO').parentElement?.textContent).toBe('Tapped NO250%');
  });

  it('shows its buttons at 0 before the first tap', () => {
    render(
      <NodeStats
        step={step}
        stats={{ stats: { ...sent, replies: {} }, buttons: ['YES', 'NO', 'TALK TO SUPPORT'] }}
      />,
    );
    expect(screen.getByTestId('button-count-ask-1').textContent).toBe('0');
  });
});
