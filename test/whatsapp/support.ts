/**
 * Shared pieces for the WhatsApp integration tests: a real HTTP webhook sink that checks
 * every POST with Riposte's own `verifySignature` and reads it with `parseWebhook`, the
 * emulator's control API over HTTP, virtual phones, and a client for an emulated number.
 * Nothing here is a mock: both sides are real servers on real ports.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { WhatsAppClient, type WhatsAppClientOptions } from '../../src/channels/whatsapp/client.js';
import { parseBusinessNumberConfig } from '../../src/channels/whatsapp/config.js';
import type {
  MessageEvent,
  StatusEvent,
  WebhookEvent,
  WebhookIssue,
} from '../../src/channels/whatsapp/events.js';
import { parseWebhook } from '../../src/channels/whatsapp/webhook-parse.js';
import {
  SIGNATURE_HEADER,
  verifySignature,
} from '../../src/channels/whatsapp/webhook-signature.js';
import { eventually } from '../helpers.js';

export type Json = Record<string, unknown>;

/** Meta's documentation ids, which the emulator uses by default. */
export const PNID = '106540352242922';
export const WABA = '102290129340398';
export const DISPLAY_DIGITS = '15550783881';
export const TOKEN = 'whatsapp-it-token-not-a-secret';
export const APP_SECRET = 'whatsapp-it-app-secret-not-a-secret';

export interface ReceivedPost {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  events: WebhookEvent[];
  issues: WebhookIssue[];
}

export interface WebhookSink {
  url: string;
  /** Signed POSTs, in arrival order. */
  posts: ReceivedPost[];
  /** POSTs whose signature did not verify (answered 401). */
  refused: number;
  events(): WebhookEvent[];
  /** Status events for one wamid, in arrival order. */
  statuses(wamid: string): StatusEvent[];
  /** Inbound messages whose `context.id` is `wamid` (taps and quoted replies). */
  repliesTo(wamid: string): MessageEvent[];
  close(): Promise<void>;
}

/** A real HTTP receiver for the emulator's webhooks, verifying and parsing as Riposte does. */
export async function startWebhookSink(appSecret: string): Promise<WebhookSink> {
  const posts: ReceivedPost[] = [];
  const sink = { refused: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (!verifySignature(raw, req.headers[SIGNATURE_HEADER], appSecret).ok) {
        sink.refused++;
        res.writeHead(401).end();
        return;
      }
      const parsed = parseWebhook(JSON.parse(raw.toString('utf8')));
      posts.push({ headers: req.headers, raw, events: parsed.events, issues: parsed.issues });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const events = () => posts.flatMap((p) => p.events);
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    posts,
    get refused() {
      return sink.refused;
    },
    events,
    statuses: (wamid) =>
      events().filter((e): e is StatusEvent => e.kind === 'status' && e.id === wamid),
    repliesTo: (wamid) =>
      events().filter((e): e is MessageEvent => e.kind === 'message' && e.context?.id === wamid),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface HttpAnswer {
  status: number;
  body: Json;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The emulator's `/_emulator/*` control API over real HTTP (undici's `request`: global fetch
 * costs ~30 ms per small POST here, which a thousand setup calls would feel).
 */
export class Control {
  constructor(readonly baseUrl: string) {}

  async call(method: Method, path: string, body?: unknown): Promise<HttpAnswer> {
    const response = await request(`${this.baseUrl}${path}`, {
      method,
      ...(body !== undefined
        ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
        : {}),
    });
    const text = await response.body.text();
    return { status: response.statusCode, body: text === '' ? {} : (JSON.parse(text) as Json) };
  }

  /** Calls that must succeed: anything but 2xx throws with the answer. */
  async ok(method: Method, path: string, body?: unknown): Promise<Json> {
    const answer = await this.call(method, path, body);
    if (answer.status < 200 || answer.status > 299)
      throw new Error(`${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Every message the emulator accepted or received, newest first. */
  async messages(): Promise<Json[]> {
    const body = await this.ok('GET', '/_emulator/messages?limit=1000');
    return body.data as Json[];
  }

  async chat(phone: string): Promise<Json[]> {
    const body = await this.ok('GET', `/_emulator/phones/${encodeURIComponent(phone)}/chat`);
    return body.messages as Json[];
  }

  /** One message of a phone's chat, by wamid. */
  async message(phone: string, wamid: string): Promise<Json | undefined> {
    return (await this.chat(phone)).find((m) => m.id === wamid);
  }

  /** Waits until the phone has the message (delivered or read), so it can be tapped. */
  async received(phone: string, wamid: string): Promise<Json> {
    return eventually(async () => {
      const m = await this.message(phone, wamid);
      return m !== undefined && (m.status === 'delivered' || m.status === 'read') ? m : undefined;
    }, `${wamid} delivered to ${phone}`);
  }

  /** A new virtual phone; returns its view (`phone`, `key`, `user_id`…). */
  phone(options: Json = {}): Promise<Json> {
    return this.ok('POST', '/_emulator/phones', options);
  }

  /** The person types a message; returns its wamid (this opens the 24 h window). */
  async say(phone: string, text: string): Promise<string> {
    const body = await this.ok('POST', `/_emulator/phones/${encodeURIComponent(phone)}/messages`, {
      text,
    });
    return String((body.message as Json).id);
  }

  async tap(phone: string, choice: Json): Promise<string> {
    const body = await this.ok(
      'POST',
      `/_emulator/phones/${encodeURIComponent(phone)}/tap`,
      choice,
    );
    return String((body.message as Json).id);
  }

  faults(settings: Json): Promise<Json> {
    return this.ok('PUT', '/_emulator/faults', settings);
  }

  config(patch: Json): Promise<Json> {
    return this.ok('PATCH', '/_emulator/config', patch);
  }

  async templateId(name: string): Promise<string> {
    const body = await this.ok('GET', '/_emulator/templates');
    const template = (body.data as Json[]).find((t) => t.name === name);
    if (template === undefined) throw new Error(`no template ${name} in the emulator`);
    return String(template.id);
  }
}

let phoneSeq = 0;

/** A fresh E.164 number for each phone a test creates (pair-rate buckets stay apart). */
export function nextNumber(): string {
  phoneSeq++;
  return `+1555${String(phoneSeq).padStart(7, '0')}`;
}

/** A client for an emulated number, configured exactly as an operator would configure one. */
export function clientFor(
  graphBaseUrl: string,
  overrides: Json = {},
  options: WhatsAppClientOptions = {},
): WhatsAppClient {
  const parsed = parseBusinessNumberConfig({
    id: 'main',
    phoneNumberId: PNID,
    wabaId: WABA,
    displayPhoneNumber: DISPLAY_DIGITS,
    accessToken: TOKEN,
    appSecret: APP_SECRET,
    verifyToken: 'whatsapp-it-verify-token',
    graphBaseUrl,
    ...overrides,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return new WhatsAppClient(parsed.config, options);
}
