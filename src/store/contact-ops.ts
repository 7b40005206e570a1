/**
 * `ContactOp[]` applied to a profile, with Braze's semantics. Pure: the repository reads
 * the row, calls this, and writes the result in one transaction.
 *
 * - `set` replaces a value; setting `null` deletes the attribute (Braze: null removes).
 * - `inc` adds to a number; a missing or non-numeric value counts as 0.
 * - `add` appends the values not already present (arrays keep uniqueness); a missing or
 *   non-array value starts a new array.
 * - `remove` drops every occurrence of the values; the array stays (possibly empty).
 * - `unset` deletes the attribute.
 * - `subscription` sets the state on one business number.
 *
 * These are the engine's semantics (src/engine/contact-ops.ts applies the same ops to its
 * snapshot); the two must agree or the profile the engine saw differs from the stored one.
 */
import type { ContactOp, SubscriptionState } from '../engine/types.js';
import { StoreInputError } from './errors.js';

export interface OpsOutcome {
  attributes: Record<string, unknown>;
  /** Subscription states set, by business number, in op order (last one wins). */
  subscriptions: Map<string, SubscriptionState>;
}

export function applyContactOps(
  current: Record<string, unknown>,
  ops: readonly ContactOp[],
): OpsOutcome {
  const attributes: Record<string, unknown> = { ...current };
  const subscriptions = new Map<string, SubscriptionState>();
  for (const op of ops) {
    switch (op.op) {
      case 'set':
        if (op.value === null) {
          delete attributes[op.attribute];
        } else {
          attributes[op.attribute] = op.value;
        }
        break;
      case 'inc': {
        const current = attributes[op.attribute];
        attributes[op.attribute] = (typeof current === 'number' ? current : 0) + op.by;
        break;
      }
      case 'add': {
        const current = attributes[op.attribute];
        const list = Array.isArray(current) ? [...current] : [];
        for (const value of op.values) if (!list.includes(value)) list.push(value);
        attributes[op.attribute] = list;
        break;
      }
      case 'remove': {
        const current = attributes[op.attribute];
        if (Array.isArray(current)) {
          attributes[op.attribute] = current.filter((value) => !op.values.includes(value));
        }
        break;
      }
      case 'unset':
        delete attributes[op.attribute];
        break;
      case 'subscription':
        subscriptions.set(op.number, op.state);
        break;
      default:
        assertNever(op);
    }
  }
  return { attributes, subscriptions };
}

/** Ops come from the engine or the API; a malformed one is refused before any write. */
export function checkContactOps(ops: readonly ContactOp[]): void {
  ops.forEach((op, index) => {
    const where = `ops[${index}]`;
    if (op.op === 'subscription') {
      if (op.number === '') throw new StoreInputError(`${where}: subscription needs a number`);
      if (op.state !== 'subscribed' && op.state !== 'unsubscribed') {
        throw new StoreInputError(
          `${where}: subscription state must be subscribed or unsubscribed`,
        );
      }
      return;
    }
    if (typeof op.attribute !== 'string' || op.attribute === '') {
      throw new StoreInputError(`${where}: ${op.op} needs an attribute name`);
    }
    if (op.op === 'inc' && !Number.isFinite(op.by)) {
      throw new StoreInputError(`${where}: inc "${op.attribute}" needs a finite number`);
    }
  });
}

function assertNever(value: never): never {
  throw new StoreInputError(`unknown contact op ${JSON.stringify(value)}`);
}
