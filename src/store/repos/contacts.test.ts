import { describe, expect, it } from 'vitest';
import type { ContactOp } from '../../engine/types.js';
import { applyContactOps } from '../contact-ops.js';
import { StoreInputError } from '../errors.js';
import { forEachDialect } from '../testing/dialects.js';

describe('applyContactOps (Braze semantics)', () => {
  it('applies every op in order', () => {
    const ops: ContactOp[] = [
      { op: 'set', attribute: 'first_name', value: 'Ada' },
      { op: 'set', attribute: 'nickname', value: null },
      { op: 'inc', attribute: 'visits', by: 2 },
      { op: 'inc', attribute: 'score', by: 1.5 },
      { op: 'inc', attribute: 'label', by: 1 },
      { op: 'add', attribute: 'tags', values: ['a', 'b', 'a', 3] },
      { op: 'add', attribute: 'scalar', values: ['x'] },
      { op: 'remove', attribute: 'colors', values: ['red'] },
      { op: 'remove', attribute: 'missing', values: ['x'] },
      { op: 'unset', attribute: 'old' },
      { op: 'subscription', number: 'main', state: 'unsubscribed' },
      { op: 'subscription', number: 'main', state: 'subscribed' },
    ];
    const outcome = applyContactOps(
      {
        nickname: 'A',
        visits: 1,
        label: 'text',
        tags: ['b'],
        scalar: 'y',
        colors: ['red', 'blue', 'red'],
        old: true,
      },
      ops,
    );
    expect(outcome.attributes).toEqual({
      first_name: 'Ada',
      visits: 3,
      score: 1.5,
      label: 1,
      tags: ['b', 'a', 3],
      scalar: ['x'],
      colors: ['blue'],
    });
    expect([...outcome.subscriptions]).toEqual([['main', 'subscribed']]);
  });
});

