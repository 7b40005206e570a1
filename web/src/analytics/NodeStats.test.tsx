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
  it('shows taps per button, other text, and people per group with rates', () => {
    const step = validCanvas().steps[1];
    if (step?.type !== 'action_paths') throw new Error('fixture');
    const data = { stats, buttons: ['YES', 'NO', 'TALK TO SUPPORT'] };
    render(
      <>
        <NodeStats step={step} stats={data} />
        {outletsOf(step).map((o) => (
          <OutletCount key={o.key} step={step} outlet={o} stats={data} />
        ))}
      </>,
    );
    const text = (id: string) => screen.getByTestId(id).textContent;
    expect([0, 1, 2].map((i) => text(`button-count-answer-${i}`))).toEqual(['0', '2', '0']);
    expect(text('reply-count-answer-text')).toBe('1');
    expect(text('step-count-answer-timed_out')).toBe('1');
    expect(text('group-count-answer-no')).toBe('2');
    expect(text('group-count-answer-everyone_else')).toBe('1');
    expect(screen.getByTestId('group-count-answer-no').nextSibling?.textContent).toBe('50%');
    expect(screen.getByText('Tapped NO').parentElement?.textContent).toBe('Tapped NO250%');
  });
});
