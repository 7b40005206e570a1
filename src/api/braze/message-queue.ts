/**
 * One-off messages (`/messages/send`) into the outbox and the message log, in one
 * transaction per group of people: for the listed recipients inside the request, and page
 * by page for a broadcast job. Keys are the dispatch id and the person, so a page queued
 * again after a crash adds nothing.
 */
import type { SendPayload } from '../../runner/apply-results.js';
import { sendKeyPrefix } from '../../runner/cancelled-sends.js';
import { partitionOf } from '../../runner/partitions.js';
import type { Store } from '../../store/open.js';
import type { Repositories } from '../../store/repositories.js';
import type { ContactRecord } from '../../store/repos/contact-rows.js';
import type { Converted } from './whats-app-object.js';

/** What a send is: stored as a broadcast job's payload, so plain data. */
export interface MessageSpec {
  /** This request's; the outbox and message-log keys are made from it. */
  dispatchId: string;
  /** Braze's `send_id`: a tracking id, which later requests may give again. */
  sendId?: string;
  number: string;
  message: Converted;
  subscriptionState?: 'opted_in' | 'subscribed' | 'all';
  campaignId?: string;
}

/** Braze sends only to people subscribed to the group unless told `all`. */
function reachable(contact: ContactRecord, spec: MessageSpec): boolean {
  if (contact.phone === undefined && contact.userId === undefined) return false;
  return spec.subscriptionState === 'all' || contact.subscriptions[spec.number] === 'subscribed';
}

/** Meta's limit on `biz_opaque_callback_data`. */
const CALLBACK_DATA_MAX = 512;

/**
 * `biz_opaque_callback_data` of a one-off send: `rp:` and its key. Meta echoes it in every
 * status, so a status that comes before the send's answer is recorded settles the send
 * where it is taken in (runner/status-events.ts) instead of waiting for the record.
 */
function callbackDataOf(key: string): string | undefined {
  const data = `rp:${key}`;
  return data.length <= CALLBACK_DATA_MAX ? data : undefined;
}

/** Queues the message for those of `contacts` it may reach; returns how many. */
export async function queueMessages(
  store: Store,
  now: number,
  spec: MessageSpec,
  contacts: ContactRecord[],
): Promise<number> {
  return store.transaction((tx) => queueMessagesIn(tx, now, spec, contacts));
}

/** The same, inside the caller's transaction. */
export async function queueMessagesIn(
  tx: Repositories,
  now: number,
  spec: MessageSpec,
  contacts: ContactRecord[],
): Promise<number> {
  const targets = contacts.filter((c) => reachable(c, spec));
  if (targets.length === 0) return 0;
  const { dispatchId, number, message } = spec;
  const keyOf = (c: ContactRecord) => `${sendKeyPrefix(dispatchId)}${c.id}`;
  await tx.outbox.insertMany(
    targets.map((c) => {
      const key = keyOf(c);
      const callbackData = callbackDataOf(key);
      const payload: SendPayload = {
        to: { ...(c.phone ? { phone: c.phone } : {}), ...(c.userId ? { userId: c.userId } : {}) },
        body:
          callbackData === undefined
            ? message.body
            : { ...message.body, biz_opaque_callback_data: callbackData },
        // Not a canvas send: no canvas, version or step to count it against.
        canvasId: spec.campaignId ?? '',
        version: 0,
        stepId: '',
      };
      return {
        key,
        contactId: c.id,
        partition: partitionOf(c.id),
        kind: 'send_whatsapp',
        number,
        payload,
      };
    }),
  );
  await tx.messages.recordMany(
    targets.map((c) => ({
      direction: 'out' as const,
      key: keyOf(c),
      contactId: c.id,
      number,
      kind: message.body.type,
      buttons: message.buttons,
      preview: message.preview,
      at: now,
    })),
  );
  return targets.length;
}