forEachDialect((dialect) => {
  const at = 1_700_000_000_000;

  it('creates a contact from any address, then finds it by each', async () => {
    const store = await dialect.open({ now: () => at });
    const created = await store.contacts.resolve(
      { phone: '+14155550123', userId: 'US.123' },
      { profileName: 'Ada' },
    );
    expect(created.created).toBe(true);
    expect(created.conflicts).toEqual([]);
    expect(created.contact).toEqual({
      id: created.contact.id,
      phone: '+14155550123',
      userId: 'US.123',
      profileName: 'Ada',
      attributes: {},
      subscriptions: {},
      lastInboundAt: {},
      createdAt: at,
      updatedAt: at,
    });
    expect(created.contact.id).toMatch(/^[0-9A-Z]{26}$/);
    const again = await store.contacts.resolve({ userId: 'US.123' });
    expect(again).toEqual({ contact: created.contact, created: false, conflicts: [] });
    expect(await store.contacts.find({ phone: '+14155550123' })).toEqual(created.contact);
    expect(await store.contacts.get(created.contact.id)).toEqual(created.contact);
    expect(await store.contacts.find({ externalId: 'nobody' })).toBeUndefined();
  });

  it('fills in missing addresses of the contact found', async () => {
    let now = at;
    const store = await dialect.open({ now: () => now });
    const { contact } = await store.contacts.resolve({ phone: '+14155550123' });
    now = at + 5;
    const merged = await store.contacts.resolve({
      externalId: 'crm-1',
      phone: '+14155550123',
      userId: 'US.1',
    });
    expect(merged.created).toBe(false);
    expect(merged.conflicts).toEqual([]);
    expect(merged.contact).toMatchObject({
      id: contact.id,
      externalId: 'crm-1',
      phone: '+14155550123',
      userId: 'US.1',
      createdAt: at,
      updatedAt: at + 5,
    });
    expect((await store.contacts.find({ externalId: 'crm-1' }))?.id).toBe(contact.id);
  });

  it('never moves an address between contacts nor overwrites one; the strongest wins', async () => {
    const store = await dialect.open({ now: () => at });
    const byPhone = (await store.contacts.resolve({ phone: '+14155550001' })).contact;
    const byExternal = (
      await store.contacts.resolve({ externalId: 'crm-2', phone: '+14155550002' })
    ).contact;
    const result = await store.contacts.resolve({
      externalId: 'crm-2',
      phone: '+14155550001',
      userId: 'US.9',
    });
    expect(result.contact.id).toBe(byExternal.id);
    expect(result.contact.userId).toBe('US.9');
    expect(result.contact.phone).toBe('+14155550002');
    expect(result.conflicts).toEqual([
      { field: 'phone', value: '+14155550001', reason: 'differs' },
    ]);
    const byUser = await store.contacts.resolve({ userId: 'US.9', phone: '+14155550003' });
    expect(byUser.contact.id).toBe(byExternal.id);
    const held = await store.contacts.resolve({ phone: '+14155550001', userId: 'US.77' });
    expect(held.contact.id).toBe(byPhone.id);
    expect(held.contact.userId).toBe('US.77');
    const both = await store.contacts.resolve({ userId: 'US.77', externalId: 'crm-3' });
    expect(both.contact.id).toBe(byPhone.id);
    expect(both.contact.externalId).toBe('crm-3');
    const clash = await store.contacts.resolve({ userId: 'US.77', externalId: 'crm-2' });
    expect(clash.contact.id).toBe(byExternal.id);
    expect(clash.conflicts).toEqual([{ field: 'userId', value: 'US.77', reason: 'differs' }]);
  });

  it('resolves a batch in input order, creating a new person once', async () => {
    let now = at;
    const store = await dialect.open({ now: () => now });
    const known = (await store.contacts.resolve({ phone: '+14155550100' }, { profileName: 'Kay' }))
      .contact;
    now = at + 1;
    const results = await store.contacts.resolveMany([
      { address: { phone: '+14155550100' }, profileName: 'Kay' },
      { address: { userId: 'US.NEW' }, profileName: 'Neo' },
      { address: { phone: '+14155550100', userId: 'US.KAY' } },
      { address: { userId: 'US.NEW' } },
    ]);
    expect(results.map((r) => [r.contact.id === known.id, r.created, r.conflicts])).toEqual([
      [true, false, []],
      [false, true, []],
      [true, false, []],
      [false, false, []],
    ]);
    expect(results[0]?.contact.updatedAt).toBe(at);
    expect(results[2]?.contact).toMatchObject({ userId: 'US.KAY', updatedAt: at + 1 });
    expect(results[3]?.contact).toEqual(results[1]?.contact);
    expect(results[1]?.contact.profileName).toBe('Neo');
    await expect(
      store.contacts.resolveMany([
        { address: { userId: 'US.OTHER' } },
        { address: { phone: '1' } },
      ]),
    ).rejects.toMatchObject({ code: 'STORE_BAD_INPUT' });
    expect(await store.contacts.find({ userId: 'US.OTHER' })).toBeUndefined();
    expect((await store.contacts.search('')).contacts).toHaveLength(2);
  });

  it('creates new people of a batch together, and once when two batches race for them', async () => {
    const store = await dialect.open();
    const phones = Array.from({ length: 40 }, (_, i) => `+1415555${String(i).padStart(4, '0')}`);
    const batch = phones.map((phone) => ({ address: { phone }, profileName: `P ${phone}` }));
    // Both may read before either writes (on SQLite they do): the second then finds its
    // inserts taken and resolves those people again, as the ones already there.
    const [a, b] = await Promise.all([
      store.contacts.resolveMany(batch),
      store.contacts.resolveMany([...batch].reverse()),
    ]);
    const byPhone = new Map(a.map((r) => [r.contact.phone, r]));
    for (const r of b ?? []) {
      const other = byPhone.get(r.contact.phone);
      expect(r.contact.id).toBe(other?.contact.id);
      expect(r.created).not.toBe(other?.created);
    }
    expect(a[3]?.contact).toMatchObject({ phone: phones[3], profileName: `P ${phones[3]}` });
    expect((await store.contacts.search('')).contacts).toHaveLength(40);
    const ids = await store.contacts.resolveManyIds([...batch, { address: { userId: 'US.1' } }]);
    expect(ids.slice(0, 40)).toEqual(
      a.map((r) => ({ id: r.contact.id, created: false, conflicts: [] })),
    );
    expect(ids[40]?.created).toBe(true);
    expect((await store.contacts.find({ userId: 'US.1' }))?.id).toBe(ids[40]?.id);
    // Ids only read addresses and names, yet still fill in, rename and report conflicts.
    const [renamed, held] = await store.contacts.resolveManyIds([
      { address: { phone: phones[0] ?? '' }, profileName: 'Renamed' },
      { address: { userId: 'US.1', phone: phones[1] ?? '' } },
    ]);
    expect(renamed).toEqual({ id: a[0]?.contact.id, created: false, conflicts: [] });
    expect((await store.contacts.get(a[0]?.contact.id ?? ''))?.profileName).toBe('Renamed');
    expect(held).toEqual({
      id: ids[40]?.id,
      created: false,
      conflicts: [
        { field: 'phone', value: phones[1], reason: 'held', otherContactId: a[1]?.contact.id },
      ],
    });
  });

  it('refuses bad addresses with a clear error and stores nothing', async () => {
    const store = await dialect.open();
    await expect(store.contacts.resolve({ phone: '0612345678' })).rejects.toThrow(
      new StoreInputError('contact phone "0612345678" is not E.164 (like +14155550123)'),
    );
    await expect(store.contacts.resolve({})).rejects.toThrow(
      'a contact needs at least one of externalId, phone, userId',
    );
    await expect(store.contacts.resolve({ externalId: ' ' })).rejects.toThrow(
      'contact externalId must be a non-empty string',
    );
    expect((await store.contacts.search('')).contacts).toEqual([]);
  });

  it('applies ops atomically and maps to the engine contact', async () => {
    let now = at;
    const store = await dialect.open({ now: () => now });
    const { contact } = await store.contacts.resolve({ externalId: 'u1' });
    await store.contacts.applyOps(contact.id, [
      { op: 'set', attribute: 'first_name', value: 'Grace' },
      { op: 'add', attribute: 'tags', values: ['vip'] },
    ]);
    now = at + 10;
    const updated = await store.contacts.applyOps(contact.id, [
      { op: 'add', attribute: 'tags', values: ['vip', 'new'] },
      { op: 'inc', attribute: 'orders', by: 1 },
      { op: 'set', attribute: 'first_name', value: null },
      { op: 'subscription', number: 'main', state: 'unsubscribed' },
    ]);
    expect(updated).toEqual({
      id: contact.id,
      externalId: 'u1',
      attributes: { tags: ['vip', 'new'], orders: 1 },
      subscriptions: { main: 'unsubscribed' },
      lastInboundAt: {},
      createdAt: at,
      updatedAt: at + 10,
    });
    expect(await store.contacts.get(contact.id)).toEqual(updated);
  });

  it('applies the operations of many contacts at once, as applyOps would one by one', async () => {
    let now = at;
    const store = await dialect.open({ now: () => now });
    const a = (await store.contacts.resolve({ externalId: 'a' })).contact;
    const b = (await store.contacts.resolve({ externalId: 'b' }, { profileName: 'Bea' })).contact;
    await store.contacts.applyOps(a.id, [{ op: 'set', attribute: 'email', value: 'A@x.io' }]);
    now = at + 5;
    await store.transaction((tx) =>
      tx.contacts.applyOpsMany(
        new Map([
          [
            a.id,
            [
              { op: 'inc' as const, attribute: 'orders', by: 2 },
              { op: 'set' as const, attribute: 'email', value: 'ada@example.com' },
            ],
          ],
          [b.id, [{ op: 'subscription' as const, number: 'main', state: 'unsubscribed' as const }]],
        ]),
      ),
    );
    expect(await store.contacts.get(a.id)).toMatchObject({
      attributes: { orders: 2, email: 'ada@example.com' },
      updatedAt: at + 5,
    });
    expect(await store.contacts.get(b.id)).toMatchObject({
      attributes: {},
      subscriptions: { main: 'unsubscribed' },
    });
    // The search text follows the new attributes.
    expect((await store.contacts.search('ada@example')).contacts.map((c) => c.id)).toEqual([a.id]);
    expect((await store.contacts.search('a@x.io')).contacts).toEqual([]);
    await expect(
      store.transaction((tx) =>
        tx.contacts.applyOpsMany(
          new Map([
            [a.id, [{ op: 'inc' as const, attribute: 'orders', by: 1 }]],
            ['nope', [{ op: 'inc' as const, attribute: 'orders', by: 1 }]],
          ]),
        ),
      ),
    ).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    // The failed batch changed no one.
    expect((await store.contacts.get(a.id))?.attributes).toMatchObject({ orders: 2 });
  });

  it('updates time zone, profile name and parent id', async () => {
    let now = at;
    const store = await dialect.open({ now: () => now });
    const { contact } = await store.contacts.resolve({ userId: 'US.5' }, { profileName: 'Old' });
    now = at + 1;
    const updated = await store.contacts.update(contact.id, {
      timeZone: 'Europe/Paris',
      profileName: 'New Name',
      parentUserId: 'US.PARENT',
    });
    expect(updated).toEqual({
      id: contact.id,
      userId: 'US.5',
      timeZone: 'Europe/Paris',
      profileName: 'New Name',
      parentUserId: 'US.PARENT',
      attributes: {},
      subscriptions: {},
      lastInboundAt: {},
      createdAt: at,
      updatedAt: at + 1,
    });
    expect((await store.contacts.search('new name')).contacts.map((c) => c.id)).toEqual([
      contact.id,
    ]);
    const cleared = await store.contacts.update(contact.id, { timeZone: null });
    expect(cleared.timeZone).toBeUndefined();
    expect(cleared.profileName).toBe('New Name');
    await expect(store.contacts.update('nope', {})).rejects.toMatchObject({
      code: 'STORE_NOT_FOUND',
    });
  });

  it('saves the engine contact snapshot back', async () => {
    const store = await dialect.open({ now: () => at });
    const { contact } = await store.contacts.resolve({ externalId: 'snap' });
    await store.contacts.numbers.setSubscription(contact.id, 'old', 'subscribed');
    await store.contacts.numbers.setLastInbound([
      { contactId: contact.id, number: 'main', at: 500 },
    ]);
    const saved = await store.contacts.save({
      id: contact.id,
      externalId: 'ignored-here',
      attributes: { first_name: 'Lin', tags: ['a'] },
      timeZone: 'Asia/Tokyo',
      subscriptions: { main: 'subscribed', promo: 'unsubscribed' },
      lastInboundAt: { main: 400, promo: 600 },
    });
    expect(saved).toEqual({
      id: contact.id,
      externalId: 'snap',
      attributes: { first_name: 'Lin', tags: ['a'] },
      timeZone: 'Asia/Tokyo',
      subscriptions: { main: 'subscribed', promo: 'unsubscribed' },
      lastInboundAt: { main: 500, promo: 600 },
      createdAt: at,
      updatedAt: at,
    });
    expect(await store.contacts.get(contact.id)).toEqual(saved);
    expect((await store.contacts.search('lin')).contacts.map((c) => c.id)).toEqual([contact.id]);
  });

  it('refuses a bad op before writing anything, and unknown contacts', async () => {
    const store = await dialect.open();
    const { contact } = await store.contacts.resolve({ externalId: 'u1' });
    await expect(
      store.contacts.applyOps(contact.id, [
        { op: 'set', attribute: 'a', value: 1 },
        { op: 'inc', attribute: 'b', by: Number.NaN },
      ]),
    ).rejects.toThrow(new StoreInputError('ops[1]: inc "b" needs a finite number'));
    expect((await store.contacts.get(contact.id))?.attributes).toEqual({});
    await expect(store.contacts.applyOps('nope', [])).rejects.toMatchObject({
      code: 'STORE_NOT_FOUND',
    });
  });

  it('keeps the window moving forward and subscriptions per number', async () => {
    const store = await dialect.open({ now: () => at });
    const a = (await store.contacts.resolve({ externalId: 'a' })).contact;
    const b = (await store.contacts.resolve({ externalId: 'b' })).contact;
    await store.contacts.numbers.setLastInbound([
      { contactId: a.id, number: 'main', at: 100 },
      { contactId: b.id, number: 'main', at: 50 },
    ]);
    // Several messages of one person in one batch (Postgres refuses to touch a row twice).
    await store.contacts.numbers.setLastInbound([
      { contactId: a.id, number: 'main', at: 90 },
      { contactId: a.id, number: 'support', at: 65 },
      { contactId: a.id, number: 'support', at: 70 },
      { contactId: b.id, number: 'main', at: 60 },
    ]);
    await store.contacts.numbers.setSubscription(a.id, 'main', 'subscribed');
    await store.contacts.numbers.setSubscription(b.id, 'main', 'unsubscribed');
    await store.contacts.numbers.setSubscription(b.id, 'main', null);
    const many = await store.contacts.getMany([a.id, b.id, 'missing']);
    expect([...many.keys()].sort()).toEqual([a.id, b.id].sort());
    expect(many.get(a.id)).toMatchObject({
      subscriptions: { main: 'subscribed' },
      lastInboundAt: { main: 100, support: 70 },
    });
    expect(many.get(b.id)).toMatchObject({ subscriptions: {}, lastInboundAt: { main: 60 } });
  });

  it('searches addresses and names, case-insensitively, paged', async () => {
    const store = await dialect.open({ now: () => at });
    const ada = (await store.contacts.resolve({ externalId: 'crm-ada', phone: '+4915112345678' }))
      .contact;
    await store.contacts.applyOps(ada.id, [{ op: 'set', attribute: 'first_name', value: 'Ada' }]);
    const bob = (await store.contacts.resolve({ externalId: 'crm-bob' }, { profileName: 'Bobby' }))
      .contact;
    const pct = (await store.contacts.resolve({ externalId: '50%_off' })).contact;
    const ids = async (text: string) =>
      (await store.contacts.search(text)).contacts.map((c) => c.id);
    expect(await ids('ADA')).toEqual([ada.id]);
    expect(await ids('bobby')).toEqual([bob.id]);
    expect(await ids('49151')).toEqual([ada.id]);
    expect(await ids('crm-')).toEqual([ada.id, bob.id].sort());
    expect(await ids('%')).toEqual([pct.id]);
    expect(await ids('_')).toEqual([pct.id]);
    const first = await store.contacts.search('', { limit: 2 });
    expect(first.contacts).toHaveLength(2);
    const rest = await store.contacts.search('', { limit: 2, after: first.next });
    expect(rest.next).toBeUndefined();
    expect([...first.contacts, ...rest.contacts].map((c) => c.id)).toEqual(
      [ada.id, bob.id, pct.id].sort(),
    );
  });

  it('searches a chunk of contacts at a time, giving the event loop a turn between chunks', async () => {
    const store = await dialect.open({ now: () => at });
    const made = await store.contacts.resolveMany(
      Array.from({ length: 30 }, (_, i) => ({
        address: { externalId: `crm-${String(i).padStart(2, '0')}` },
        ...(i % 7 === 3 ? { profileName: 'Lin' } : {}),
      })),
    );
    const lins = made.filter((r) => r.contact.profileName === 'Lin').map((r) => r.contact.id);
    expect(lins).toHaveLength(4);
    // Chunks of 4 contacts: the matches sit in different chunks, and pages still follow ids.
    const first = await store.contacts.search('lin', { limit: 3 }, 4);
    expect(first.contacts.map((c) => c.id)).toEqual(lins.sort().slice(0, 3));
    const rest = await store.contacts.search('lin', { limit: 3, after: first.next }, 4);
    expect(rest.contacts.map((c) => c.id)).toEqual(lins.slice(3));
    expect(rest.next).toBeUndefined();
    expect((await store.contacts.search('nobody', {}, 4)).contacts).toEqual([]);
    // Work queued as a search of 30 one-contact chunks starts runs before the search ends
    // (without the turns, the statements' promises would all resolve first).
    let turned = false;
    setImmediate(() => (turned = true));
    const searching = store.contacts.search('nobody', {}, 1).then(() => turned);
    expect(await searching).toBe(true);
  });

  it('deletes a contact and everything of theirs', async () => {
    const store = await dialect.open({ now: () => at });
    const gone = (await store.contacts.resolve({ externalId: 'gone' })).contact;
    const kept = (await store.contacts.resolve({ externalId: 'kept' })).contact;
    for (const c of [gone, kept]) {
      await store.contacts.numbers.setLastInbound([{ contactId: c.id, number: 'main', at: 1 }]);
      await store.events.appendMany([{ contactId: c.id, name: 'e', properties: {}, at: 1 }]);
      await store.journeys.upsertMany([
        {
          journey: {
            id: `j-${c.id}`,
            canvasId: 'c',
            version: 1,
            contactId: c.id,
            status: 'waiting',
            stepId: 'wait',
            visit: 1,
            wait: { kind: 'delay', step: 'wait', visit: 1, until: 5 },
            context: {},
            eventProperties: null,
            whatsApp: null,
            pendingSends: [],
            enteredAt: 1,
            updatedAt: 1,
            endedAt: null,
            exitReason: null,
          },
        },
      ]);
      await store.timers.upsertMany([
        {
          key: `t-${c.id}`,
          journeyId: `j-${c.id}`,
          contactId: c.id,
          partition: 0,
          dueAt: 5,
          kind: 'wait',
        },
      ]);
      await store.inbox.enqueueMany([
        { dedupeKey: `in-${c.id}`, partition: 0, contactId: c.id, kind: 'msg', payload: {} },
      ]);
      await store.entries.recordMany([{ canvasId: 'c', contactId: c.id, at: 1 }]);
      await store.history.appendMany([
        {
          journeyId: `j-${c.id}`,
          contactId: c.id,
          canvasId: 'c',
          stepId: 'wait',
          branch: null,
          at: 1,
        },
      ]);
    }
    expect(await store.contacts.delete(gone.id)).toBe(true);
    expect(await store.contacts.delete(gone.id)).toBe(false);
    expect(await store.contacts.get(gone.id)).toBeUndefined();
    expect(await store.events.listByContact(gone.id)).toEqual([]);
    expect(await store.timers.get(`t-${gone.id}`)).toBeUndefined();
    expect(await store.journeys.get(`j-${gone.id}`)).toBeUndefined();
    expect(await store.journeys.loadLiveByContacts([kept.id])).toHaveLength(1);
    expect(await store.entries.get('c', gone.id)).toBeUndefined();
    expect(await store.inbox.backlog()).toBe(1);
    expect(await store.contacts.get(kept.id)).toMatchObject({ lastInboundAt: { main: 1 } });
    expect(await store.timers.get(`t-${kept.id}`)).toBeDefined();
    const history = await store.db.selectFrom('journey_history').select('contact_id').execute();
    expect(history).toEqual([{ contact_id: kept.id }]);
  });
});
