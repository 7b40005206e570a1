/** How WhatsAppClient turns Meta's error envelopes, bad answers and transport failures into ChannelErrors. */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { OutboundBody } from '../../engine/outbound.js';
import { WhatsAppClient } from './client.js';
import type { ChannelError } from './errors.js';
import { retryDecision } from './retry.js';
import { graphError, testConfig, useGraphServer } from './testdata/graph-server.js';

const graph = useGraphServer({ timeoutMs: 200 });

const TEXT: OutboundBody = { type: 'text', text: { body: 'Sorry to hear that' } };

async function failure(c: WhatsAppClient = graph.client): Promise<ChannelError> {
  const result = await c.send({ phone: '+16505551234' }, TEXT);
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

describe('Meta error envelopes', () => {
  it('131047 returned synchronously (HTTP 400) is terminal: outside the window', async () => {
    graph.server.reply({
      status: 400,
      body: graphError(131047, 'Re-engagement message', 'More than 24 hours have passed.'),
    });
    expect(await failure()).toEqual({
      kind: 'terminal',
      code: 131047,
      reason: 'outside_window',
      title: 'Re-engagement message',
      details: 'More than 24 hours have passed.',
      httpStatus: 400,
      fbtraceId: 'Az8or2yhqkZfEZ-_4Qn_Bam',
    });
  });

  it('130429 is the same retryable error whether HTTP says 400 or 429', async () => {
    const body = graphError(
      130429,
      'Rate limit hit',
      'Cloud API message throughput has been reached.',
    );
    graph.server.reply({ status: 400, body }, { status: 429, body });
    const [a, b] = [await failure(), await failure()];
    expect(a).toMatchObject({
      kind: 'retryable',
      code: 130429,
      reason: 'rate_limited',
      httpStatus: 400,
    });
    expect(b).toMatchObject({
      kind: 'retryable',
      code: 130429,
      reason: 'rate_limited',
      httpStatus: 429,
    });
  });

  it('131056 is retryable for that pair, backing off 4^X seconds', async () => {
    graph.server.reply({
      status: 400,
      body: graphError(131056, '(Business Account, Consumer Account) pair rate limit hit'),
    });
    const error = await failure();
    expect(error).toMatchObject({ kind: 'retryable', code: 131056, reason: 'pair_rate_limited' });
    expect([0, 1, 2, 3].map((attempt) => retryDecision(error, attempt, 0))).toEqual([
      { retry: true, delayMs: 1000 },
      { retry: true, delayMs: 4000 },
      { retry: true, delayMs: 16000 },
      { retry: true, delayMs: 64000 },
    ]);
  });

  it('190 (expired token, HTTP 401) pauses the channel', async () => {
    graph.server.reply({
      status: 401,
      body: {
        error: {
          message: 'Error validating access token: Session has expired on Friday, 24-Jun-26.',
          type: 'OAuthException',
          code: 190,
          error_subcode: 463,
          fbtrace_id: 'A1',
        },
      },
    });
    expect(await failure()).toEqual({
      kind: 'pause_channel',
      code: 190,
      reason: 'auth_failed',
      title: 'Error validating access token: Session has expired on Friday, 24-Jun-26.',
      httpStatus: 401,
      subcode: 463,
      fbtraceId: 'A1',
    });
  });

  it('131000 in a 500 is retryable', async () => {
    graph.server.reply({ status: 500, body: graphError(131000, 'Something went wrong') });
    expect(await failure()).toMatchObject({
      kind: 'retryable',
      code: 131000,
      reason: 'server_error',
    });
  });
});

describe('answers without a Meta error', () => {
  it('a bare 502 is retryable and ambiguous', async () => {
    graph.server.reply({ status: 502, body: '<html>Bad Gateway</html>' });
    expect(await failure()).toEqual({
      kind: 'retryable',
      code: 'http',
      reason: 'server_error',
      title: 'HTTP 502 without a Graph error body',
      httpStatus: 502,
      ambiguous: true,
    });
  });

  it('a 503 keeps Retry-After', async () => {
    graph.server.reply({ status: 503, headers: { 'retry-after': '7' }, body: '' });
    expect(await failure()).toMatchObject({ reason: 'server_error', retryAfterMs: 7000 });
  });

  it('a 200 that is not JSON is an ambiguous unexpected answer', async () => {
    graph.server.reply({ status: 200, body: 'OK' });
    expect(await failure()).toEqual({
      kind: 'terminal',
      code: 'http',
      reason: 'unexpected_response',
      title: 'Unexpected Graph API response',
      details: 'HTTP 200 with a body that is not JSON',
      ambiguous: true,
    });
  });
});

describe('transport failures', () => {
  it('a refused connection is retryable and surely not sent', async () => {
    // Take a free port, then close it, so nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const refused = new WhatsAppClient(testConfig(`http://127.0.0.1:${port}`));
    const error = await failure(refused);
    await refused.close();
    expect(error).toMatchObject({
      kind: 'retryable',
      code: 'network',
      reason: 'network',
      title: 'Network error ECONNREFUSED',
    });
    expect(error.ambiguous).toBeUndefined();
  });

  it('a server that never answers times out: retryable and ambiguous', async () => {
    graph.server.reply({ hang: true });
    expect(await failure()).toEqual({
      kind: 'retryable',
      code: 'timeout',
      reason: 'timeout',
      title: 'Request timed out',
      details: 'The operation was aborted due to timeout',
      ambiguous: true,
    });
  });
});
