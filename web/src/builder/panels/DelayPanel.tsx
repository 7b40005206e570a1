/** A Delay step: wait a duration, or until a time of day (on some weekdays) or a date. */
import { WEEKDAYS } from '../../../../src/canvas/steps/delay';
import type { StepOf } from '../../../../src/canvas/schema';
import type { PanelProps } from './types';

type Mode = 'for' | 'time' | 'date';

export function DelayPanel({ step, onChange }: PanelProps<'delay'>) {
  const mode: Mode =
    step.for !== undefined ? 'for' : step.until?.date !== undefined ? 'date' : 'time';
  const base = {
    id: step.id,
    type: step.type,
    ...(step.name ? { name: step.name } : {}),
    ...(step.next ? { next: step.next } : {}),
  };
  const until = step.until ?? {};
  const setUntil = (next: NonNullable<StepOf<'delay'>['until']>, key?: string) =>
    onChange({ ...base, until: next }, key);
  const days = until.days ?? [];
  return (
    <div className="panel-section">
      <fieldset className="segmented">
        <legend>Wait</legend>
        {(
          [
            ['for', 'For a duration', () => onChange({ ...base, for: '1h' })],
            ['time', 'Until a time of day', () => setUntil({ time: '09:00' })],
            ['date', 'Until a date', () => setUntil({ date: '2026-12-24T09:00' })],
          ] as const
        ).map(([value, label, pick]) => (
          <label key={value} className="check">
            <input
              type="radio"
              name={`delay-${step.id}`}
              checked={mode === value}
              onChange={() => pick()}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {mode === 'for' && (
        <label className="field">
          Duration (e.g. 30m, 2h, 3d; at most 30 days)
          <input
            value={String(step.for ?? '')}
            onChange={(e) => onChange({ ...base, for: e.target.value }, `for:${step.id}`)}
            data-testid="delay-for"
          />
        </label>
      )}
      {mode === 'time' && (
        <>
          <label className="field">
            Time (the person&apos;s time zone)
            <input
              type="time"
              value={until.time ?? ''}
              onChange={(e) => setUntil({ ...until, time: e.target.value })}
            />
          </label>
          <fieldset className="days">
            <legend>Only on</legend>
            {WEEKDAYS.map((d) => (
              <label key={d} className="check">
                <input
                  type="checkbox"
                  checked={days.includes(d)}
                  onChange={(e) => {
                    const next = e.target.checked
                      ? WEEKDAYS.filter((w) => w === d || days.includes(w))
                      : days.filter((w) => w !== d);
                    const { days: _old, ...rest } = until;
                    setUntil(next.length > 0 ? { ...rest, days: next } : rest);
                  }}
                />
                {d}
              </label>
            ))}
          </fieldset>
        </>
      )}
      {mode === 'date' && (
        <>
          <label className="field">
            Date and time
            <input
              type="datetime-local"
              value={until.date ?? ''}
              onChange={(e) => setUntil({ ...until, date: e.target.value })}
            />
          </label>
          <label className="field">
            Time zone (IANA; empty = the person&apos;s)
            <input
              value={until.zone ?? ''}
              placeholder="Europe/Paris"
              onChange={(e) => {
                const { zone: _old, ...rest } = until;
                setUntil(
                  e.target.value ? { ...rest, zone: e.target.value } : rest,
                  `zone:${step.id}`,
                );
              }}
            />
          </label>
        </>
      )}
    </div>
  );
}
