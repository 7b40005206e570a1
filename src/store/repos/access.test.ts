import { expect, it } from 'vitest';
import { forEachDialect } from '../testing/dialects.js';

forEachDialect((dialect) => {
  it('keeps business numbers by alias and by phone number id', async () => {
    let now = 10;
    const store = await dialect.open({ now: () => now });
    const main = {
      id: 'main',
      phoneNumberId: '1234567890',
      wabaId: 'waba1',
      displayPhoneNumber: '+1 415 555 0100',
      throughput: 80,
      settings: { pairRate: 6 },
    };
    await store.numbers.upsert(main);
    now = 20;
    await store.numbers.upsert({ ...main, throughput: 1000 });
    expect(await store.numbers.get('main')).toEqual({
      ...main,
      throughput: 1000,
      createdAt: 10,
      updatedAt: 20,
    });
    expect((await store.numbers.getByPhoneNumberId('1234567890'))?.id).toBe('main');
    expect((await store.numbers.list()).map((n) => n.id)).toEqual(['main']);
    expect(await store.numbers.delete('main')).toBe(true);
    expect(await store.numbers.get('main')).toBeUndefined();
  });

  it('creates API keys shown once, verifies and revokes them', async () => {
    let now = 1_000_000;
    const store = await dialect.open({ now: () => now });
    const { key, record } = await store.apiKeys.create('crm', ['trigger:send']);
    expect(key).toMatch(/^rp_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(record).toEqual({
      id: record.id,
      name: 'crm',
      prefix: key.slice(3, 15),
      scopes: ['trigger:send'],
      createdAt: now,
      revokedAt: null,
      lastUsedAt: null,
    });
    const hashes = await store.db.selectFrom('api_keys').select('hash').execute();
    expect(hashes.map((h) => h.hash)).not.toContain(key);
    now += 5;
    expect(await store.apiKeys.verify(key)).toEqual({ ...record, lastUsedAt: now });
    expect(await store.apiKeys.verify(`${key.slice(0, -1)}x`)).toBeUndefined();
    expect(await store.apiKeys.verify('not a key')).toBeUndefined();
    expect(await store.apiKeys.revoke(record.id)).toBe(true);
    expect(await store.apiKeys.revoke(record.id)).toBe(false);
    expect(await store.apiKeys.verify(key)).toBeUndefined();
    expect((await store.apiKeys.list()).map((k) => k.revokedAt)).toEqual([now]);
  });

  it('authenticates users and keeps sessions by a hash of their id', async () => {
    let now = 1_000;
    const store = await dialect.open({ now: () => now });
    const user = await store.users.create(' Ada@Example.com ', 'correct horse');
    expect(user).toEqual({ id: user.id, email: 'ada@example.com', createdAt: 1_000 });
    await expect(store.users.create('ada@example.com', 'another pass')).rejects.toMatchObject({
      code: 'STORE_CONFLICT',
    });
    await expect(store.users.create('bob@example.com', 'short')).rejects.toThrow(
      'a password needs at least 8 characters',
    );
    expect((await store.users.list()).map((u) => u.email)).toEqual(['ada@example.com']);
    expect(await store.users.authenticate('ADA@example.com', 'correct horse')).toEqual(user);
    expect(await store.users.authenticate('ada@example.com', 'wrong horse')).toBeUndefined();
    expect(await store.users.setPassword(user.id, 'battery staple')).toBe(true);
    expect(await store.users.authenticate('ada@example.com', 'battery staple')).toEqual(user);

    const { sessionId, session } = await store.sessions.create(user.id, 60_000);
    expect(session).toEqual({
      userId: user.id,
      email: 'ada@example.com',
      csrfToken: session.csrfToken,
      createdAt: 1_000,
      expiresAt: 61_000,
    });
    expect(await store.sessions.get(sessionId)).toEqual(session);
    expect(await store.sessions.get('forged')).toBeUndefined();
    now = 61_000;
    expect(await store.sessions.get(sessionId)).toBeUndefined();
    expect(await store.sessions.pruneExpired()).toBe(1);
    const other = await store.sessions.create(user.id, 10);
    expect(await store.sessions.delete(other.sessionId)).toBe(true);
    await store.sessions.create(user.id, 10);
    expect(await store.users.delete(user.id)).toBe(true);
    expect(await store.sessions.pruneExpired(Number.MAX_SAFE_INTEGER)).toBe(0);
  });
});
