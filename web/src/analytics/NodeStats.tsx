/**
 * Counts drawn on a node in the analytics view: how many entered, message delivery,
 * replies per button, and per branch how many took it, with rates against entries.
 */
import type { Step } from '../../../src/canvas/schema';
import type { NodeAnalytics, StepAnalytics } from '../api/types';
import type { Outlet } from '../document/outlets';
import { GROUP_PREFIX, PATH_PREFIX } from '../document/outlets';
import { rate } from '../lib/format';

function Count({
  testId,
  label,
  value,
  of,
}: {
  testId: string;
  label: string;
  value: number;
  of?: number;
}) {
  return (
    <li className="stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value" data-testid={testId}>
        {value.toLocaleString()}
      </span>
      {of !== undefined && <span className="stat-rate">{rate(value, of)}</span>}
    </li>
  );
}

export function NodeStats({ step, stats }: { step: Step; stats: NodeAnalytics }) {
  const s = stats.stats;
  const id = step.id;
  const replyKeys = Object.keys(s.replies).filter((k) => k.startsWith('button:'));
  const buttonCount = Math.max(
    stats.buttons.length,
    ...replyKeys.map((k) => Number(k.slice(7)) + 1),
  );
  // Replies are drawn where the server counts them: on the message that carried the
  // buttons (the engine names that step in its reply metric), at 0 too so a tap is seen
  // arriving. An Action Paths step counts people per group beside its branches instead.
  const showReplies =
    Object.keys(s.replies).length > 0 || (step.type === 'message' && stats.buttons.length > 0);
  return (
    <div className="node-stats">
      <ul className="stats-row">
        <Count testId={`step-count-${id}-entered`} label="Entered" value={s.entered} />
        {step.type === 'message' && (
          <>
            <Count testId={`step-count-${id}-sent`} label="Sent" value={s.sent} of={s.entered} />
            <Count
              testId={`step-count-${id}-delivered`}
              label="Delivered"
              value={s.delivered}
              of={s.sent}
            />
            <Count testId={`step-count-${id}-read`} label="Read" value={s.read} of={s.sent} />
            <Count testId={`step-count-${id}-failed`} label="Failed" value={s.failed} of={s.sent} />
          </>
        )}
        {step.type === 'action_paths' && (
          <>
            <Count testId={`step-count-${id}-waiting`} label="Waiting" value={s.waiting} />
            <Count
              testId={`step-count-${id}-timed_out`}
              label="Timed out"
              value={s.timedOut}
              of={s.entered}
            />
          </>
        )}
      </ul>
      {showReplies && (
        <ul className="stats-row replies" aria-label="Replies">
          {Array.from({ length: buttonCount }, (_, i) => (
            <Count
              key={i}
              testId={`button-count-${id}-${i}`}
              label={`Tapped ${stats.buttons[i] ?? `button ${i}`}`}
              value={s.replies[`button:${i}`] ?? 0}
              of={s.entered}
            />
          ))}
          <Count
            testId={`reply-count-${id}-text`}
            label="Other text"
            value={s.replies.text ?? 0}
            of={s.entered}
          />
        </ul>
      )}
    </div>
  );
}

/** The number of people who took one branch, beside its handle. */
export function OutletCount({
  step,
  outlet,
  stats,
}: {
  step: Step;
  outlet: Outlet;
  stats: NodeAnalytics;
}) {
  const value = outletValue(outlet, stats.stats);
  if (value === undefined) return null;
  const groupId = outlet.key.startsWith(GROUP_PREFIX)
    ? outlet.key.slice(GROUP_PREFIX.length)
    : outlet.key.startsWith(PATH_PREFIX)
      ? outlet.key.slice(PATH_PREFIX.length)
      : outlet.key;
  return (
    <span className="outlet-count">
      <span data-testid={`group-count-${step.id}-${groupId}`}>{value.toLocaleString()}</span>
      <span className="stat-rate">{rate(value, stats.stats.entered)}</span>
    </span>
  );
}

function outletValue(outlet: Outlet, s: StepAnalytics): number | undefined {
  switch (outlet.kind) {
    case 'group':
      return s.groups[outlet.key.slice(GROUP_PREFIX.length)] ?? 0;
    case 'path':
      return s.groups[outlet.key.slice(PATH_PREFIX.length)] ?? 0;
    case 'everyone_else':
      return s.everyoneElse;
    case 'yes':
    case 'no':
      return s.groups[outlet.kind] ?? 0;
    case 'on_success':
    case 'on_failure':
      return s.groups[outlet.kind === 'on_success' ? 'success' : 'failure'];
    case 'next':
      return undefined;
  }
}
