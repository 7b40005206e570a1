/** Bulk data for the large benchmarks, written straight through the query builder. */
import type { Canvas } from '../src/canvas/schema.js';
import { step } from '../src/engine/step.js';
import type { Journey } from '../src/engine/types.js';
import type { Store } from '../src/store/open.js';
import { partitionOf } from '../src/runner/partitions.js';

export const contactId = (i: number) => `c${String(i).padStart(8, '0')}`;
export const journeyId = (i: number) => `j${String(i).padStart(8, '0')}`;
export const phoneOf = (i: number) => `+1555${String(i).padStart(7, '0')}`;

/** `count` people with a phone and a first name, in chunks (memory stays flat). */
export async function insertContacts(store: Store, count: number, now: number): Promise<void> {
  const chunk = 2000;
  for (let start = 0; start < count; start += chunk) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) {
      rows.push({
        id: contactId(i),
        external_id: `u${i}`,
        phone: phoneOf(i),
        wa_user_id: null,
        parent_user_id: null,
        profile_name: null,
        attributes: '{"first_name":"Ana"}',
        time_zone: null,
        search_text: `u${i} ${phoneOf(i)} ana`,
        created_at: now,
        updated_at: now,
      });
    }
    await store.db.insertInto('contacts').values(rows).execute();
  }
}

/**
 * `count` journeys waiting in the canvas's first wait, each with its timer, as the engine
 * would leave them (one real step() gives the shape; ids and people vary).
 */
export async function insertWaitingJourneys(
  store: Store,
  canvas: Canvas,
  count: number,
  now: number,
  dueAt: number,
): Promise<void> {
  const sample = step(
    canvas,
    null,
    { type: 'enter', trigger: { kind: 'api' } },
    {
      now,
      newId: () => 'sample',
      contact: {
        id: contactId(0),
        phone: phoneOf(0),
        attributes: {},
        subscriptions: {},
        lastInboundAt: {},
      },
      templates: () => undefined,
    },
  ).journey;
  if (!sample || sample.wait === null) throw new Error('the canvas must start with a wait');
  const chunk = 2000;
  for (let start = 0; start < count; start += chunk) {
    const journeys: Journey[] = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) {
      const wait = { ...sample.wait, until: dueAt } as NonNullable<Journey['wait']>;
      // Ids sort in entry order, as the runner's time-ordered ids do.
      journeys.push({ ...sample, id: journeyId(i), contactId: contactId(i), wait });
    }
    await store.transaction(async (tx) => {
      await tx.journeys.upsertMany(journeys.map((journey) => ({ journey, expectedVersion: 0 })));
      await tx.timers.upsertMany(
        journeys.map((j) => ({
          key: `${j.id}:${j.visit}`,
          journeyId: j.id,
          contactId: j.contactId,
          partition: partitionOf(j.contactId),
          dueAt,
          kind: 'journey',
        })),
      );
    });
  }
}
