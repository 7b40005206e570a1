import { describe, expect, it } from 'vitest';
import { simBubble, templateBubble } from './bubbles';
import { TEMPLATES } from '../test-support/fixtures';

describe('chat bubbles', () => {
  it('draws a template with its parameters and quick replies', () => {
    const info = TEMPLATES[0]?.info;
    if (!info) throw new Error('fixture');
    expect(templateBubble(info, ['Ana', '{{ context.order_id }}'])).toEqual({
      id: 'order_feedback-en_US',
      side: 'theirs',
      text: 'Hi Ana, how was your order {{ context.order_id }}?',
      buttons: [
        { index: 0, label: 'YES', replies: true },
        { index: 1, label: 'NO', replies: true },
        { index: 2, label: 'TALK TO SUPPORT', replies: true },
      ],
    });
  });

  it('reads an emulator template message with the tapped button', () => {
    const bubble = simBubble({
      id: 'wamid.1',
      direction: 'outbound',
      at: '2026-01-01T10:00:00.000Z',
      type: 'template',
      status: 'read',
      content: {
        template: { name: 'order_feedback' },
        body: 'Hi Ana, how was your order A-1?',
        buttons: [
          { index: 0, type: 'QUICK_REPLY', text: 'YES', payload: 'p0' },
          { index: 1, type: 'QUICK_REPLY', text: 'NO', payload: 'p1' },
        ],
      },
      tapped: { index: 1, title: 'NO' },
    });
    expect(bubble).toEqual({
      id: 'wamid.1',
      at: '2026-01-01T10:00:00.000Z',
      status: 'read',
      tapped: 1,
      side: 'theirs',
      text: 'Hi Ana, how was your order A-1?',
      buttons: [
        { index: 0, label: 'YES', replies: true },
        { index: 1, label: 'NO', replies: true },
      ],
    });
  });

  it('reads what the phone sent: a tap and a typed text', () => {
    const tap = simBubble({
      id: 'in.1',
      direction: 'inbound',
      at: 1,
      type: 'button',
      status: 'received',
      content: { type: 'button', button: { payload: 'p1', text: 'NO' } },
    });
    const typed = simBubble({
      id: 'in.2',
      direction: 'inbound',
      at: 2,
      type: 'text',
      status: 'read',
      content: { type: 'text', text: { body: 'hmm maybe' } },
    });
    expect([tap.side, tap.text, typed.side, typed.text]).toEqual([
      'mine',
      'NO',
      'mine',
      'hmm maybe',
    ]);
  });
});
