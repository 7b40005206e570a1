/**
 * Ingest: inbound things become inbox rows, durably, before anyone answers 200. Each item
 * names the person by an address (resolved to a contact — created if new — in the same
 * transaction) or needs no person (delivery statuses). Duplicates (same dedupe key) are
 * recognized and reported, never stored twice.
 *
 * Delivery statuses are applied here, in the same transaction, and not stored. Applying one
 * is idempotent — a status not ahead of the stored one changes and counts nothing — so a
 * redelivery needs no dedupe key: Meta's two or three statuses per message would otherwise
 * be most of the inbox's rows, kept eight days for nothing, and the runner never reads them.
 * A status for a send not known yet is stored pending, and the runner tries it again.
 */
import type { Store } from '../store/open.js';
import type { ContactAddress } from '../store/repos/contact-rows.js';
import type { EnqueueResult, InboxEventInput } from '../store/repos/inbox.js';
import { GroupCommit, type GroupCommitOptions } from './group-commit.js';
import type { InboxPayload } from './inbox-events.js';
import { partitionOf } from './partitions.js';
import { applyStatusPayloads } from './status-events.js';

export interface IngestItem {
  dedupeKey: string;
  payload: InboxPayload;
  /** Who it is about; absent for statuses (routed by `routingKey`). */
  address?: ContactAddress;
  /** An already-known contact (API calls that resolved it first). */
  contactId?: string;
  profileName?: string;
  /** For items with no person: spreads them over partitions (a status's wamid). */
  routingKey?: string;
  receivedAt?: number;
}

export interface IngestResult {
  dedupeKey: string;
  duplicate: boolean;
  contactId: string | null;
}

export class Ingest {
  private readonly commit: GroupCommit<IngestItem, IngestResult>;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    /** Called after a write that left work for the runner. */
    private readonly onStored: () => void = () => {},
    options: GroupCommitOptions & { now?: () => number } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.commit = new GroupCommit((items) => this.write(items), options);
  }

  submit(items: IngestItem[]): Promise<IngestResult[]> {
    return this.commit.submit(items);
  }

  drain(): Promise<void> {
    return this.commit.drain();
  }

  private async write(items: IngestItem[]): Promise<IngestResult[]> {
    let leftWork = false;
    const results = await this.store.transaction(async (tx) => {
      const statuses = items.flatMap((i) => (i.payload.kind === 'wa.status' ? [i.payload] : []));
      const applied = await applyStatusPayloads(tx, statuses, this.now());
      if (applied.metrics.length > 0) await tx.metrics.incrementMany(applied.metrics);
      const handled = (item: IngestItem) =>
        item.payload.kind === 'wa.status' && !applied.unknown.has(item.payload.wamid);
      const stored = items.filter((item) => !handled(item));
      // Everyone named by an address is resolved in one batch (created if new).
      const wanted = stored.filter((i) => i.contactId === undefined && i.address !== undefined);
      const resolved =
        wanted.length === 0
          ? []
          : await tx.contacts.resolveManyIds(
              wanted.map((i) => ({
                address: i.address ?? {},
                ...(i.profileName !== undefined ? { profileName: i.profileName } : {}),
              })),
            );
      const byItem = new Map(wanted.map((item, i) => [item, resolved[i]?.id ?? null]));
      const contactIds = stored.map((item) => item.contactId ?? byItem.get(item) ?? null);
      const rows: InboxEventInput[] = stored.map((item, i) => ({
        dedupeKey: item.dedupeKey,
        partition: partitionOf(contactIds[i] ?? item.routingKey ?? item.dedupeKey),
        contactId: contactIds[i] ?? null,
        kind: item.payload.kind,
        payload: item.payload,
        ...(item.receivedAt !== undefined ? { receivedAt: item.receivedAt } : {}),
      }));
      const enqueued: EnqueueResult[] = await tx.inbox.enqueueMany(rows);
      leftWork = enqueued.some((s) => !s.duplicate);
      // `stored` keeps the order of `items`: its results come back in turn.
      let next = 0;
      return items.map((item): IngestResult => {
        if (item.payload.kind === 'wa.status' && handled(item)) {
          return {
            dedupeKey: item.dedupeKey,
            duplicate: !applied.moved(item.payload),
            contactId: null,
          };
        }
        const i = next++;
        return {
          dedupeKey: enqueued[i]?.dedupeKey ?? item.dedupeKey,
          duplicate: enqueued[i]?.duplicate ?? false,
          contactId: contactIds[i] ?? null,
        };
      });
    });
    if (leftWork) this.onStored();
    return results;
  }
}
