/**
 * Template webhooks (reference §8.4–§8.5): status (APPROVED, PAUSED, …), quality score and
 * category changes. They carry the WABA id only, no phone number metadata.
 */
import type { PathSegment } from '../../canvas/issues.js';
import type { WebhookEvent } from './events.js';
import { WireTemplateCategory, WireTemplateQuality, WireTemplateStatus } from './webhook-schema.js';
import { unknownEvent, type IssueSink } from './webhook-scope.js';
import { defined } from './defined.js';

export const TEMPLATE_FIELDS: ReadonlySet<string> = new Set([
  'message_template_status_update',
  'message_template_quality_update',
  'template_category_update',
]);

interface WireTemplateRef {
  message_template_id: number | string;
  message_template_name: string;
  message_template_language: string;
}

function ref(wabaId: string, timeMs: number | undefined, t: WireTemplateRef) {
  return {
    wabaId,
    templateId: String(t.message_template_id),
    name: t.message_template_name,
    language: t.message_template_language,
    ...defined({ timestampMs: timeMs }),
  };
}

export function parseTemplateChange(
  wabaId: string,
  timeMs: number | undefined,
  field: string,
  value: Record<string, unknown>,
  path: PathSegment[],
  sink: IssueSink,
): WebhookEvent[] {
  // Meta's own quality-update example is labelled with the status field; go by content.
  const kind =
    field === 'message_template_status_update' &&
    !('event' in value) &&
    'new_quality_score' in value
      ? 'message_template_quality_update'
      : field;
  switch (kind) {
    case 'message_template_status_update': {
      const t = sink.read(WireTemplateStatus, value, path);
      if (t === undefined) return [];
      return [
        {
          kind: 'template_status',
          ...ref(wabaId, timeMs, t),
          event: t.event,
          reason: t.reason ?? null,
          ...defined({
            category: t.message_template_category,
            otherInfo:
              t.other_info &&
              defined({ title: t.other_info.title, description: t.other_info.description }),
            rejectionInfo:
              t.rejection_info &&
              defined({
                reason: t.rejection_info.reason,
                recommendation: t.rejection_info.recommendation,
              }),
            disableDate:
              t.disable_info?.disable_date === undefined
                ? undefined
                : String(t.disable_info.disable_date),
          }),
        },
      ];
    }
    case 'message_template_quality_update': {
      const t = sink.read(WireTemplateQuality, value, path);
      if (t === undefined) return [];
      return [
        {
          kind: 'template_quality',
          ...ref(wabaId, timeMs, t),
          ...defined({ previousScore: t.previous_quality_score }),
          newScore: t.new_quality_score,
        },
      ];
    }
    case 'template_category_update': {
      const t = sink.read(WireTemplateCategory, value, path);
      if (t === undefined) return [];
      return [
        {
          kind: 'template_category',
          ...ref(wabaId, timeMs, t),
          ...defined({
            previousCategory: t.previous_category,
            correctCategory: t.correct_category,
            categoryUpdateMs:
              t.category_update_timestamp === undefined
                ? undefined
                : Number(t.category_update_timestamp) * 1000,
          }),
          newCategory: t.new_category,
        },
      ];
    }
    default:
      return [unknownEvent({ wabaId, field, path, description: `field "${field}"`, raw: value })];
  }
}
