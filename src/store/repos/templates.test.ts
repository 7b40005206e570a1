import { expect, it } from 'vitest';
import { toTemplateInfo } from '../template-info.js';
import { forEachDialect } from '../testing/dialects.js';
import type { TemplateInput } from './templates.js';

const orderFeedback: TemplateInput = {
  wabaId: 'waba1',
  name: 'order_feedback',
  language: 'en_US',
  id: '1001',
  status: 'APPROVED',
  category: 'UTILITY',
  parameterFormat: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
    { type: 'BODY', text: 'Hi {{1}}, did order {{2}} arrive? {{1}}' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'YES' },
        { type: 'QUICK_REPLY', text: 'NO' },
        { type: 'URL', text: 'Track', url: 'https://x.example/t/{{1}}' },
        { type: 'URL', text: 'Help', url: 'https://x.example/help' },
        { type: 'CATALOG', text: 'Shop' },
      ],
    },
  ],
  qualityScore: 'GREEN',
  rejectedReason: null,
};

forEachDialect((dialect) => {
  it('syncs templates, finds them and updates their status', async () => {
    let now = 100;
    const store = await dialect.open({ now: () => now });
    const promo: TemplateInput = {
      ...orderFeedback,
      name: 'promo',
      id: '1002',
      status: 'PENDING',
      category: 'MARKETING',
      parameterFormat: 'NAMED',
      components: [{ type: 'BODY', text: 'Hello {{first_name}}, {{ deal }}!' }],
    };
    await store.templates.upsertMany([orderFeedback, promo]);
    expect(await store.templates.get('order_feedback', 'en_US')).toEqual({
      ...orderFeedback,
      updatedAt: 100,
    });
    now = 200;
    await store.templates.upsertMany([{ ...promo, qualityScore: 'YELLOW' }]);
    expect(await store.templates.getById('1002')).toMatchObject({
      qualityScore: 'YELLOW',
      updatedAt: 200,
    });
    expect(await store.templates.setStatus({ id: '1002' }, 'REJECTED', 'INVALID_FORMAT')).toBe(1);
    expect(await store.templates.get('promo', 'en_US', 'waba1')).toMatchObject({
      status: 'REJECTED',
      rejectedReason: 'INVALID_FORMAT',
    });
    expect(await store.templates.setStatus({ name: 'promo', language: 'en_US' }, 'APPROVED')).toBe(
      1,
    );
    expect(await store.templates.setStatus({ name: 'nope', language: 'en_US' }, 'APPROVED')).toBe(
      0,
    );
    expect((await store.templates.list({ status: 'APPROVED' })).map((t) => t.name)).toEqual([
      'order_feedback',
      'promo',
    ]);
    expect(await store.templates.get('promo', 'pt_BR')).toBeUndefined();
    expect(await store.templates.delete('waba1', 'promo', 'en_US')).toBe(true);
    expect((await store.templates.list()).map((t) => t.name)).toEqual(['order_feedback']);
    const [stored] = await store.templates.list({ wabaId: 'waba1' });
    const info = toTemplateInfo(stored ?? { ...orderFeedback, updatedAt: 0 });
    expect(info.bodyParams).toEqual(['1', '2']);
  });
});

it('turns Meta components into the engine TemplateInfo', () => {
  expect(toTemplateInfo({ ...orderFeedback, updatedAt: 0 })).toEqual({
    name: 'order_feedback',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameterFormat: 'positional',
    bodyParams: ['1', '2'],
    header: { format: 'TEXT', params: ['1'] },
    buttons: [
      { type: 'QUICK_REPLY', text: 'YES' },
      { type: 'QUICK_REPLY', text: 'NO' },
      { type: 'URL', text: 'Track', hasVariable: true },
      { type: 'URL', text: 'Help' },
      { type: 'OTHER', text: 'Shop' },
    ],
    bodyText: 'Hi {{1}}, did order {{2}} arrive? {{1}}',
  });
  expect(
    toTemplateInfo({
      ...orderFeedback,
      parameterFormat: 'NAMED',
      components: [
        { type: 'header', format: 'image' },
        { type: 'body', text: 'Hello {{first_name}}, {{ deal }}!' },
      ],
      updatedAt: 0,
    }),
  ).toMatchObject({
    parameterFormat: 'named',
    bodyParams: ['first_name', 'deal'],
    header: { format: 'IMAGE', params: [] },
    buttons: [],
  });
});
