import { describe, expect, it } from 'vitest';
import { buildTemplate, emptyDraft, fieldOfIssue } from './template-draft';

describe('the new-template form', () => {
  const draft = {
    ...emptyDraft(),
    name: 'order_feedback',
    header: 'Your order',
    body: 'Hi {{1}}, how was {{2}}?',
    examples: ['Ana', 'A-1042'],
    quickReplies: ['YES', 'NO', ''],
  };

  it("builds Meta's template shape and remembers which component is which field", () => {
    expect(buildTemplate(draft)).toEqual({
      body: {
        name: 'order_feedback',
        language: 'en_US',
        category: 'UTILITY',
        parameter_format: 'positional',
        components: [
          { type: 'HEADER', format: 'TEXT', text: 'Your order' },
          {
            type: 'BODY',
            text: 'Hi {{1}}, how was {{2}}?',
            example: { body_text: [['Ana', 'A-1042']] },
          },
          {
            type: 'BUTTONS',
            buttons: [
              { type: 'QUICK_REPLY', text: 'YES' },
              { type: 'QUICK_REPLY', text: 'NO' },
            ],
          },
        ],
      },
      fields: ['header', 'body', 'buttons'],
    });
  });

  it('puts each server issue under its field', () => {
    const { fields } = buildTemplate(draft);
    expect(
      [
        'name',
        'components[0].text',
        'components[1].text',
        'components[1].example.body_text',
        'components[2].buttons[1].text',
        'components[7]',
        'what',
      ].map((path) => fieldOfIssue(path, fields)),
    ).toEqual(['name', 'header', 'body', 'examples', 'buttons', 'form', 'form']);
  });
});
