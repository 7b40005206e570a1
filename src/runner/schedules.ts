/**
 * Scheduled entries ride on the timers table like every other wait: one timer per live
 * scheduled canvas version, due at its next occurrence. When it fires, everyone matching
 * the entry audience is entered, page by page (memory stays flat however many people), as
 * inbox events with a dedupe key per occurrence and person — a crash mid-way re-fires the
 * timer and the people already entered are recognised, not entered twice.
 */
import { evaluate, lookupIn } from '../engine/conditions.js';
import { nextOccurrence } from '../engine/schedule.js';
import { userScope } from '../engine/scope.js';
import type { Store } from '../store/open.js';
import type { DueTimer } from '../store/repos/timers.js';
import type { LiveCanvas } from './catalog.js';
import type { Ingest } from './ingest.js';
import { partitionOf } from './partitions.js';

export const SCHEDULE_KIND = 'schedule';
/** A schedule with no occurrence left keeps its timer, never due, so it is not re-created. */
const NEVER = Number.MAX_SAFE_INTEGER;
const PAGE = 500;

export function scheduleKey(canvasId: string, version: number): string {
  return `schedule:${canvasId}:${version}`;
}

/** Every live scheduled canvas version has its timer (created at its next occurrence). */
export async function ensureScheduleTimers(
  store: Store,
  live: readonly LiveCanvas[],
  now: number,
): Promise<void> {
  for (const l of live) {
    if (l.status !== 'live' || l.canvas.entry.type !== 'schedule') continue;
    const key = scheduleKey(l.canvas.id, l.version);
    if (await store.timers.get(key)) continue;
    const next = nextOccurrence(l.canvas.entry.schedule, now, l.canvas.settings?.time_zone);
    await store.timers.upsertMany([
      {
        key,
        journeyId: key,
        contactId: '',
        partition: partitionOf(l.canvas.id),
        dueAt: next ?? NEVER,
        kind: SCHEDULE_KIND,
      },
    ]);
  }
}

/** A schedule timer is due: enter the audience, then set the next occurrence. */
export async function fireSchedule(
  store: Store,
  ingest: Ingest,
  timer: DueTimer,
  live: readonly LiveCanvas[],
): Promise<number> {
  const [, canvasId = '', versionText = ''] = timer.key.split(':');
  const target = live.find(
    (l) => l.canvas.id === canvasId && String(l.version) === versionText && l.status === 'live',
  );
  if (!target || target.canvas.entry.type !== 'schedule') {
    // A newer version was published, or the canvas stopped: this timer is stale.
    await store.timers.deleteMany([timer.key]);
    return 0;
  }
  const entry = target.canvas.entry;
  let entered = 0;
  let after: string | undefined;
  for (;;) {
    const page = await store.contacts.search('', {
      limit: PAGE,
      ...(after !== undefined ? { after } : {}),
    });
    const people = page.contacts.filter(
      (c) =>
        entry.audience === undefined ||
        evaluate(entry.audience, lookupIn({ user: userScope(c), context: {} })),
    );
    await ingest.submit(
      people.map((c) => ({
        dedupeKey: `schedule:${canvasId}:${target.version}:${timer.dueAt}:${c.id}`,
        contactId: c.id,
        payload: {
          kind: 'api.enter' as const,
          canvasId,
          context: {},
          dispatchId: `schedule:${timer.dueAt}`,
        },
      })),
    );
    entered += people.length;
    if (page.next === undefined) break;
    after = page.next;
  }
  const next = nextOccurrence(entry.schedule, timer.dueAt, target.canvas.settings?.time_zone);
  await store.timers.upsertMany([
    {
      key: timer.key,
      journeyId: timer.key,
      contactId: '',
      partition: timer.partition,
      dueAt: next ?? NEVER,
      kind: SCHEDULE_KIND,
    },
  ]);
  return entered;
}
