/**
 * Template review and status changes. A created or edited template is PENDING; after the
 * configured delay it becomes APPROVED or REJECTED (first matching name rule, else the
 * default outcome; adjacent variables `{{1}} {{2}}` are always rejected INVALID_FORMAT, as
 * Meta's reviewers do). Every change sends `message_template_status_update`:
 *
 * ```json
 * { "entry": [{ "id": "<WABA>", "time": 1751247548, "changes": [{ "value": {
 *     "event": "APPROVED", "message_template_id": 1689556908129832,
 *     "message_template_name": "order_feedback", "message_template_language": "en_US",
 *     "reason": "NONE", "message_template_category": "UTILITY" },
 *   "field": "message_template_status_update" }] }], "object": "whatsapp_business_account" }
 * ```
 * `message_template_id` and `entry.time` are integers. Meta's doc example writes the
 * language `en-US`; we send the code as the template has it (`en_US`), which is what the
 * REST API returns and what receivers match on.
 */
import type { EmulatorContext } from './context.js';
import type { Json } from './json-fields.js';
import type { RejectionReason } from './options.js';
import type { Template, TemplateStatus } from './templates-store.js';
import { hasAdjacentPlaceholders } from './template-variables.js';

export function scheduleReview(ctx: EmulatorContext, template: Template): void {
  cancelReview(ctx, template.id);
  const handle = ctx.scheduler.after(ctx.config.settings.review.delayMs, () => {
    ctx.state.reviews.delete(template.id);
    if (ctx.state.templates.get(template.id) !== template || template.status !== 'PENDING') return;
    const decision = decide(ctx, template);
    setTemplateStatus(ctx, template, decision.outcome, { reason: decision.reason });
  });
  ctx.state.reviews.set(template.id, handle);
}

export function cancelReview(ctx: EmulatorContext, templateId: string): void {
  ctx.scheduler.cancel(ctx.state.reviews.get(templateId));
  ctx.state.reviews.delete(templateId);
}

function decide(
  ctx: EmulatorContext,
  template: Template,
): { outcome: 'APPROVED' | 'REJECTED'; reason?: RejectionReason } {
  if (
    template.components.some((c) => typeof c.text === 'string' && hasAdjacentPlaceholders(c.text))
  )
    return { outcome: 'REJECTED', reason: 'INVALID_FORMAT' };
  const { rules, outcome } = ctx.config.settings.review;
  for (const rule of rules) {
    const pattern = typeof rule.name === 'string' ? new RegExp(rule.name) : rule.name;
    if (pattern.test(template.name))
      return rule.outcome === 'REJECTED'
        ? { outcome: 'REJECTED', reason: rule.reason ?? 'INVALID_FORMAT' }
        : { outcome: 'APPROVED' };
  }
  return outcome === 'REJECTED'
    ? { outcome: 'REJECTED', reason: 'INVALID_FORMAT' }
    : { outcome: 'APPROVED' };
}

export interface StatusChange {
  reason?: string;
  /** PAUSED: `FIRST_PAUSE`, `SECOND_PAUSE`, …; UNPAUSE on reinstatement. */
  pauseTitle?: string;
}

/** Change a template's status and tell the webhook. */
export function setTemplateStatus(
  ctx: EmulatorContext,
  template: Template,
  status: TemplateStatus,
  change: StatusChange = {},
): void {
  template.status = status;
  template.rejectedReason = status === 'REJECTED' ? (change.reason ?? 'INVALID_FORMAT') : 'NONE';
  if (status !== 'PENDING') cancelReview(ctx, template.id);
  const now = ctx.scheduler.now();
  const value: Json = {
    event: status,
    message_template_id: Number(template.id),
    message_template_name: template.name,
    message_template_language: template.language,
    reason: status === 'REJECTED' ? template.rejectedReason : (change.reason ?? 'NONE'),
    message_template_category: template.category,
  };
  if (status === 'PAUSED')
    value.other_info = {
      title: change.pauseTitle ?? 'FIRST_PAUSE',
      description: `Your ${template.name} template has been paused because of low quality.`,
    };
  if (status === 'DISABLED')
    value.disable_info = { disable_date: new Date(now).toISOString().slice(0, 10) };
  if (status === 'REJECTED')
    value.rejection_info = {
      reason: template.rejectedReason,
      recommendation: 'Review the template guidelines and edit the template.',
    };
  ctx.webhooks.enqueue({
    field: 'message_template_status_update',
    wabaId: template.wabaId,
    value,
    time: Math.floor(now / 1000),
  });
}
