import { describe, expect, it } from 'vitest';
import type {
  ListInteractive,
  OutboundBody,
  ReplyButtonsInteractive,
} from '../../engine/outbound.js';
import { checkOutbound, outboundLimitError } from './outbound-limits.js';

const x = (n: number) => 'x'.repeat(n);

function buttons(
  list: Array<[string, string]>,
  extra: Partial<ReplyButtonsInteractive> = {},
): OutboundBody {
  return {
    type: 'interactive',
    interactive: {
      type: 'button',
      body: { text: 'Pick one' },
      action: { buttons: list.map(([id, title]) => ({ type: 'reply', reply: { id, title } })) },
      ...extra,
    },
  };
}

function list(
  sections: ListInteractive['action']['sections'],
  extra: Partial<ListInteractive> = {},
): OutboundBody {
  return {
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: 'Pick a size' },
      action: { button: 'Sizes', sections },
      ...extra,
    },
  };
}

const rows = (n: number, prefix = 'r') =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Row ${i}` }));

describe('checkOutbound: text', () => {
  it('accepts 4096 characters', () => {
    expect(checkOutbound({ type: 'text', text: { body: x(4096) } })).toEqual([]);
  });

  it('rejects 4097 and empty', () => {
    expect(checkOutbound({ type: 'text', text: { body: x(4097) } })).toEqual([
      { path: 'text.body', message: '4097 characters; at most 4096' },
    ]);
    expect(checkOutbound({ type: 'text', text: { body: '' } })).toEqual([
      { path: 'text.body', message: 'must not be empty' },
    ]);
  });

  it('checks biz_opaque_callback_data ≤ 512 and the context id', () => {
    expect(
      checkOutbound({
        type: 'text',
        text: { body: 'hi' },
        biz_opaque_callback_data: x(513),
        context: { message_id: '' },
      }),
    ).toEqual([
      { path: 'biz_opaque_callback_data', message: '513 characters; at most 512' },
      { path: 'context.message_id', message: 'must not be empty' },
    ]);
    expect(
      checkOutbound({ type: 'text', text: { body: 'hi' }, biz_opaque_callback_data: x(512) }),
    ).toEqual([]);
  });
});

describe('checkOutbound: reply buttons', () => {
  it('accepts three buttons at the limits', () => {
    const body = buttons(
      [
        [x(256), x(20)],
        ['b', 'B'],
        ['c', 'C'],
      ],
      { header: { type: 'text', text: x(60) }, footer: { text: x(60) }, body: { text: x(1024) } },
    );
    expect(checkOutbound(body)).toEqual([]);
  });

  it('rejects a fourth button, a long title, a long id and duplicates', () => {
    const body = buttons([
      ['a', 'Yes'],
      ['a', x(21)],
      [x(257), 'Yes'],
      ['d', 'D'],
    ]);
    expect(checkOutbound(body)).toEqual([
      {
        path: 'interactive.action.buttons',
        message: '4 reply buttons; WhatsApp allows 1 to 3',
      },
      { path: 'interactive.action.buttons[1].reply.title', message: '21 characters; at most 20' },
      { path: 'interactive.action.buttons[2].reply.id', message: '257 characters; at most 256' },
      {
        path: 'interactive.action.buttons[1]',
        message: 'duplicate button id "a"; button ids must be unique',
      },
      {
        path: 'interactive.action.buttons[2]',
        message: 'duplicate button title "Yes"; button titles must be unique',
      },
    ]);
  });

  it('rejects a body over 1024 and a header or footer over 60', () => {
    const body = buttons([['a', 'A']], {
      header: { type: 'text', text: x(61) },
      body: { text: x(1025) },
      footer: { text: x(61) },
    });
    expect(checkOutbound(body)).toEqual([
      { path: 'interactive.header.text', message: '61 characters; at most 60' },
      { path: 'interactive.body.text', message: '1025 characters; at most 1024' },
      { path: 'interactive.footer.text', message: '61 characters; at most 60' },
    ]);
  });

  it('rejects zero buttons', () => {
    expect(checkOutbound(buttons([]))).toEqual([
      { path: 'interactive.action.buttons', message: '0 reply buttons; WhatsApp allows 1 to 3' },
    ]);
  });
});

describe('checkOutbound: list', () => {
  it('accepts 10 rows over two titled sections and a 4096 body', () => {
    const body = list(
      [
        { title: x(24), rows: rows(5, 'a') },
        { title: 'B', rows: [...rows(4, 'b'), { id: x(200), title: x(24), description: x(72) }] },
      ],
      { body: { text: x(4096) } },
    );
    expect(checkOutbound(body)).toEqual([]);
  });

  it('rejects 11 rows in total', () => {
    const body = list([
      { title: 'A', rows: rows(6, 'a') },
      { title: 'B', rows: rows(5, 'b') },
    ]);
    expect(checkOutbound(body)).toEqual([
      { path: 'interactive.action.sections', message: '11 rows in total; WhatsApp allows 1 to 10' },
    ]);
  });

  it('rejects 11 sections', () => {
    const sections = Array.from({ length: 11 }, (_, i) => ({
      title: `S${i}`,
      rows: [{ id: `r${i}`, title: 'R' }],
    }));
    expect(checkOutbound(list(sections))).toEqual([
      { path: 'interactive.action.sections', message: '11 sections; WhatsApp allows 1 to 10' },
      { path: 'interactive.action.sections', message: '11 rows in total; WhatsApp allows 1 to 10' },
    ]);
  });

  it('requires section titles when there are several, and checks every length', () => {
    const body: OutboundBody = {
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'Pick' },
        action: {
          button: x(21),
          sections: [
            { rows: [{ id: x(201), title: x(25), description: x(73) }] },
            {
              title: x(25),
              rows: [
                { id: 'dup', title: 'a' },
                { id: 'dup', title: 'b' },
              ],
            },
          ],
        },
      },
    };
    expect(checkOutbound(body)).toEqual([
      { path: 'interactive.action.button', message: '21 characters; at most 20' },
      {
        path: 'interactive.action.sections[0].title',
        message: 'required when a list has more than one section',
      },
      { path: 'interactive.action.sections[0].rows[0].id', message: '201 characters; at most 200' },
      {
        path: 'interactive.action.sections[0].rows[0].title',
        message: '25 characters; at most 24',
      },
      {
        path: 'interactive.action.sections[0].rows[0].description',
        message: '73 characters; at most 72',
      },
      { path: 'interactive.action.sections[1].title', message: '25 characters; at most 24' },
      {
        path: 'interactive.action.sections[1].rows[1].id',
        message: 'duplicate row id "dup"; row ids must be unique',
      },
    ]);
  });

  it('allows one untitled section', () => {
    expect(checkOutbound(list([{ rows: rows(2) }]))).toEqual([]);
  });
});

describe('outboundLimitError', () => {
  it('is undefined for a valid body', () => {
    expect(outboundLimitError({ type: 'text', text: { body: 'hi' } })).toBeUndefined();
  });

  it('is a terminal invalid_message error naming the field and limit', () => {
    const body = buttons([
      ['a', x(21)],
      ['b', x(22)],
    ]);
    expect(outboundLimitError(body)).toEqual({
      kind: 'terminal',
      code: 100,
      reason: 'invalid_message',
      title: 'interactive.action.buttons[0].reply.title: 21 characters; at most 20',
      details:
        'interactive.action.buttons[0].reply.title: 21 characters; at most 20; ' +
        'interactive.action.buttons[1].reply.title: 22 characters; at most 20',
    });
  });
});
