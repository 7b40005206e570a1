/**
 * WhatsApp's `system` message when a person changes number: Riposte records the new
 * number on the same contact, so their journeys and profile follow them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRiposte, type Riposte } from '../src/server/riposte.js';
import { eventually, json } from './helpers.js';

describe('a person changes number', () => {
  let riposte: Riposte;
  afterEach(async () => riposte.stop());

  it('keeps the same contact under the new number', async () => {
    riposte = await createRiposte({
      databaseUrl: `sqlite:${join(mkdtempSync(join(tmpdir(), 'rp-identity-')), 'riposte.db')}`,
      pollMs: 20,
    });
    await riposte.start();
    const emulator = riposte.emulator?.url ?? '';
    const old = '+15550200001';
    const next = '+15550200099';
    await json(`${emulator}/_emulator/phones`, {
      method: 'POST',
      body: JSON.stringify({ phone: old, name: 'Ana' }),
    });
    await json(`${emulator}/_emulator/phones/${encodeURIComponent(old)}/messages`, {
      method: 'POST',
      body: JSON.stringify({ text: 'hello' }),
    });
    const before = await eventually(
      () => riposte.store.contacts.find({ phone: old }),
      'the contact from the first message',
    );
    const changed = await json(
      `${emulator}/_emulator/phones/${encodeURIComponent(old)}/change-number`,
      { method: 'POST', body: JSON.stringify({ phone: next }) },
    );
    expect(changed.status).toBe(200);
    const after = await eventually(
      () => riposte.store.contacts.find({ phone: next }),
      'the contact under the new number',
    );
    expect(after.id).toBe(before.id);
    expect(await riposte.store.contacts.find({ phone: old })).toBeUndefined();
  });
});
