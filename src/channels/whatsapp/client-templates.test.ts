/** Template management, media and number reads, against a real local HTTP graph.server. */
import { describe, expect, it } from 'vitest';
import { TEMPLATE_FIELDS } from './client.js';
import { graphError, useGraphServer } from './testdata/graph-server.js';
import { orderFeedback } from './testdata/templates.js';

const graph = useGraphServer();

const template = (id: string, name: string) => ({
  id,
  name,
  language: 'en_US',
  status: 'APPROVED',
  category: 'UTILITY',
  parameter_format: 'POSITIONAL',
  components: [{ type: 'BODY', text: 'Hello there.' }],
});

describe('listTemplates', () => {
  it('follows the cursor through every page on our own base URL', async () => {
    graph.server.reply(
      {
        body: {
          data: [template('1', 'a'), template('2', 'b')],
          paging: {
            cursors: { before: 'X', after: 'CUR1' },
            next: 'https://graph.facebook.com/v23.0/102290129340398/message_templates?after=CUR1',
          },
        },
      },
      {
        body: {
          // No cursors block: the cursor is read from `next`.
          data: [template('3', 'c'), { id: '4', name: 'broken' }],
          paging: {
            next: 'https://graph.facebook.com/v23.0/x/message_templates?limit=2&after=CUR2',
          },
        },
      },
      { body: { data: [template('5', 'e')], paging: { cursors: { before: 'Y', after: 'CUR3' } } } },
    );
    const result = await graph.client.listTemplates({ limit: 2 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.templates.map((t) => [t.id, t.name, t.parameter_format])).toEqual([
      ['1', 'a', 'positional'],
      ['2', 'b', 'positional'],
      ['3', 'c', 'positional'],
      ['5', 'e', 'positional'],
    ]);
    expect(result.value.skipped).toEqual([
      {
        id: '4',
        name: 'broken',
        problem: 'language: missing',
      },
    ]);
    expect(graph.server.requests.map((r) => [r.path, r.query])).toEqual([
      ['/v23.0/102290129340398/message_templates', { fields: TEMPLATE_FIELDS, limit: '2' }],
      [
        '/v23.0/102290129340398/message_templates',
        { fields: TEMPLATE_FIELDS, limit: '2', after: 'CUR1' },
      ],
      [
        '/v23.0/102290129340398/message_templates',
        { fields: TEMPLATE_FIELDS, limit: '2', after: 'CUR2' },
      ],
    ]);
  });

  it('stops when the server repeats a cursor', async () => {
    const page = {
      data: [template('1', 'a')],
      paging: { cursors: { after: 'SAME' }, next: 'https://x/?after=SAME' },
    };
    graph.server.reply({ body: page }, { body: page });
    const result = await graph.client.listTemplates();
    expect(result.ok && result.value.templates).toHaveLength(2);
    expect(graph.server.requests).toHaveLength(2);
  });

  it('returns a page’s error (app rate limit 80007) as a retryable error', async () => {
    graph.server.reply({ status: 400, body: graphError(80007, 'Rate limit issues') });
    expect(await graph.client.listTemplates()).toMatchObject({
      ok: false,
      error: { kind: 'retryable', code: 80007, reason: 'rate_limited' },
    });
  });
});

describe('createTemplate', () => {
  it('posts the definition and returns id, status and category', async () => {
    graph.server.reply({ body: { id: '594425479261596', status: 'PENDING', category: 'UTILITY' } });
    const result = await graph.client.createTemplate(orderFeedback());
    expect(result).toEqual({
      ok: true,
      value: { id: '594425479261596', status: 'PENDING', category: 'UTILITY' },
    });
    expect(graph.server.requests[0]?.method).toBe('POST');
    expect(graph.server.requests[0]?.path).toBe('/v23.0/102290129340398/message_templates');
    expect(graph.server.requests[0]?.body).toEqual(orderFeedback());
  });

  it('refuses a definition that breaks Meta’s rules, without a request', async () => {
    const def = orderFeedback();
    def.components = [{ type: 'BODY', text: '{{1}} is here', example: { body_text: [['Ana']] } }];
    expect(await graph.client.createTemplate(def)).toEqual({
      ok: false,
      error: {
        kind: 'terminal',
        code: 100,
        reason: 'template_invalid',
        title: 'components[0].text: a variable may not start or end the body',
        details: 'components[0].text: a variable may not start or end the body',
      },
    });
    expect(graph.server.requests).toEqual([]);
  });

  it('maps Meta’s rejection (code 100, subcode 2388xxx) to template_invalid', async () => {
    graph.server.reply({
      status: 400,
      body: {
        error: {
          message: 'Invalid parameter',
          type: 'OAuthException',
          code: 100,
          error_subcode: 2388019,
        },
      },
    });
    expect(await graph.client.createTemplate(orderFeedback())).toMatchObject({
      ok: false,
      error: { kind: 'terminal', code: 100, subcode: 2388019, reason: 'template_invalid' },
    });
  });
});

describe('reads', () => {
  it('getTemplate', async () => {
    graph.server.reply({ body: template('42', 'order_feedback') });
    const result = await graph.client.getTemplate('42');
    expect(result).toMatchObject({
      ok: true,
      value: { id: '42', name: 'order_feedback', status: 'APPROVED' },
    });
    expect(graph.server.requests[0]?.path).toBe('/v23.0/42');
    expect(graph.server.requests[0]?.query).toEqual({ fields: TEMPLATE_FIELDS });
  });

  it('getMedia', async () => {
    graph.server.reply({
      body: {
        messaging_product: 'whatsapp',
        url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1',
        mime_type: 'image/jpeg',
        sha256: 'e3b0c442',
        file_size: '303833',
        id: '1003383421387256',
      },
    });
    expect(await graph.client.getMedia('1003383421387256')).toEqual({
      ok: true,
      value: {
        id: '1003383421387256',
        url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1',
        mimeType: 'image/jpeg',
        sha256: 'e3b0c442',
        fileSize: 303833,
      },
    });
    expect(graph.server.requests[0]?.path).toBe('/v23.0/1003383421387256');
  });

  it('getPhoneNumber', async () => {
    graph.server.reply({ body: { throughput: { level: 'STANDARD' }, id: '106540352242922' } });
    expect(await graph.client.getPhoneNumber(['throughput'])).toEqual({
      ok: true,
      value: { throughput: { level: 'STANDARD' }, id: '106540352242922' },
    });
    expect(graph.server.requests[0]?.query).toEqual({ fields: 'throughput' });
  });

  it('a 200 in the wrong shape is an unexpected answer', async () => {
    graph.server.reply({ body: { url: 'https://x' } });
    expect(await graph.client.getMedia('1')).toMatchObject({
      ok: false,
      error: {
        reason: 'unexpected_response',
        details: 'the answer does not match Meta\'s shape at "id"',
      },
    });
  });
});
