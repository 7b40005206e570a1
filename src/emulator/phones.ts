/**
 * Virtual phones: the WhatsApp users on the other side. A phone is known by its number, by
 * its business-scoped user id (BSUID), or both, per identity mode:
 * - `phone`: classic user, `wa_id` only;
 * - `phone_and_user_id`: `wa_id` plus `user_id` (2026 webhooks);
 * - `user_id`: a username user whose number the business never sees (no `wa_id` / `from`).
 */
import { ControlError } from './control-error.js';
import type { Random } from './ids.js';
import { newBsuid } from './ids.js';
import { countryOf, digitsOf, isBsuid } from './phone-numbers.js';

export type IdentityMode = 'phone' | 'phone_and_user_id' | 'user_id';

export interface VirtualPhone {
  /** Stable handle for the control API (`p1`, `p2`, …); survives number changes. */
  key: string;
  identity: IdentityMode;
  /** E.164, when the user has a number (always, except `user_id` mode). */
  phone?: string;
  /** BSUID, in `phone_and_user_id` and `user_id` modes. */
  userId?: string;
  username?: string;
  name: string;
  /** False: sends fail with 131026 (not a WhatsApp user). */
  onWhatsApp: boolean;
  /** False: the phone receives nothing until it comes online (no `delivered`). */
  online: boolean;
  /** The user opens chats by themselves (`read` after the configured delay). */
  autoRead: boolean;
  /** Off: WhatsApp never reports `read` for this user. */
  readReceipts: boolean;
  createdAt: number;
  /** Created by a send to an unknown number (not through the control API). */
  autoCreated: boolean;
}

export interface NewPhone {
  phone?: string;
  name?: string;
  identity?: IdentityMode;
  userId?: string;
  username?: string;
  onWhatsApp?: boolean;
  online?: boolean;
  autoRead?: boolean;
  readReceipts?: boolean;
}

/** `wa_id` as webhooks carry it: digits, no `+`. */
export function waIdOf(phone: VirtualPhone): string | undefined {
  return phone.phone === undefined ? undefined : digitsOf(phone.phone);
}

export class PhoneBook {
  private readonly phones = new Map<string, VirtualPhone>();
  private counter = 0;

  constructor(
    private readonly random: Random,
    /** Phones kept at most; past it, the oldest auto-created phone goes. */
    private readonly limit: number,
  ) {}

  list(): VirtualPhone[] {
    return [...this.phones.values()];
  }

  /** Create a phone; refuses bad input (400) and numbers or ids already taken (409). */
  create(input: NewPhone, now: number, autoCreated = false): VirtualPhone {
    const identity = input.identity ?? (input.userId && !input.phone ? 'user_id' : 'phone');
    if (identity !== 'user_id' && input.phone === undefined)
      throw new ControlError(400, `identity "${identity}" needs a phone number`);
    if (identity === 'user_id' && input.phone !== undefined)
      throw new ControlError(400, 'identity "user_id" has no phone number (it is a username user)');
    if (input.userId !== undefined && !isBsuid(input.userId))
      throw new ControlError(
        400,
        `user_id "${input.userId}" is not a BSUID like US.13491208655302741918`,
      );
    if (input.userId !== undefined && identity === 'phone')
      throw new ControlError(400, 'identity "phone" carries no user_id');
    const country = input.phone ? countryOf(input.phone) : 'US';
    const userId =
      identity === 'phone' ? undefined : (input.userId ?? newBsuid(country, this.random));
    if (input.phone && this.find(input.phone))
      throw new ControlError(409, `${input.phone} already exists`);
    if (userId && this.find(userId)) throw new ControlError(409, `${userId} already exists`);
    const phone: VirtualPhone = {
      key: `p${++this.counter}`,
      identity,
      name: input.name ?? defaultName(this.counter),
      onWhatsApp: input.onWhatsApp ?? true,
      online: input.online ?? true,
      autoRead: input.autoRead ?? true,
      readReceipts: input.readReceipts ?? true,
      createdAt: now,
      autoCreated,
    };
    if (input.phone !== undefined) phone.phone = input.phone;
    if (userId !== undefined) phone.userId = userId;
    if (input.username !== undefined) phone.username = input.username;
    this.phones.set(phone.key, phone);
    if (this.phones.size > this.limit) {
      const oldest = [...this.phones.values()].find((p) => p.autoCreated && p !== phone);
      if (oldest) this.phones.delete(oldest.key);
    }
    return phone;
  }

  /** By key (`p1`), E.164 (`+16505551234`), digits (`16505551234`) or BSUID. */
  find(ref: string): VirtualPhone | undefined {
    const byKey = this.phones.get(ref);
    if (byKey) return byKey;
    const digits = /^\+?[\d\s\-()]+$/.test(ref) ? digitsOf(ref) : undefined;
    for (const phone of this.phones.values()) {
      if (phone.userId === ref) return phone;
      if (digits && phone.phone && digitsOf(phone.phone) === digits) return phone;
    }
    return undefined;
  }

  remove(key: string): boolean {
    return this.phones.delete(key);
  }

  clear(): void {
    this.phones.clear();
    this.counter = 0;
  }
}

const NAMES = ['Ana Silva', 'Ben Okafor', 'Chen Wei', 'Dana Cohen', 'Emre Yilmaz', 'Fatima Zahra'];

function defaultName(n: number): string {
  return NAMES[(n - 1) % NAMES.length] ?? 'WhatsApp User';
}
