// A bare stand-in for Meta's Graph API in its own process (see fake-graph.ts): answers every
// send with a wamid at once and records when each arrived, on an event loop of its own, so
// arrival times are not bunched by pauses of the process under test. Plain JavaScript: it
// runs without a build step. Prints its port, then serves `GET /__arrivals?from=N`.
//
// Told a webhook URL over IPC (`{ statusesTo, appSecret }`), it also posts the status
// webhooks Meta would — `sent` at once, `delivered` 100 ms and `read` 1 s later, each in a
// POST of its own, signed with the app secret, echoing the send's biz_opaque_callback_data —
// because in production those three outnumber
// the replies that caused them, and a benchmark without them flatters the server.
import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import { setImmediate, setTimeout } from 'node:timers';

const arrivals = [];
let n = 0;
/** Where statuses go, and the secret they are signed with; unset: no statuses. */
let statuses;
let statusesPending = 0;
let statusesFailed = 0;
const agent = new Agent({ keepAlive: true, maxSockets: 32 });

function postStatus(wamid, to, callbackData, status) {
  const target = statuses;
  if (!target) return;
  const raw = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: '15550783881',
                phone_number_id: target.phoneNumberId,
              },
              statuses: [
                {
                  id: wamid,
                  status,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  recipient_id: to,
                  ...(callbackData !== undefined ? { biz_opaque_callback_data: callbackData } : {}),
                },
              ],
            },
          },
        ],
      },
    ],
  });
  const signature = `sha256=${createHmac('sha256', target.appSecret).update(raw).digest('hex')}`;
  statusesPending++;
  const req = request(
    target.url,
    {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
    },
    (res) => {
      if (res.statusCode !== 200) statusesFailed++;
      res.resume();
      res.on('end', () => statusesPending--);
    },
  );
  req.on('error', () => {
    statusesFailed++;
    statusesPending--;
  });
  req.end(raw);
}

function scheduleStatuses(wamid, to, callbackData) {
  if (!statuses) return;
  setImmediate(() => postStatus(wamid, to, callbackData, 'sent'));
  // Counted as pending from now, so a caller waiting for quiet waits for the read too.
  statusesPending += 2;
  setTimeout(() => {
    statusesPending--;
    postStatus(wamid, to, callbackData, 'delivered');
  }, 100);
  setTimeout(() => {
    statusesPending--;
    postStatus(wamid, to, callbackData, 'read');
  }, 1000);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const at = Date.now();
    if (req.url?.startsWith('/__arrivals')) {
      const from = Number(new URL(req.url, 'http://x').searchParams.get('from') ?? 0);
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          total: arrivals.length,
          arrivals: arrivals.slice(from),
          statusesPending,
          statusesFailed,
        }),
      );
      return;
    }
    if (req.url?.includes('/messages')) {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      arrivals.push([at, body.text?.body ?? null]);
      const wamid = `wamid.fake.${++n}`;
      const to = body.to?.replace('+', '');
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          messaging_product: 'whatsapp',
          contacts: [{ input: body.to, wa_id: to }],
          messages: [{ id: wamid }],
        }),
      );
      scheduleStatuses(wamid, to, body.biz_opaque_callback_data);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(String(server.address().port)));
process.on('message', (message) => {
  statuses = message.statusesTo
    ? {
        url: message.statusesTo,
        appSecret: message.appSecret,
        phoneNumberId: message.phoneNumberId,
      }
    : undefined;
  process.send?.({ ok: true });
});
process.on('disconnect', () => process.exit(0));
