/**
 * A stand-in for the native API (docs/native-api.md) for working on the dashboard alone:
 * in-memory canvases, templates, analytics and a toy phone simulator, plus web/dist.
 * Not the product: it runs no engine; a tap on a live canvas's Action Paths button counts
 * the group and answers with the text of the message step that group leads to.
 *
 *   npx vite build --config web/vite.config.ts && npx tsx web/dev/mock-api.ts   # port 3000
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { stringify } from 'yaml';
import { validateCanvas } from '../../src/canvas/validate';
import {
  deliver,
  detail,
  enter,
  id,
  newPhone,
  state,
  stepStats,
  tapped,
  type Json,
} from './mock-state';

const PORT = Number(process.env.PORT ?? 3000);
const DIST = new URL('../dist/', import.meta.url).pathname;
const CSRF = 'mock-csrf-token';

function send(res: ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}
const fail = (
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: Json = {},
) => send(res, status, { error: { code, message, ...extra } });

async function body(req: IncomingMessage): Promise<Json> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text === '' ? {} : (JSON.parse(text) as Json);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (!path.startsWith('/api/') && !path.startsWith('/canvas/')) return serveStatic(path, res);
  const sid = /sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const signedIn = sid !== undefined && state.sessions.has(sid);
  if (path === '/api/v1/session' && method === 'GET')
    return send(res, 200, {
      user: signedIn ? { email: state.user?.email } : null,
      csrfToken: CSRF,
      setupNeeded: !state.user,
    });
  if ((path === '/api/v1/session' || path === '/api/v1/setup') && method === 'POST') {
    const b = await body(req);
    if (path === '/api/v1/setup')
      state.user ??= { email: String(b.email), password: String(b.password) };
    const user = state.user;
    if (!user || b.email !== user.email || b.password !== user.password)
      return fail(res, 401, 'bad_credentials', 'Wrong email or password.');
    const s = id('s');
    state.sessions.add(s);
    res.setHeader('Set-Cookie', `sid=${s}; Path=/; HttpOnly; SameSite=Lax`);
    return send(res, 200, { user: { email: user.email }, csrfToken: CSRF });
  }
  if (path === '/api/v1/session' && method === 'DELETE') {
    if (sid) state.sessions.delete(sid);
    return send(res, 204);
  }
  if (path === '/canvas/trigger/send' && method === 'POST') {
    const b = await body(req);
    const recipients = (b.recipients ?? []) as Json[];
    const ok = recipients
      .map((r) => enter(String(b.canvas_id), String(r.phone ?? '')))
      .every(Boolean);
    return ok
      ? send(res, 201, { message: 'success' })
      : fail(res, 400, 'not_live', 'Canvas not live or does not start with a template.');
  }
  if (!signedIn) return fail(res, 401, 'unauthorized', 'Sign in first.');
  if (method !== 'GET' && req.headers['x-csrf-token'] !== CSRF)
    return fail(res, 403, 'csrf', 'Missing CSRF token.');
  return routes(req, res, path, method, url);
}

async function routes(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  method: string,
  url: URL,
): Promise<void> {
  const m = (re: RegExp) => re.exec(path);
  let r: RegExpExecArray | null;
  if (path === '/api/v1/canvases' && method === 'GET')
    return send(res, 200, {
      canvases: [...state.canvases.values()].map((c) => ({
        id: c.doc.id,
        name: c.doc.name,
        status: c.status,
        liveVersion: c.versions.at(-1)?.version ?? null,
        entries: Number(stepStats(c.doc.id, c.doc.steps[0]?.id ?? '').entered),
        updatedAt: c.updatedAt,
      })),
    });
  if (path === '/api/v1/canvases' && method === 'POST') {
    const v = validateCanvas(await body(req));
    if (!v.ok) return fail(res, 422, 'invalid_canvas', 'Invalid canvas.', { issues: v.issues });
    if (state.canvases.has(v.canvas.id))
      return fail(res, 409, 'canvas_exists', 'A canvas with this id exists.');
    const c = { doc: v.canvas, status: 'draft', versions: [], updatedAt: Date.now() };
    state.canvases.set(v.canvas.id, c);
    return send(res, 201, { canvas: detail(c) });
  }
  if ((r = m(/^\/api\/v1\/canvases\/([^/]+)(\/.*)?$/))) {
    const c = state.canvases.get(decodeURIComponent(r[1] ?? ''));
    if (!c) return fail(res, 404, 'not_found', 'No such canvas.');
    const rest = r[2] ?? '';
    if (rest === '' && method === 'GET') return send(res, 200, detail(c));
    if (rest === '' && method === 'PUT') {
      const v = validateCanvas(await body(req));
      if (!v.ok) return fail(res, 422, 'invalid_canvas', 'Invalid canvas.', { issues: v.issues });
      c.doc = v.canvas;
      c.updatedAt = Date.now();
      return send(res, 200, detail(c));
    }
    if (rest === '/publish' && method === 'POST') {
      const version = (c.versions.at(-1)?.version ?? 0) + 1;
      c.versions.push({ version, publishedAt: Date.now(), doc: c.doc });
      c.status = 'live';
      return send(res, 201, { version, publishedAt: Date.now() });
    }
    if ((rest === '/stop' || rest === '/resume') && method === 'POST') {
      c.status = rest === '/stop' ? 'stopped' : 'live';
      return send(res, 200, { status: c.status });
    }
    if (rest === '/versions')
      return send(res, 200, {
        versions: c.versions.map(({ version, publishedAt }) => ({ version, publishedAt })),
      });
    const v = /^\/versions\/(\d+)$/.exec(rest);
    if (v) {
      const found = c.versions.find((x) => x.version === Number(v[1]));
      return found
        ? send(res, 200, {
            version: found.version,
            definition: found.doc,
            yaml: stringify(found.doc),
          })
        : fail(res, 404, 'not_found', 'No such version.');
    }
    if (rest === '/diff') {
      const from = c.versions.find((x) => String(x.version) === url.searchParams.get('from'))?.doc;
      const toParam = url.searchParams.get('to');
      const to =
        toParam === 'draft' ? c.doc : c.versions.find((x) => String(x.version) === toParam)?.doc;
      const a = stringify(from ?? {}).split('\n');
      const b = stringify(to ?? {}).split('\n');
      const diff = [
        '--- a',
        '+++ b',
        ...a.filter((l) => !b.includes(l)).map((l) => `-${l}`),
        ...b.filter((l) => !a.includes(l)).map((l) => `+${l}`),
      ];
      return send(res, 200, {
        from: url.searchParams.get('from'),
        to: toParam,
        diff: diff.join('\n'),
      });
    }
    if (rest === '/analytics') {
      const steps: Json = {};
      for (const s of c.doc.steps) steps[s.id] = stepStats(c.doc.id, s.id);
      return send(res, 200, {
        from: 0,
        to: Date.now(),
        entries: Number(stepStats(c.doc.id, c.doc.steps[0]?.id ?? '').entered),
        steps,
      });
    }
  }
  if (path === '/api/v1/templates' && method === 'GET')
    return send(res, 200, { templates: state.templates });
  if (path === '/api/v1/templates/sync') return send(res, 200, { synced: state.templates.length });
  if (path === '/api/v1/templates' && method === 'POST') {
    const b = await body(req);
    if (!/^[a-z0-9_]+$/.test(String(b.name ?? '')))
      return fail(res, 422, 'invalid_template', 'Invalid template.', {
        issues: [{ path: 'name', message: 'use lowercase letters, digits and _' }],
      });
    const t = { ...b, status: 'PENDING' };
    state.templates.push(t);
    return send(res, 201, { template: t });
  }
  if (path === '/api/v1/contacts')
    return send(res, 200, {
      contacts: state.phones.map((p) => ({
        id: p.key,
        phone: p.phone,
        attributes: { first_name: p.name },
      })),
      next: null,
    });
  if ((r = m(/^\/api\/v1\/contacts\/([^/]+)(\/timeline)?$/))) {
    const p = state.phones.find((x) => x.key === r?.[1]);
    if (!p) return fail(res, 404, 'not_found', 'No such contact.');
    if (r[2])
      return send(res, 200, {
        items: p.chat.map((msg) => ({
          type: 'message',
          at: msg.at,
          direction: msg.direction === 'inbound' ? 'in' : 'out',
          text: String(
            msg.content.body ??
              (msg.content.text as Json | undefined)?.body ??
              (msg.content.button as Json | undefined)?.text ??
              '',
          ),
          buttons: ((msg.content.buttons ?? []) as Json[]).map((b) => String(b.text)),
          ...(msg.tapped ? { tapped: msg.tapped.index } : {}),
          status: msg.status,
        })),
      });
    return send(res, 200, {
      contact: {
        id: p.key,
        phone: p.phone,
        attributes: { first_name: p.name },
        subscriptions: { main: 'subscribed' },
        timeZone: 'Europe/Lisbon',
        lastInboundAt: null,
      },
    });
  }
  if (path === '/api/v1/simulator/phones' && method === 'GET')
    return send(res, 200, {
      data: state.phones.map(({ key, phone, name }) => ({ key, phone, name })),
    });
  if (path === '/api/v1/simulator/phones' && method === 'POST') {
    const b = await body(req);
    const p = newPhone(
      String(b.phone ?? `+1555000${String(state.phones.length + 1).padStart(4, '0')}`),
      String(b.name ?? 'Virtual phone'),
    );
    return send(res, 201, { key: p.key, phone: p.phone, name: p.name });
  }
  if ((r = m(/^\/api\/v1\/simulator\/phones\/([^/]+)\/(chat|tap|messages)$/))) {
    const p = state.phones.find((x) => x.key === r?.[1] || x.phone === r?.[1]);
    if (!p) return fail(res, 404, 'not_found', 'No such phone.');
    if (r[2] === 'chat') return send(res, 200, { phone: p.key, messages: p.chat });
    const b = await body(req);
    if (r[2] === 'messages') {
      deliver(p, {
        direction: 'inbound',
        type: 'text',
        content: { type: 'text', text: { body: b.text } },
      });
      return send(res, 201, { message: p.chat.at(-1) });
    }
    const target = p.chat.find((x) => x.id === b.message_id);
    const index = Number(b.index);
    const button = ((target?.content.buttons ?? []) as Json[])[index];
    if (!target || !button) return fail(res, 404, 'not_found', 'No such button.');
    target.tapped = { index, title: button.text };
    deliver(p, {
      direction: 'inbound',
      type: 'button',
      content: { type: 'button', button: { text: button.text, payload: `b${index}` } },
    });
    tapped(p, target, index);
    return send(res, 201, { message: p.chat.at(-1) });
  }
  return fail(res, 404, 'not_found', `No route ${method} ${path}.`);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

async function serveStatic(path: string, res: ServerResponse): Promise<void> {
  const file = path === '/' || !extname(path) ? 'index.html' : path.slice(1);
  try {
    const data = await readFile(join(DIST, file));
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(data);
  } catch {
    res.writeHead(404).end('not found');
  }
}

createServer((req, res) => {
  handle(req, res).catch((err: unknown) => fail(res, 500, 'internal', String(err)));
}).listen(PORT, () => console.log(`mock API on http://localhost:${PORT}`));
