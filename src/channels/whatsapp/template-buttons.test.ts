import { describe, expect, it } from 'vitest';
import { checkTemplate } from './template-rules.js';
import type { TemplateDefinitionInput } from './template-types.js';
import { orderFeedback } from './testdata/templates.js';

describe('checkTemplate: buttons', () => {
  const withButtons = (buttons: Array<Record<string, unknown>>): TemplateDefinitionInput => ({
    ...orderFeedback(),
    components: [
      { type: 'BODY', text: 'Hello there.' },
      { type: 'BUTTONS', buttons: buttons.map((b) => ({ type: 'QUICK_REPLY', ...b })) },
    ],
  });
  const qr = (text: string) => ({ type: 'QUICK_REPLY', text });

  it('≤10 in total and ≤10 quick replies', () => {
    const issues = checkTemplate(withButtons(Array.from({ length: 11 }, (_, i) => qr(`B${i}`))));
    expect(issues).toEqual([
      { path: 'components[1].buttons', message: '11 buttons; at most 10 in total' },
      { path: 'components[1].buttons', message: '11 QUICK_REPLY buttons; at most 10' },
    ]);
  });

  it('quick replies grouped: "QR, URL, QR" is invalid', () => {
    const url = { type: 'URL', text: 'Shop', url: 'https://shop.example' };
    expect(checkTemplate(withButtons([qr('A'), url, qr('B')]))).toEqual([
      {
        path: 'components[1].buttons',
        message: 'quick replies must be grouped together, before or after the other buttons',
      },
    ]);
    expect(checkTemplate(withButtons([url, qr('A'), qr('B')]))).toEqual([]);
  });

  it('labels ≤25; URL rules; ≤2 URL; ≤1 phone', () => {
    const issues = checkTemplate(
      withButtons([
        qr('x'.repeat(26)),
        {
          type: 'URL',
          text: 'A',
          url: 'https://a.example/{{1}}/x',
          example: ['https://a.example/1/x'],
        },
        { type: 'URL', text: 'B', url: 'https://b.example/{{1}}' },
        { type: 'URL', text: 'C', url: `https://c.example/${'x'.repeat(2000)}` },
        { type: 'PHONE_NUMBER', text: 'Call', phone_number: '+1555078388100000000000' },
        { type: 'PHONE_NUMBER', text: 'Call', phone_number: 'call me' },
      ]),
    );
    expect(issues).toEqual([
      { path: 'components[1].buttons', message: '3 URL buttons; at most 2' },
      { path: 'components[1].buttons', message: '2 PHONE_NUMBER buttons; at most 1' },
      {
        path: 'components[1].buttons[0].text',
        message: '26 characters; at most 25',
        metaCode: 2388040,
      },
      {
        path: 'components[1].buttons[1].url',
        message: 'a URL takes one variable, at its very end ({{1}})',
      },
      {
        path: 'components[1].buttons[2].example',
        message: 'a URL with a variable needs an example full URL',
      },
      {
        path: 'components[1].buttons[3].url',
        message: '2018 characters; at most 2000',
        metaCode: 2388040,
      },
      {
        path: 'components[1].buttons[4].phone_number',
        message: '23 characters; at most 20',
        metaCode: 2388040,
      },
      {
        path: 'components[1].buttons[5].phone_number',
        message: 'a phone number, e.g. +15550783881',
      },
    ]);
  });

  it('an empty BUTTONS component and a copy code over 15', () => {
    expect(checkTemplate(withButtons([]))).toEqual([
      { path: 'components[1].buttons', message: 'a BUTTONS component needs at least one button' },
    ]);
    expect(checkTemplate(withButtons([{ type: 'COPY_CODE', example: 'X'.repeat(16) }]))).toEqual([
      {
        path: 'components[1].buttons[0].example',
        message: '16 characters; at most 15',
        metaCode: 2388040,
      },
    ]);
  });
});
