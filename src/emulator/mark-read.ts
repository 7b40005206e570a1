/**
 * Mark as read: `{messaging_product, status: "read", message_id}` → `{success: true}`. The
 * message and every earlier inbound message of that chat become read (blue ticks on the
 * phone). A `typing_indicator: {type: "text"}` is accepted alongside.
 */
import type { EmulatorContext } from './context.js';
import { GraphError } from './errors.js';
import { isRecord, requireString, type Json } from './json-fields.js';
import type { BusinessNumber } from './options.js';

export function markRead(
  ctx: EmulatorContext,
  number: BusinessNumber,
  body: Json,
): { success: true } {
  if (body.status !== 'read')
    throw new GraphError(100, `Param status must be one of {READ} - got "${String(body.status)}".`);
  const id = requireString(body, 'message_id', '');
  const indicator = body.typing_indicator;
  if (indicator !== undefined && (!isRecord(indicator) || indicator.type !== 'text'))
    throw new GraphError(100, 'Param typing_indicator must be {"type": "text"}.');
  const target = ctx.state.log.get(id);
  if (!target || target.direction !== 'inbound' || target.phoneNumberId !== number.phoneNumberId)
    throw new GraphError(100, `Param message_id (${id}) is not a message received by this number.`);
  const now = ctx.scheduler.now();
  for (const message of ctx.state.log.chat(target.phoneKey, number.phoneNumberId)) {
    if (message.direction !== 'inbound' || message.at > target.at) continue;
    if (message.statusHistory.some((s) => s.status === 'read')) continue;
    message.statusHistory.push({ status: 'read', at: now });
  }
  return { success: true };
}
