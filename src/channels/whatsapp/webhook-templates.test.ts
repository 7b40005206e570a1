/** Template webhooks (reference §8.4–§8.5). */
import { describe, expect, it } from 'vitest';
import { formatWebhookIssue, parseWebhook } from './webhook-parse.js';
import { WABA_ID, wrap } from './testdata/webhooks.js';

describe('message_template_status_update', () => {
  it('parses the documented example', () => {
    const payload = wrap(
      {
        event: 'APPROVED',
        message_template_id: 1689556908129832,
        message_template_name: 'order_confirmation',
        message_template_language: 'en-US',
        reason: 'NONE',
        message_template_category: 'UTILITY',
      },
      'message_template_status_update',
      1751247548,
    );
    expect(parseWebhook(payload)).toEqual({
      events: [
        {
          kind: 'template_status',
          wabaId: WABA_ID,
          templateId: '1689556908129832',
          name: 'order_confirmation',
          language: 'en-US',
          timestampMs: 1751247548000,
          event: 'APPROVED',
          reason: 'NONE',
          category: 'UTILITY',
        },
      ],
      issues: [],
    });
  });

  it('keeps pause, rejection and disable details; a null reason stays null', () => {
    const payload = wrap(
      {
        event: 'PAUSED',
        message_template_id: 42,
        message_template_name: 'promo',
        message_template_language: 'en_US',
        reason: null,
        other_info: { title: 'FIRST_PAUSE', description: 'Paused for 3 hours' },
        rejection_info: { reason: 'PROMOTIONAL', recommendation: 'Change category' },
        disable_info: { disable_date: 'DATE' },
      },
      'message_template_status_update',
    );
    expect(parseWebhook(payload).events).toEqual([
      {
        kind: 'template_status',
        wabaId: WABA_ID,
        templateId: '42',
        name: 'promo',
        language: 'en_US',
        event: 'PAUSED',
        reason: null,
        otherInfo: { title: 'FIRST_PAUSE', description: 'Paused for 3 hours' },
        rejectionInfo: { reason: 'PROMOTIONAL', recommendation: 'Change category' },
        disableDate: 'DATE',
      },
    ]);
  });

  it('reports a missing template id', () => {
    const payload = wrap(
      { event: 'APPROVED', message_template_name: 'x', message_template_language: 'en' },
      'message_template_status_update',
    );
    const { events, issues } = parseWebhook(payload);
    expect(events).toEqual([]);
    expect(issues.map(formatWebhookIssue)).toEqual([
      'entry[0].changes[0].value.message_template_id: missing',
    ]);
  });
});

describe('message_template_quality_update', () => {
  const value = {
    previous_quality_score: 'GREEN',
    new_quality_score: 'YELLOW',
    message_template_id: 806312974732579,
    message_template_name: 'welcome_template',
    message_template_language: 'en-US',
  };
  const expected = {
    kind: 'template_quality',
    wabaId: WABA_ID,
    templateId: '806312974732579',
    name: 'welcome_template',
    language: 'en-US',
    timestampMs: 1674864290000,
    previousScore: 'GREEN',
    newScore: 'YELLOW',
  };

  it('parses the documented example', () => {
    const payload = wrap(value, 'message_template_quality_update', 1674864290);
    expect(parseWebhook(payload).events).toEqual([expected]);
  });

  it('also when labelled with the status field, as in Meta’s own example', () => {
    const payload = wrap(value, 'message_template_status_update', 1674864290);
    expect(parseWebhook(payload).events).toEqual([expected]);
  });
});

describe('template_category_update', () => {
  it('a completed change', () => {
    const payload = wrap(
      {
        message_template_id: 12345678,
        message_template_name: 'my_message_template',
        message_template_language: 'en-US',
        previous_category: 'UTILITY',
        new_category: 'MARKETING',
      },
      'template_category_update',
    );
    expect(parseWebhook(payload).events).toEqual([
      {
        kind: 'template_category',
        wabaId: WABA_ID,
        templateId: '12345678',
        name: 'my_message_template',
        language: 'en-US',
        previousCategory: 'UTILITY',
        newCategory: 'MARKETING',
      },
    ]);
  });

  it('an impending change, with when it happens', () => {
    const payload = wrap(
      {
        message_template_id: 1,
        message_template_name: 't',
        message_template_language: 'en',
        correct_category: 'MARKETING',
        new_category: 'UTILITY',
        category_update_timestamp: 1760711433,
      },
      'template_category_update',
    );
    expect(parseWebhook(payload).events).toMatchObject([
      { correctCategory: 'MARKETING', newCategory: 'UTILITY', categoryUpdateMs: 1760711433000 },
    ]);
  });
});
