import type { TemplateDefinitionInput } from '../template-types.js';

/** examples/order-feedback/templates.yaml's first template, in Meta's create shape. */
export const orderFeedback = (): TemplateDefinitionInput => ({
  name: 'order_feedback',
  language: 'en_US',
  category: 'UTILITY',
  parameter_format: 'positional',
  components: [
    {
      type: 'BODY',
      text: 'Hi {{1}}, how was your order {{2}}?',
      example: { body_text: [['Ana', 'A-1042']] },
    },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'YES' },
        { type: 'QUICK_REPLY', text: 'NO' },
        { type: 'QUICK_REPLY', text: 'TALK TO SUPPORT' },
      ],
    },
  ],
});
