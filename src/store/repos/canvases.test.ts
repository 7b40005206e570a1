import { expect, it } from 'vitest';
import { StoreInputError } from '../errors.js';
import { forEachDialect } from '../testing/dialects.js';

forEachDialect((dialect) => {
  const at = 1_700_000_000_000;
  const draft = { specVersion: 1, id: 'order-feedback', steps: [{ id: 'ask' }] };

  it('creates, edits and lists drafts', async () => {
    let now = at;
    const store = await dialect.open({ now: () => now });
    const created = await store.canvases.create('order-feedback', {
      name: 'Order feedback',
      draft,
      draftSource: 'specVersion: 1 # kept\n',
    });
    expect(created).toEqual({
      id: 'order-feedback',
      name: 'Order feedback',
      status: 'draft',
      draft,
      draftSource: 'specVersion: 1 # kept\n',
      liveVersion: null,
      latestVersion: 0,
      createdAt: at,
      updatedAt: at,
    });
    now = at + 1;
    const edited = await store.canvases.updateDraft('order-feedback', {
      name: 'Feedback',
      draft: { ...draft, steps: [] },
    });
    expect(edited).toMatchObject({ name: 'Feedback', draftSource: null, updatedAt: at + 1 });
    expect((await store.canvases.get('order-feedback'))?.draft).toEqual({ ...draft, steps: [] });
    await store.canvases.create('another', { name: 'Another', draft: {} });
    expect((await store.canvases.list()).map((c) => c.id)).toEqual(['another', 'order-feedback']);
    expect(await store.canvases.list({ status: 'live' })).toEqual([]);
  });

  it('refuses a duplicate id, a bad slug and unknown canvases', async () => {
    const store = await dialect.open();
    await store.canvases.create('c', { name: 'C', draft: {} });
    await expect(store.canvases.create('c', { name: 'C2', draft: {} })).rejects.toMatchObject({
      code: 'STORE_CONFLICT',
      message: 'canvas "c" already exists',
    });
    await expect(store.canvases.create('Bad Id', { name: 'x', draft: {} })).rejects.toThrow(
      new StoreInputError(
        'canvas id "Bad Id" must be lower-case letters, digits, "-" or "_" (at most 128)',
      ),
    );
    expect((await store.canvases.list()).map((c) => c.name)).toEqual(['C']);
    await expect(
      store.canvases.updateDraft('nope', { name: 'x', draft: {} }),
    ).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    await expect(store.canvases.publish('nope', {})).rejects.toMatchObject({
      code: 'STORE_NOT_FOUND',
    });
  });

  it('publishes immutable versions and serves the live one', async () => {
    let now = at;
    const store = await dialect.open({ now: () => now });
    await store.canvases.create('c', { name: 'C', draft });
    expect(await store.canvases.getLive('c')).toBeUndefined();
    const v1 = await store.canvases.publish('c', { v: 1 }, 'ada@example.com');
    now = at + 10;
    const v2 = await store.canvases.publish('c', { v: 2 });
    expect(v1).toEqual({
      canvasId: 'c',
      version: 1,
      definition: { v: 1 },
      publishedAt: at,
      publishedBy: 'ada@example.com',
    });
    expect(v2.version).toBe(2);
    expect(await store.canvases.get('c')).toMatchObject({
      status: 'live',
      liveVersion: 2,
      latestVersion: 2,
    });
    expect(await store.canvases.getLive('c')).toEqual(v2);
    expect(await store.canvases.getVersion('c', 1)).toEqual(v1);
    expect(await store.canvases.getVersion('c', 3)).toBeUndefined();
    expect(await store.canvases.listVersions('c')).toEqual([
      { canvasId: 'c', version: 2, publishedAt: at + 10, publishedBy: null },
      { canvasId: 'c', version: 1, publishedAt: at, publishedBy: 'ada@example.com' },
    ]);
    await store.canvases.setStatus('c', 'stopped');
    expect(await store.canvases.getLive('c')).toBeUndefined();
    await expect(store.canvases.setStatus('c', 'paused' as 'live')).rejects.toThrow(
      'canvas status must be one of draft, live, stopped, archived',
    );
  });

  it('gives concurrent publishes distinct consecutive versions', async () => {
    const store = await dialect.open();
    await store.canvases.create('c', { name: 'C', draft: {} });
    const versions = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.canvases.publish('c', { i })),
    );
    expect(versions.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const v of versions) {
      expect((await store.canvases.getVersion('c', v.version))?.definition).toEqual(v.definition);
    }
    expect((await store.canvases.get('c'))?.latestVersion).toBe(8);
  });
});
