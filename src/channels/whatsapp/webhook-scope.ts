/**
 * What parsing one part of a webhook needs around it: where issues go (with full paths
 * such as `entry[0].changes[0].value.messages[2].type`), and for a `messages` change, the
 * business number and the `contacts[]` of the same value. Also the small helpers every
 * webhook part uses: identity merging, error lists, dropping undefined fields.
 */
import type { z } from 'zod';
import { formatPath, type PathSegment } from '../../canvas/issues.js';
import { fromWebhookError, type ChannelError } from './errors.js';
import type { BusinessNumberRef, UnknownEvent, UserIdentity, WebhookIssue } from './events.js';
import { phoneFromWire } from './identity.js';
import { parseWire, type WireContact } from './webhook-schema.js';
import { defined } from './defined.js';

export class IssueSink {
  readonly issues: WebhookIssue[] = [];

  issue(path: readonly PathSegment[], message: string): void {
    this.issues.push({ path: formatPath(path), message });
  }

  /** `value` parsed by `schema`, or undefined after recording its issues under `path`. */
  read<T extends z.ZodType>(
    schema: T,
    value: unknown,
    path: readonly PathSegment[],
  ): z.output<T> | undefined {
    const result = parseWire(schema, value);
    if (result.ok) return result.data;
    for (const issue of result.issues) this.issue([...path, ...issue.path], issue.message);
    return undefined;
  }
}

/** One `changes[j].value` of field `messages` or `user_preferences`. */
export class ChangeScope {
  constructor(
    readonly sink: IssueSink,
    readonly business: BusinessNumberRef,
    readonly contacts: readonly WireContact[],
  ) {}

  issue(path: readonly PathSegment[], message: string): void {
    this.sink.issue(path, message);
  }

  read<T extends z.ZodType>(
    schema: T,
    value: unknown,
    path: readonly PathSegment[],
  ): z.output<T> | undefined {
    return this.sink.read(schema, value, path);
  }

  unknown(
    path: readonly PathSegment[],
    description: string,
    raw: unknown,
    field = 'messages',
  ): UnknownEvent {
    const { wabaId } = this.business;
    return unknownEvent({ wabaId, business: this.business, field, path, description, raw });
  }
}

/** Something well-formed we do not understand, kept whole with where it was. */
export function unknownEvent(e: {
  wabaId: string;
  business?: BusinessNumberRef;
  field: string;
  path: readonly PathSegment[];
  description: string;
  raw: unknown;
}): UnknownEvent {
  const event: UnknownEvent = {
    kind: 'unknown',
    wabaId: e.wabaId,
    field: e.field,
    path: formatPath(e.path),
    description: e.description,
    raw: e.raw,
  };
  if (e.business) event.business = e.business;
  return event;
}

/** Merge ids from the item with what its `contacts[]` entry adds; drop empty fields. */
export function identity(
  contact: WireContact | undefined,
  ids: {
    phone?: string | undefined;
    userId?: string | undefined;
    parentUserId?: string | undefined;
  },
): UserIdentity {
  const phone =
    ids.phone ?? (contact?.wa_id === undefined ? undefined : phoneFromWire(contact.wa_id));
  return defined({
    phone,
    userId: ids.userId ?? contact?.user_id,
    parentUserId: ids.parentUserId ?? contact?.parent_user_id,
    name: contact?.profile?.name,
    username: contact?.profile?.username,
  });
}

/** Webhook error objects → ChannelErrors; malformed ones become issues. */
export function errorsOf(
  raw: readonly unknown[] | undefined,
  scope: ChangeScope,
  path: PathSegment[],
): ChannelError[] {
  const out: ChannelError[] = [];
  (raw ?? []).forEach((value, i) => {
    const error = fromWebhookError(value);
    if (error) out.push(error);
    else scope.issue([...path, i, 'code'], 'missing or not a number');
  });
  return out;
}
