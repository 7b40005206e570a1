/**
 * HTTP to the Graph API for one business number: an undici keep-alive `Pool` (global
 * fetch tops out near 4k req/s here, a Pool reaches 25–35k/s), a per-request timeout,
 * and every failure turned into a ChannelError value. Nothing here throws for Meta
 * errors, network errors or timeouts, and no error text can carry a secret.
 */
import { Pool } from 'undici';
import { secretsOf, type BusinessNumberConfig } from './config.js';
import {
  fromGraphError,
  fromHttpStatus,
  fromTransportError,
  localError,
  type ChannelError,
} from './errors.js';
import { scrub } from './secret.js';

export interface GraphHttpOptions {
  /** Whole request, connect to last body byte (default 15 s). */
  timeoutMs?: number;
  /**
   * Keep-alive connections to Graph. Default: what the number's rate needs at a 300 ms
   * round trip (one request per connection at a time), at least 16.
   */
  connections?: number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
const MIN_CONNECTIONS = 16;

export type GraphResult<T> = { ok: true; value: T } | { ok: false; error: ChannelError };

export interface GraphRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path segments after the version, e.g. `[phoneNumberId, 'messages']`; each is encoded. */
  path: readonly string[];
  query?: Readonly<Record<string, string>>;
  body?: unknown;
}

export class GraphHttp {
  readonly #pool: Pool;
  readonly #basePath: string;
  readonly #version: string;
  readonly #authorization: string;
  readonly #timeoutMs: number;
  readonly #scrub: (text: string) => string;

  constructor(config: BusinessNumberConfig, options: GraphHttpOptions = {}) {
    const base = new URL(config.graphBaseUrl);
    this.#pool = new Pool(base.origin, {
      connections:
        options.connections ??
        Math.max(MIN_CONNECTIONS, Math.ceil(config.throughputPerSecond * 0.3)),
      keepAliveTimeout: 30_000,
    });
    this.#basePath = base.pathname.replace(/\/+$/, '');
    this.#version = config.apiVersion;
    this.#authorization = `Bearer ${config.accessToken.reveal()}`;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const secrets = secretsOf(config);
    this.#scrub = (text) => scrub(text, secrets);
  }

  /** The request's JSON answer on 2xx, else the error. Never throws. */
  async request(req: GraphRequest): Promise<GraphResult<unknown>> {
    const segments = [this.#version, ...req.path].map(encodeURIComponent).join('/');
    const query = req.query ? `?${new URLSearchParams(req.query).toString()}` : '';
    const headers: Record<string, string> = {
      authorization: this.#authorization,
      accept: 'application/json',
    };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    let status: number;
    let text: string;
    let retryAfter: string | string[] | undefined;
    try {
      const res = await this.#pool.request({
        method: req.method,
        path: `${this.#basePath}/${segments}${query}`,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      status = res.statusCode;
      retryAfter = res.headers['retry-after'];
      text = await res.body.text();
    } catch (err) {
      return { ok: false, error: fromTransportError(err, this.#scrub) };
    }
    const json = parseJson(text);
    if (status >= 200 && status < 300) {
      if (json !== undefined) return { ok: true, value: json };
      return { ok: false, error: this.unexpected(`HTTP ${status} with a body that is not JSON`) };
    }
    const wait = retryAfterMs(retryAfter);
    const error = fromGraphError(json, status) ?? fromHttpStatus(status, wait);
    if (wait !== undefined && error.retryAfterMs === undefined) error.retryAfterMs = wait;
    return { ok: false, error: this.clean(error) };
  }

  /**
   * A 2xx whose body is not what Meta documents. For a send this is ambiguous: Meta may
   * have accepted the message, so it must not be resent blindly.
   */
  unexpected(details: string): ChannelError {
    return {
      ...localError('unexpected_response', 'Unexpected Graph API response', this.#scrub(details)),
      code: 'http',
      ambiguous: true,
    };
  }

  /** An error whose texts had any secret replaced (a proxy could echo a header). */
  clean(error: ChannelError): ChannelError {
    const out = { ...error, title: this.#scrub(error.title) };
    if (error.details !== undefined) out.details = this.#scrub(error.details);
    return out;
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

function parseJson(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    return undefined;
  }
}

/** Retry-After as seconds or an HTTP date → ms; undefined when absent or unreadable. */
function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  // An HTTP date would need the current time; we keep the client clock-free and skip it.
  return undefined;
}
