/**
 * A bare stand-in for Meta's Graph API and a CRM in benchmarks: answers every send with a
 * wamid at once and records when each request arrived. (The emulator is faithful, which
 * makes it far heavier than Meta looks from here; a benchmark of Riposte must not measure it.)
 */
import { createServer, type Server } from 'node:http';

export interface FakeGraph {
  url: string;
  arrivals: Array<{ at: number; text: string }>;
  sends: number;
  close(): Promise<void>;
}

export async function startFakeGraph(): Promise<FakeGraph> {
  const state: Omit<FakeGraph, 'url' | 'close'> = { arrivals: [], sends: 0 };
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      if (req.url?.includes('/messages')) {
        state.sends++;
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          to?: string;
          text?: { body?: string };
        };
        if (body.text?.body !== undefined) state.arrivals.push({ at, text: body.text.body });
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            messaging_product: 'whatsapp',
            contacts: [{ input: body.to, wa_id: body.to?.replace('+', '') }],
            messages: [{ id: `wamid.fake.${++n}` }],
          }),
        );
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  return {
    ...state,
    get arrivals() {
      return state.arrivals;
    },
    get sends() {
      return state.sends;
    },
    url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
