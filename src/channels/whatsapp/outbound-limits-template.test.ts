/** Template sends checked against Meta's limits before the request. */
import { describe, expect, it } from 'vitest';
import type { OutboundBody } from '../../engine/outbound.js';
import { checkOutbound } from './outbound-limits.js';

const x = (n: number) => 'x'.repeat(n);

describe('checkOutbound: template', () => {
  const template = (
    components: Extract<OutboundBody, { type: 'template' }>['template']['components'],
  ) =>
    ({
      type: 'template',
      template: { name: 'order_feedback', language: { code: 'en_US' }, components },
    }) satisfies OutboundBody;

  it('accepts header, body, quick replies and a URL suffix', () => {
    expect(
      checkOutbound(
        template([
          { type: 'header', parameters: [{ type: 'text', text: 'Ana' }] },
          { type: 'body', parameters: [{ type: 'text', text: 'A-1042' }] },
          {
            type: 'button',
            sub_type: 'quick_reply',
            index: '0',
            parameters: [{ type: 'payload', payload: 'j1:ask:0' }],
          },
          {
            type: 'button',
            sub_type: 'url',
            index: '1',
            parameters: [{ type: 'text', text: 'orders/A-1042' }],
          },
        ]),
      ),
    ).toEqual([]);
  });

  it('rejects a bad name, empty parameters, a bad index, a repeated index and a long payload', () => {
    const body = template([
      { type: 'body', parameters: [{ type: 'text', text: '' }] },
      { type: 'header', parameters: [{ type: 'image' }] },
      {
        type: 'button',
        sub_type: 'quick_reply',
        index: '10',
        parameters: [{ type: 'payload', payload: 'p' }],
      },
      {
        type: 'button',
        sub_type: 'quick_reply',
        index: '0',
        parameters: [{ type: 'payload', payload: x(257) }],
      },
      {
        type: 'button',
        sub_type: 'quick_reply',
        index: '0',
        parameters: [{ type: 'payload', payload: 'p' }],
      },
      { type: 'body', parameters: [] },
    ]);
    body.template.name = 'Order-Feedback';
    expect(checkOutbound(body)).toEqual([
      { path: 'template.name', message: 'uses lowercase letters, digits and "_" only' },
      { path: 'template.components[0].parameters[0].text', message: 'must not be empty' },
      {
        path: 'template.components[1].parameters[0].image',
        message: 'image parameter needs a link',
      },
      { path: 'template.components[2].index', message: 'button index "10" is not 0 to 9' },
      {
        path: 'template.components[3].parameters[0].payload',
        message: '257 characters; at most 256',
      },
      { path: 'template.components[4].index', message: 'button index 0 given twice' },
      { path: 'template.components[5]', message: 'second body component' },
    ]);
  });
});
