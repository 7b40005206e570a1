/**
 * Every message, both directions, kept in memory with a bound (oldest dropped first). A
 * phone's chat with a business number is the messages between the two, in time order.
 */
import type { WebhookErrorObject } from './errors.js';
import type { Json } from './json-fields.js';
import type { Pricing } from './pricing.js';

export type OutboundStatus = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';

/** A tap on one of an outbound message's buttons or list rows. */
export interface Tap {
  at: number;
  /** The inbound message the tap produced. */
  messageId: string;
  /** Template button index, or reply-button / list-row position. */
  index: number;
  title: string;
  /** Template quick reply: the payload sent back. */
  payload?: string;
  /** Interactive reply button or list row id. */
  id?: string;
}

export interface ChatMessage {
  id: string;
  direction: 'outbound' | 'inbound';
  phoneNumberId: string;
  phoneKey: string;
  at: number;
  type: string;
  /**
   * Outbound: what the phone shows (template text with parameters substituted, its buttons).
   * Inbound: the message object as sent in the webhook.
   */
  content: Json;
  /** Outbound: delivery status. Inbound: `received`, then `read` once the business marks it. */
  status: OutboundStatus | 'received';
  statusHistory: Array<{ status: string; at: number }>;
  errors?: WebhookErrorObject[];
  context?: { message_id: string };
  callbackData?: string;
  /** Outbound: how it was addressed (decides `recipient_id` / `recipient_user_id`). */
  addressedBy?: 'phone' | 'user_id';
  /** Outbound: the addressee as sent (for status webhooks when no virtual phone exists). */
  recipient?: { waId?: string; userId?: string };
  pricing?: Pricing;
  /** Outbound: whether pricing went out with `delivered`/`read` already. */
  pricedFinal?: boolean;
  conversationId?: string;
  taps: Tap[];
  /** Reaction the other side put on this message (emoji), if any. */
  reaction?: string;
  /** Outbound template: its payloads per button index, for taps. */
  buttonPayloads?: Record<number, string>;
}

export class MessageLog {
  private readonly messages = new Map<string, ChatMessage>();

  constructor(private readonly limit: number) {}

  add(message: ChatMessage): void {
    this.messages.set(message.id, message);
    while (this.messages.size > this.limit) {
      const oldest = this.messages.keys().next();
      if (oldest.done) break;
      this.messages.delete(oldest.value);
    }
  }

  get(id: string): ChatMessage | undefined {
    return this.messages.get(id);
  }

  /** Messages of one phone, optionally with one business number, oldest first. */
  chat(phoneKey: string, phoneNumberId?: string): ChatMessage[] {
    return [...this.messages.values()].filter(
      (m) =>
        m.phoneKey === phoneKey &&
        (phoneNumberId === undefined || m.phoneNumberId === phoneNumberId),
    );
  }

  /** The newest messages first, across all chats. */
  recent(limit: number): ChatMessage[] {
    return [...this.messages.values()].slice(-limit).reverse();
  }

  clear(): void {
    this.messages.clear();
  }
}
