/**
 * Shared pieces for end-to-end tests: the seed canvas and templates from examples/, a real
 * HTTP receiver standing in for a CRM, polling that fails with what it last saw, and a
 * database of its own on the run's Postgres.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { inject } from 'vitest';
import { parse } from 'yaml';
import '../src/store/testing/provided.js';

const examples = new URL('../examples/order-feedback/', import.meta.url);

export function seedCanvasText(crmUrl: string): string {
  return readFileSync(new URL('canvas.yaml', examples), 'utf8').replace(
    'https://crm.example/hooks/feedback',
    crmUrl,
  );
}

export function seedTemplates(): Array<{
  name: string;
  language: string;
  status: string;
  category: string;
  parameter_format: string;
  components: unknown[];
}> {
  return parse(readFileSync(new URL('templates.yaml', examples), 'utf8')) as ReturnType<
    typeof seedTemplates
  >;
}

export interface Receiver {
  url: string;
  requests: Array<{ method: string; path: string; headers: IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}

export async function startReceiver(status = 200): Promise<Receiver> {
  const requests: Receiver['requests'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function json(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/**
 * A new, empty database on the Postgres of the vitest global setup, named `prefix` and a
 * random suffix, for processes that open it themselves; `drop` removes it, connections and all.
 */
export async function freshPostgresDatabase(
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = inject('postgresUrl');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
