/**
 * Applying profile operations to a contact snapshot (Braze's `/users/track` semantics):
 * `set` with null deletes; `inc` treats a missing value as 0; `add` / `remove` keep arrays
 * unique. The host applies the same ops to the stored contact with the same function.
 */
import type { Contact, ContactOp } from './types.js';

export function applyContactOps(contact: Contact, ops: readonly ContactOp[]): Contact {
  // Object.assign, not a spread: V8 (Node 20) is ~10× slower adding keys to a spread copy.
  const attributes: Record<string, unknown> = Object.assign({}, contact.attributes);
  let subscriptions = contact.subscriptions;
  for (const op of ops) {
    switch (op.op) {
      case 'set':
        if (op.value === null) delete attributes[op.attribute];
        else attributes[op.attribute] = op.value;
        break;
      case 'inc': {
        const current = attributes[op.attribute];
        attributes[op.attribute] = (typeof current === 'number' ? current : 0) + op.by;
        break;
      }
      case 'add': {
        const current = attributes[op.attribute];
        const list = Array.isArray(current) ? [...(current as unknown[])] : [];
        for (const v of op.values) if (!list.includes(v)) list.push(v);
        attributes[op.attribute] = list;
        break;
      }
      case 'remove': {
        const current = attributes[op.attribute];
        if (Array.isArray(current))
          attributes[op.attribute] = current.filter((v) => !op.values.includes(v as string));
        break;
      }
      case 'unset':
        delete attributes[op.attribute];
        break;
      case 'subscription':
        subscriptions = Object.assign({}, subscriptions, { [op.number]: op.state });
        break;
      default:
        assertNever(op);
    }
  }
  return { ...contact, attributes, subscriptions };
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
