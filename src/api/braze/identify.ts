/**
 * Which person a Braze object names (reference §4c): `external_id`, `braze_id` (our
 * contact id), a `user_alias` (only the `phone` label Braze gives unknown WhatsApp
 * senders), or a bare `phone`. Email is not an address here.
 */
import type { ContactAddress } from '../../store/repos/contact-rows.js';
import type { Store } from '../../store/open.js';
import { isRecord } from './attributes.js';
import { toE164 } from './phone.js';

export type Who = { address: ContactAddress } | { contactId: string };

export type Identified =
  { ok: true; who: Who; updateExistingOnly: boolean } | { ok: false; problem: string };

const NO_ID = "'external_id' or 'braze_id' or 'user_alias' or 'phone' is required";

export function identify(object: Record<string, unknown>): Identified {
  const flag = object._update_existing_only;
  const explicit = typeof flag === 'boolean' ? flag : undefined;
  if (object.external_id !== undefined) {
    if (typeof object.external_id !== 'string' || object.external_id === '')
      return { ok: false, problem: 'external_id must be a non-empty string' };
    const address: ContactAddress = { externalId: object.external_id };
    const phone = typeof object.phone === 'string' ? toE164(object.phone) : undefined;
    if (phone !== undefined) address.phone = phone;
    return { ok: true, who: { address }, updateExistingOnly: explicit ?? false };
  }
  if (object.braze_id !== undefined) {
    if (typeof object.braze_id !== 'string' || object.braze_id === '')
      return { ok: false, problem: 'braze_id must be a non-empty string' };
    return { ok: true, who: { contactId: object.braze_id }, updateExistingOnly: true };
  }
  if (object.user_alias !== undefined) {
    const alias = object.user_alias;
    if (!isRecord(alias) || typeof alias.alias_name !== 'string')
      return { ok: false, problem: 'user_alias needs alias_name and alias_label' };
    if (alias.alias_label !== 'phone')
      return { ok: false, problem: 'only user aliases labelled "phone" are supported' };
    const phone = toE164(alias.alias_name);
    if (phone === undefined) return { ok: false, problem: 'Invalid phone number in user_alias' };
    // Braze: "update only" is the default for aliases.
    return { ok: true, who: { address: { phone } }, updateExistingOnly: explicit ?? true };
  }
  if (object.phone !== undefined) {
    const phone = typeof object.phone === 'string' ? toE164(object.phone) : undefined;
    if (phone === undefined) return { ok: false, problem: 'Invalid phone number' };
    return { ok: true, who: { address: { phone } }, updateExistingOnly: explicit ?? false };
  }
  if (object.email !== undefined)
    return { ok: false, problem: 'email identifiers are not supported; use external_id or phone' };
  return { ok: false, problem: NO_ID };
}

/** The contact id if the person exists. */
export async function existingContact(store: Store, who: Who): Promise<string | undefined> {
  if ('contactId' in who) return (await store.contacts.get(who.contactId))?.id;
  return (await store.contacts.find(who.address))?.id;
}

/**
 * The contact id of each person who exists, in input order: one query per address kind
 * (a 50-recipient trigger costs two reads, not fifty).
 */
export async function existingContacts(
  store: Store,
  whos: readonly Who[],
): Promise<Array<string | undefined>> {
  const externalIds = new Set<string>();
  const phones = new Set<string>();
  const ids = new Set<string>();
  for (const who of whos) {
    if ('contactId' in who) ids.add(who.contactId);
    else if (who.address.externalId !== undefined) externalIds.add(who.address.externalId);
    else if (who.address.phone !== undefined) phones.add(who.address.phone);
  }
  const byExternal = new Map<string, string>();
  const byPhone = new Map<string, string>();
  const known = new Set<string>();
  if (externalIds.size > 0)
    for (const row of await store.db
      .selectFrom('contacts')
      .select(['id', 'external_id'])
      .where('external_id', 'in', [...externalIds])
      .execute())
      if (row.external_id !== null) byExternal.set(row.external_id, row.id);
  if (phones.size > 0)
    for (const row of await store.db
      .selectFrom('contacts')
      .select(['id', 'phone'])
      .where('phone', 'in', [...phones])
      .execute())
      if (row.phone !== null) byPhone.set(row.phone, row.id);
  if (ids.size > 0)
    for (const row of await store.db
      .selectFrom('contacts')
      .select('id')
      .where('id', 'in', [...ids])
      .execute())
      known.add(row.id);
  return whos.map((who) => {
    if ('contactId' in who) return known.has(who.contactId) ? who.contactId : undefined;
    if (who.address.externalId !== undefined) return byExternal.get(who.address.externalId);
    return who.address.phone !== undefined ? byPhone.get(who.address.phone) : undefined;
  });
}
