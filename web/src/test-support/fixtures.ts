/** Shared test data: the seed story's template and a canvas that sends it. */
import type { Canvas } from '../../../src/canvas/schema';
import { readTemplates } from '../api/templates';

export const orderFeedback = {
  name: 'order_feedback',
  language: 'en_US',
  status: 'APPROVED',
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
};

export const TEMPLATES = readTemplates([orderFeedback]);

/** ask (template order_feedback) → answer (Action Paths, no groups yet) → done. */
export function seedCanvas(): Canvas {
  return {
    specVersion: 1,
    id: 'order-feedback',
    name: 'Order feedback',
    entry: { type: 'api' },
    steps: [
      {
        id: 'ask',
        type: 'message',
        whatsapp: { template: 'order_feedback', language: 'en_US', body: ['Ana', 'A-1042'] },
        next: 'answer',
      },
      { id: 'answer', type: 'action_paths', window: '24h', groups: [] },
      { id: 'done', type: 'exit' },
    ],
    ui: { positions: { ask: { x: 0, y: 0 }, answer: { x: 320, y: 0 }, done: { x: 640, y: 0 } } },
  };
}

/** The seed canvas with one group, so it passes the schema (an Action Paths step needs one). */
export function validCanvas(): Canvas {
  const doc = seedCanvas();
  return {
    ...doc,
    steps: doc.steps.map((s) =>
      s.type === 'action_paths'
        ? {
            ...s,
            groups: [
              { id: 'no', name: 'NO', when: { inbound_whatsapp: { button: 1 } }, next: 'done' },
            ],
          }
        : s,
    ),
  };
}
