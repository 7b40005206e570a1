import { describe, expect, it } from 'vitest';
import { checkTemplate } from './template-rules.js';
import type { TemplateDefinitionInput } from './template-types.js';
import { orderFeedback } from './testdata/templates.js';

const withBody = (text: string, example?: string[][]): TemplateDefinitionInput => ({
  ...orderFeedback(),
  components: [{ type: 'BODY', text, ...(example ? { example: { body_text: example } } : {}) }],
});

describe('checkTemplate: accepted definitions', () => {
  it('accepts the order_feedback template', () => {
    expect(checkTemplate(orderFeedback())).toEqual([]);
  });

  it('accepts a full marketing template with header, footer and mixed buttons', () => {
    expect(
      checkTemplate({
        name: 'summer_sale_2026',
        language: 'pt_BR',
        category: 'marketing',
        parameter_format: 'NAMED',
        components: [
          {
            type: 'header',
            format: 'text',
            text: 'Oi {{first_name}}',
            example: { header_text_named_params: [{ param_name: 'first_name', example: 'Ana' }] },
          },
          {
            type: 'BODY',
            text: 'Use {{code}} until {{date}}.',
            example: {
              body_text_named_params: [
                { param_name: 'code', example: 'SAVE10' },
                { param_name: 'date', example: 'Friday' },
              ],
            },
          },
          { type: 'FOOTER', text: 'Reply STOP to opt out' },
          {
            type: 'BUTTONS',
            buttons: [
              { type: 'QUICK_REPLY', text: 'Stop promotions' },
              { type: 'QUICK_REPLY', text: 'Tell me more' },
              {
                type: 'URL',
                text: 'Shop',
                url: 'https://shop.example/c/{{1}}',
                example: ['https://shop.example/c/summer'],
              },
              { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+15550783881' },
            ],
          },
        ],
      }),
    ).toEqual([]);
  });

  it('accepts an authentication body without text', () => {
    expect(
      checkTemplate({
        name: 'otp',
        language: 'en',
        category: 'AUTHENTICATION',
        components: [{ type: 'body', add_security_recommendation: true }],
      }),
    ).toEqual([]);
  });
});

describe('checkTemplate: name, language, category, components', () => {
  it('reports each bad top-level field', () => {
    expect(
      checkTemplate({
        ...orderFeedback(),
        name: 'Order-Feedback',
        language: 'English',
        category: 'PROMO',
        components: [
          { type: 'FOOTER', text: 'x' },
          { type: 'FOOTER', text: 'y' },
          { type: 'CAROUSEL' },
        ],
      }),
    ).toEqual([
      { path: 'name', message: 'uses lowercase letters, digits and "_" only' },
      { path: 'language', message: '"English" is not a language code such as en, en_US or pt_BR' },
      { path: 'category', message: '"PROMO" is not one of MARKETING, UTILITY, AUTHENTICATION' },
      { path: 'components[1]', message: 'a second FOOTER; a template has at most one' },
      {
        path: 'components[2].type',
        message: 'unknown component "CAROUSEL"; expected HEADER, BODY, FOOTER, BUTTONS',
      },
      { path: 'components', message: 'a template needs exactly one BODY' },
    ]);
  });

  it('reports a name over 512 characters', () => {
    expect(checkTemplate({ ...orderFeedback(), name: 'a'.repeat(513) })).toEqual([
      { path: 'name', message: '513 characters; at most 512', metaCode: 2388040 },
    ]);
  });

  it('reports shape errors with paths', () => {
    expect(checkTemplate({ name: 'x', language: 'en', components: [{ text: 'hi' }] })).toEqual([
      { path: 'category', message: 'missing' },
      { path: 'components[0].type', message: 'missing' },
    ]);
  });
});

describe('checkTemplate: body', () => {
  it('a variable at the start or the end is 2388299', () => {
    expect(checkTemplate(withBody('{{1}}, your order shipped', [['Ana']]))).toEqual([
      {
        path: 'components[0].text',
        message: 'a variable may not start or end the body',
        metaCode: 2388299,
      },
    ]);
    expect(checkTemplate(withBody('Your code is {{1}}', [['123']]))).toMatchObject([
      { metaCode: 2388299 },
    ]);
    expect(checkTemplate(withBody('Your code is {{1}}.', [['123']]))).toEqual([]);
  });

  it('adjacent variables, gaps and missing examples', () => {
    expect(checkTemplate(withBody('Hi {{1}}{{2}} and {{4}}!', [['a', 'b']]))).toEqual([
      {
        path: 'components[0].text',
        message: 'variables must be numbered from {{1}} without gaps; found {{1}}, {{2}}, {{4}}',
      },
      {
        path: 'components[0].text',
        message: '{{1}}{{2}}: adjacent variables need text between them',
      },
      {
        path: 'components[0].example.body_text[0]',
        message: '2 example value(s) for 3 variable(s)',
      },
    ]);
    expect(checkTemplate(withBody('Hi {{1}}!'))).toEqual([
      { path: 'components[0].example.body_text', message: 'give example values for 1 variable(s)' },
    ]);
  });

  it('names in a positional template and numbers in a named one', () => {
    expect(checkTemplate(withBody('Hi {{name}}!', [['Ana']]))).toEqual([
      {
        path: 'components[0].text',
        message:
          '{{name}}: positional variables are {{1}}, {{2}}, … (or set parameter_format: named)',
      },
    ]);
    const named = { ...withBody('Hi {{1}} and {{First}}!'), parameter_format: 'named' };
    expect(checkTemplate(named)).toEqual([
      {
        path: 'components[0].text',
        message: '{{1}}: named variables use lowercase letters, digits and "_"',
      },
      {
        path: 'components[0].text',
        message: '{{First}}: named variables use lowercase letters, digits and "_"',
      },
      {
        path: 'components[0].example.body_text_named_params',
        message: 'give an example for {{1}}',
      },
      {
        path: 'components[0].example.body_text_named_params',
        message: 'give an example for {{First}}',
      },
    ]);
  });

  it('a body over 1024 characters', () => {
    expect(checkTemplate(withBody('x'.repeat(1025)))).toEqual([
      { path: 'components[0].text', message: '1025 characters; at most 1024', metaCode: 2388040 },
    ]);
  });
});

describe('checkTemplate: header and footer', () => {
  const withParts = (...parts: TemplateDefinitionInput['components']): TemplateDefinitionInput => ({
    ...orderFeedback(),
    components: [...parts, { type: 'BODY', text: 'Hello there.' }],
  });

  it('a text header: ≤60, one variable, an example, no line break or emoji', () => {
    expect(
      checkTemplate(
        withParts({ type: 'HEADER', format: 'TEXT', text: `{{1}} {{2}}\n🎉${'x'.repeat(60)}` }),
      ),
    ).toEqual([
      { path: 'components[0].text', message: '74 characters; at most 60', metaCode: 2388040 },
      { path: 'components[0].text', message: 'no line breaks in a header', metaCode: 2388047 },
      { path: 'components[0].text', message: 'no emoji in a header', metaCode: 2388047 },
      {
        path: 'components[0].text',
        message: '2 variables; a header has at most 1',
        metaCode: 2388047,
      },
      {
        path: 'components[0].example.header_text',
        message: 'give one example value for the header variable',
      },
    ]);
  });

  it('media headers need a sample; LOCATION only for utility and marketing', () => {
    expect(checkTemplate(withParts({ type: 'HEADER', format: 'IMAGE' }))).toEqual([
      {
        path: 'components[0].example.header_handle',
        message: 'a IMAGE header needs a sample (upload handle)',
      },
    ]);
    expect(
      checkTemplate({
        ...withParts({ type: 'HEADER', format: 'LOCATION' }),
        category: 'AUTHENTICATION',
      }),
    ).toEqual([
      {
        path: 'components[0].format',
        message: 'LOCATION headers are for UTILITY and MARKETING templates only',
      },
    ]);
    expect(
      checkTemplate(
        withParts({ type: 'HEADER', format: 'GIF', example: { header_handle: ['4::aW'] } }),
      ),
    ).toEqual([]);
  });

  it('a footer: ≤60, no variables', () => {
    expect(checkTemplate(withParts({ type: 'FOOTER', text: `Hi {{1}}${'x'.repeat(60)}` }))).toEqual(
      [
        { path: 'components[0].text', message: '68 characters; at most 60', metaCode: 2388040 },
        { path: 'components[0].text', message: 'a footer takes no variables' },
      ],
    );
  });
});
