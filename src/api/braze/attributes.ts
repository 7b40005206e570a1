/**
 * A Braze user attributes object (reference §4c) as profile operations: standard fields
 * and custom attributes become `set` ops (`null` deletes), `{inc}` / `{add}` / `{remove}`
 * become their ops, `subscription_groups` become subscription states per business number,
 * `phone` becomes the E.164 address and `time_zone` the contact's zone. Problems with one
 * field are reported and the rest of the object still applies, as Braze does.
 */
import type { ContactOp } from '../../engine/types.js';
import { toE164 } from './phone.js';

/** Fields that name the person rather than describe them. */
export const IDENTIFIER_FIELDS = [
  'external_id',
  'braze_id',
  'user_alias',
  '_update_existing_only',
  'update_existing_only',
] as const;

/** Braze: custom attribute names are at most 255 characters and do not start with `$`. */
const MAX_NAME = 255;
const GENDERS = ['M', 'F', 'O', 'N', 'P', 'm', 'f', 'o', 'n', 'p'];

export interface ProfileChange {
  ops: ContactOp[];
  timeZone?: string;
  phone?: string;
  problems: string[];
}

export function attributesToChange(
  attributes: Record<string, unknown>,
  knownNumbers: readonly string[],
): ProfileChange {
  const change: ProfileChange = { ops: [], problems: [] };
  for (const [name, value] of Object.entries(attributes)) {
    if ((IDENTIFIER_FIELDS as readonly string[]).includes(name)) continue;
    switch (name) {
      case 'phone':
        if (value === null) break;
        if (typeof value !== 'string' || toE164(value) === undefined) {
          change.problems.push(`Invalid phone number: ${JSON.stringify(value)}`);
        } else {
          change.phone = toE164(value);
        }
        break;
      case 'time_zone':
        if (typeof value === 'string' && isTimeZone(value)) change.timeZone = value;
        else change.problems.push(`Invalid time_zone: ${JSON.stringify(value)} (an IANA zone)`);
        break;
      case 'subscription_groups':
        subscriptionOps(value, knownNumbers, change);
        break;
      case 'dob':
        if (value !== null && (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)))
          change.problems.push('Invalid dob: use "YYYY-MM-DD"');
        else change.ops.push({ op: 'set', attribute: name, value });
        break;
      case 'gender':
        if (value !== null && (typeof value !== 'string' || !GENDERS.includes(value)))
          change.problems.push('Invalid gender: one of M, F, O, N, P');
        else
          change.ops.push({
            op: 'set',
            attribute: name,
            value: typeof value === 'string' ? value.toUpperCase() : null,
          });
        break;
      default:
        customOp(name, value, change);
    }
  }
  return change;
}

function customOp(name: string, value: unknown, change: ProfileChange): void {
  if (name.length > MAX_NAME || name.startsWith('$') || name === '') {
    change.problems.push(`Invalid attribute name "${name.slice(0, 40)}"`);
    return;
  }
  if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'inc') {
      if (typeof value.inc !== 'number' || !Number.isFinite(value.inc))
        change.problems.push(`"${name}": inc needs a number`);
      else change.ops.push({ op: 'inc', attribute: name, by: value.inc });
      return;
    }
    if (keys.length === 1 && (keys[0] === 'add' || keys[0] === 'remove')) {
      const list = keys[0] === 'add' ? value.add : value.remove;
      if (
        !Array.isArray(list) ||
        !list.every((v) => typeof v === 'string' || typeof v === 'number')
      )
        change.problems.push(`"${name}": ${keys[0]} needs a list of strings or numbers`);
      else change.ops.push({ op: keys[0], attribute: name, values: list });
      return;
    }
  }
  change.ops.push({ op: 'set', attribute: name, value: value ?? null });
}

function subscriptionOps(value: unknown, known: readonly string[], change: ProfileChange): void {
  if (!Array.isArray(value)) {
    change.problems.push('subscription_groups must be a list');
    return;
  }
  for (const group of value) {
    const id = isRecord(group) ? group.subscription_group_id : undefined;
    const state = isRecord(group) ? group.subscription_state : undefined;
    if (typeof id !== 'string' || !known.includes(id)) {
      change.problems.push(`Invalid subscription_group_id: ${JSON.stringify(id)}`);
    } else if (state !== 'subscribed' && state !== 'unsubscribed') {
      change.problems.push(`Invalid subscription_state: ${JSON.stringify(state)}`);
    } else {
      change.ops.push({ op: 'subscription', number: id, state });
    }
  }
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
