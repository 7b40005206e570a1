import { expect, it } from 'vitest';
import { InboxGroupCommit } from './group-commit.js';
import { forEachDialect } from './testing/dialects.js';

forEachDialect((dialect) => {
  const event = (key: string) => ({
    dedupeKey: key,
    partition: 0,
    kind: 'wa_message',
    payload: { key },
  });

  it('writes concurrent enqueues as one group and answers each caller', async () => {
    const store = await dialect.open({ now: () => 7 });
    const group = new InboxGroupCommit(store.inbox, { maxDelayMs: 1_000, maxBatch: 4 });
    const results = await Promise.all(['a', 'b', 'a', 'c'].map((k) => group.enqueue(event(k))));
    expect(results.map((r) => [r.dedupeKey, r.duplicate])).toEqual([
      ['a', false],
      ['b', false],
      ['a', true],
      ['c', false],
    ]);
    // One statement: ids follow arrival order (a skipped duplicate may use up an id).
    const [a, b, dup, c] = results.map((r) => r.id);
    expect(dup).toBeNull();
    expect(a).toBe(1);
    expect(b).toBe(2);
    expect(c).toBeGreaterThan(2);
    const later = group.enqueue(event('b'));
    await group.flush();
    expect(await later).toEqual({ dedupeKey: 'b', id: null, duplicate: true });
  });

  it('fails only the bad event of a group', async () => {
    const store = await dialect.open();
    const group = new InboxGroupCommit(store.inbox, { maxDelayMs: 1 });
    const good = group.enqueue(event('good'));
    const bad = group.enqueue({ ...event('bad'), partition: 1.5 });
    await expect(bad).rejects.toThrow('events[0]: partition must be an integer >= 0');
    expect(await good).toEqual({ dedupeKey: 'good', id: 1, duplicate: false });
    expect(await store.inbox.backlog()).toBe(1);
  });
});
