import { describe, expect, it } from 'vitest';
import {
  bodyParameters,
  headerFormat,
  headerParameters,
  quickReplyButtons,
  quickReplyLabels,
} from './template-read.js';
import type { TemplateShape } from './template-read.js';

const orderFeedback: TemplateShape = {
  parameter_format: 'positional',
  components: [
    { type: 'BODY', text: 'Hi {{1}}, how was your order {{2}}? Thanks {{1}}.' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'YES' },
        { type: 'QUICK_REPLY', text: 'NO' },
        { type: 'QUICK_REPLY', text: 'TALK TO SUPPORT' },
      ],
    },
  ],
};

const promo: TemplateShape = {
  parameter_format: 'named',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Hi {{first_name}}' },
    { type: 'BODY', text: 'Use {{code}} by {{date}}.' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'URL', text: 'Shop', url: 'https://shop.example/{{1}}' },
        { type: 'QUICK_REPLY', text: 'Stop promotions' },
        { type: 'QUICK_REPLY', text: 'More' },
      ],
    },
  ],
};

describe('template-read', () => {
  it('quick replies keep their index among all buttons', () => {
    expect(quickReplyButtons(orderFeedback)).toEqual([
      { index: 0, text: 'YES' },
      { index: 1, text: 'NO' },
      { index: 2, text: 'TALK TO SUPPORT' },
    ]);
    expect(quickReplyButtons(promo)).toEqual([
      { index: 1, text: 'Stop promotions' },
      { index: 2, text: 'More' },
    ]);
    expect(quickReplyLabels(orderFeedback)).toEqual(['YES', 'NO', 'TALK TO SUPPORT']);
  });

  it('body parameters count distinct variables', () => {
    expect(bodyParameters(orderFeedback)).toEqual({
      format: 'positional',
      count: 2,
      names: ['1', '2'],
    });
    expect(bodyParameters(promo)).toEqual({ format: 'named', count: 2, names: ['code', 'date'] });
  });

  it('header format and parameters', () => {
    expect(headerFormat(orderFeedback)).toBeUndefined();
    expect(headerParameters(orderFeedback)).toEqual({ format: 'positional', count: 0, names: [] });
    expect(headerFormat(promo)).toBe('TEXT');
    expect(headerParameters(promo)).toEqual({ format: 'named', count: 1, names: ['first_name'] });
    const image: TemplateShape = { components: [{ type: 'header', format: 'image' }] };
    expect(headerFormat(image)).toBe('IMAGE');
    expect(headerParameters(image).count).toBe(0);
  });
});
