/**
 * All counts of one step in the analytics side panel, with rates, its branches, and the
 * time-to-reply chart for Action Paths.
 */
import type { Step } from '../../../src/canvas/schema';
import type { NodeAnalytics } from '../api/types';
import { outletsOf } from '../document/outlets';
import { STEP_LABELS } from '../document/new-step';
import { rate } from '../lib/format';
import { TimeToReplyChart } from './TimeToReplyChart';

export function StepDetails({ step, data }: { step: Step; data: NodeAnalytics | undefined }) {
  if (!data) return <p className="hint">Nobody has reached {step.id} in this range.</p>;
  const s = data.stats;
  const rows: Array<[string, number, number | undefined]> = [
    ['Entered', s.entered, undefined],
    ['Sent', s.sent, s.entered],
    ['Delivered', s.delivered, s.sent],
    ['Read', s.read, s.sent],
    ['Failed', s.failed, s.sent],
    ['Timed out', s.timedOut, s.entered],
    ['Skipped', s.skipped, s.entered],
    ['Aborted', s.aborted, s.entered],
    ['Waiting now', s.waiting, undefined],
  ];
  const replies = Object.entries(s.replies).map(([key, count]): [string, number] => {
    const index = key.startsWith('button:') ? Number(key.slice(7)) : undefined;
    const label =
      index === undefined ? 'Other text' : `Tapped ${data.buttons[index] ?? `button ${index}`}`;
    return [label, count];
  });
  const branches = outletsOf(step).filter((o) => o.kind !== 'next');
  return (
    <div className="step-details">
      <h2>
        {STEP_LABELS[step.type]} <span className="muted">{step.name ?? step.id}</span>
      </h2>
      <table className="table compact">
        <tbody>
          {rows
            .filter(([, value], i) => i === 0 || value > 0)
            .map(([label, value, of]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="num">{value.toLocaleString()}</td>
                <td className="num muted">{of === undefined ? '' : rate(value, of)}</td>
              </tr>
            ))}
          {replies.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td className="num">{value.toLocaleString()}</td>
              <td className="num muted">{rate(value, s.entered)}</td>
            </tr>
          ))}
          {branches.map((o) => {
            const key = o.key.replace(/^(group|path)-/, '');
            const value = o.kind === 'everyone_else' ? s.everyoneElse : (s.groups[key] ?? 0);
            return (
              <tr key={o.key}>
                <th scope="row">→ {o.label}</th>
                <td className="num">{value.toLocaleString()}</td>
                <td className="num muted">{rate(value, s.entered)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {step.type === 'action_paths' && (
        <>
          <h3>Time to reply</h3>
          <TimeToReplyChart buckets={s.timeToReply ?? []} />
        </>
      )}
    </div>
  );
}
