import { describe, expect, it } from 'vitest';
import { nextOccurrence } from './schedule.js';

const at = (iso: string) => Date.parse(iso);

describe('nextOccurrence', () => {
  it('fires a one-off schedule once', () => {
    expect(nextOccurrence({ at: '2026-03-01T09:00:00Z' }, at('2026-02-28T00:00:00Z'))).toBe(
      at('2026-03-01T09:00:00Z'),
    );
    expect(
      nextOccurrence({ at: '2026-03-01T09:00:00Z' }, at('2026-03-01T09:00:00Z')),
    ).toBeUndefined();
  });

  it('every day at a time, in a zone', () => {
    const s = { every: 'day' as const, time: '09:00', zone: 'Europe/Lisbon' };
    expect(nextOccurrence(s, at('2026-07-01T07:00:00Z'))).toBe(at('2026-07-01T08:00:00Z'));
    expect(nextOccurrence(s, at('2026-07-01T08:00:00Z'))).toBe(at('2026-07-02T08:00:00Z'));
  });

  it('every week on given days, and every month on a day', () => {
    // 2026-01-05 is a Monday.
    expect(
      nextOccurrence({ every: 'week', days: ['wed'], time: '10:00' }, at('2026-01-05T12:00:00Z')),
    ).toBe(at('2026-01-07T10:00:00Z'));
    expect(
      nextOccurrence(
        { every: 'month', day_of_month: 1, time: '06:30' },
        at('2026-01-05T00:00:00Z'),
      ),
    ).toBe(at('2026-02-01T06:30:00Z'));
  });

  it('respects starting and ending', () => {
    const s = {
      every: 'day' as const,
      time: '09:00',
      starting: '2026-02-10T00:00:00Z',
      ending: '2026-02-11T12:00:00Z',
    };
    expect(nextOccurrence(s, at('2026-01-01T00:00:00Z'))).toBe(at('2026-02-10T09:00:00Z'));
    expect(nextOccurrence(s, at('2026-02-10T09:00:00Z'))).toBe(at('2026-02-11T09:00:00Z'));
    expect(nextOccurrence(s, at('2026-02-11T09:00:00Z'))).toBeUndefined();
  });
});
