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
    for (const issue of result.issues) {
      const rest = issue.path.map((seg) => (typeof seg === 'number' ? seg : String(seg)));
      this.issue([...path, ...rest], issue.message);
    }
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
    return {
      kind: 'unknown',
      wabaId: this.business.wabaId,
      business: this.business,
      field,
      path: formatPath(path),
      description,
      raw,
    };
  }
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

type Defined<T> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/**
 * The object without its undefined fields, so events compare and print cleanly (an
 * absent field, not `field: undefined`). The overload states what the loop does.
 */
export function defined<T extends object>(value: T): Defined<T>;
export function defined(value: object): object {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out;
}
