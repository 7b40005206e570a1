/**
 * A tiny real HTTP server standing in for graph.facebook.com in client tests: it records
 * each request and answers with whatever the test scripted (Meta's envelopes).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { WhatsAppClient, type WhatsAppClientOptions } from '../client.js';
import { parseBusinessNumberConfig, type BusinessNumberConfig } from '../config.js';

export const TOKEN = 'EAAG-test-token-0123456789';

export interface RecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined for none. */
  body: unknown;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is; `hang` never answers. */
  body?: unknown;
  hang?: boolean;
}

export class GraphServer {
  readonly requests: RecordedRequest[] = [];
  #replies: Array<Reply | ((req: RecordedRequest) => Reply)> = [];
  readonly #server: Server;

  private constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const raw = Buffer.concat(chunks).toString('utf8');
        const recorded: RecordedRequest = {
          method: req.method ?? '',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: req.headers,
          body: raw === '' ? undefined : JSON.parse(raw),
        };
        this.requests.push(recorded);
        const next = this.#replies.shift() ?? { status: 500, body: 'no reply scripted' };
        const reply = typeof next === 'function' ? next(recorded) : next;
        if (reply.hang) return;
        const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
        res.writeHead(reply.status ?? 200, {
          'content-type': 'application/json',
          ...reply.headers,
        });
        res.end(body);
      });
    });
  }

  static async start(): Promise<GraphServer> {
    const server = new GraphServer();
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Queue answers, used in order, one per request. */
  reply(...replies: Array<Reply | ((req: RecordedRequest) => Reply)>): void {
    this.#replies.push(...replies);
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A business number config pointing at `baseUrl`. */
export function testConfig(baseUrl: string): BusinessNumberConfig {
  const result = parseBusinessNumberConfig({
    id: 'main',
    phoneNumberId: '106540352242922',
    wabaId: '102290129340398',
    displayPhoneNumber: '15550783881',
    accessToken: TOKEN,
    appSecret: 'app-secret',
    verifyToken: 'verify-token',
    graphBaseUrl: baseUrl,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

/** Meta's sync error envelope. */
export function graphError(code: number, message: string, details?: string) {
  return {
    error: {
      message: `(#${code}) ${message}`,
      type: 'OAuthException',
      code,
      ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
      fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam',
    },
  };
}

/** A 200 with Meta's send success envelope. */
export function sent(
  wamid: string,
  input = '+16505551234',
  extra: Record<string, string> = {},
): Reply {
  return {
    body: {
      messaging_product: 'whatsapp',
      contacts: [{ input, wa_id: input.replace(/\D/g, '') }],
      messages: [{ id: wamid, ...extra }],
    },
  };
}

/**
 * One server and one client for a test file: started before the tests, stopped after,
 * with the recorded requests cleared after each test.
 */
export function useGraphServer(options: WhatsAppClientOptions = {}): {
  readonly server: GraphServer;
  readonly client: WhatsAppClient;
} {
  let server: GraphServer | undefined;
  let client: WhatsAppClient | undefined;
  beforeAll(async () => {
    server = await GraphServer.start();
    client = new WhatsAppClient(testConfig(server.url), options);
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });
  afterEach(() => {
    if (server) server.requests.length = 0;
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useGraphServer: used outside a test');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get client() {
      return started(client);
    },
  };
}
