// A bare stand-in for Meta's Graph API in its own process (see fake-graph.ts): answers every
// send with a wamid at once and records when each arrived, on an event loop of its own, so
// arrival times are not bunched by pauses of the process under test. Plain JavaScript: it
// runs without a build step. Prints its port, then serves `GET /__arrivals?from=N`.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';

const arrivals = [];
let n = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const at = Date.now();
    if (req.url?.startsWith('/__arrivals')) {
      const from = Number(new URL(req.url, 'http://x').searchParams.get('from') ?? 0);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ total: arrivals.length, arrivals: arrivals.slice(from) }));
      return;
    }
    if (req.url?.includes('/messages')) {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      arrivals.push([at, body.text?.body ?? null]);
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          messaging_product: 'whatsapp',
          contacts: [{ input: body.to, wa_id: body.to?.replace('+', '') }],
          messages: [{ id: `wamid.fake.${++n}` }],
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(String(server.address().port)));
process.on('disconnect', () => process.exit(0));
