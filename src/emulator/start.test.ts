import Fastify from 'fastify';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { createEmulator } from './emulator.js';
import { startEmulator } from './start.js';
import { PNID, TOKEN, USER } from './test-support.js';

describe('startEmulator', () => {
  it('listens on a real port and answers Graph calls', async () => {
    const running = await startEmulator({ port: 0, accessTokens: [TOKEN, 'second-fake-token'] });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const refused = await request(`${running.url}/v23.0/${PNID}`);
      expect(refused.statusCode).toBe(401);
      await refused.body.dump();
      const ok = await request(`${running.url}/v23.0/${PNID}?fields=display_phone_number`, {
        headers: { authorization: 'Bearer second-fake-token' },
      });
      expect(await ok.body.json()).toEqual({ display_phone_number: '+1 555-078-3881', id: PNID });
    } finally {
      await running.close();
    }
  });
});

describe('embedding', () => {
  it('mounts in another Fastify server under a prefix', async () => {
    const emulator = createEmulator({ accessTokens: TOKEN });
    const parent = Fastify();
    parent.get('/health', async () => ({ ok: true }));
    await parent.register(emulator.plugin, { prefix: '/wa' });
    try {
      await parent.inject({
        method: 'POST',
        url: '/wa/_emulator/phones',
        payload: { phone: USER },
      });
      const typed = await parent.inject({
        method: 'POST',
        url: `/wa/_emulator/phones/${USER}/messages`,
        payload: { type: 'document', filename: 'a.pdf' },
      });
      const mediaId = typed.json().message.content.document.id;
      const media = await parent.inject({
        method: 'GET',
        url: `/wa/v23.0/${mediaId}`,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(media.json().url).toContain('/wa/whatsapp_business/attachments/?mid=');
      expect((await parent.inject({ method: 'GET', url: '/health' })).json()).toEqual({ ok: true });
    } finally {
      await parent.close();
      await emulator.close();
    }
  });
});
