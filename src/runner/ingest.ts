/**
 * Ingest: inbound things become inbox rows, durably, before anyone answers 200. Each item
 * names the person by an address (resolved to a contact — created if new — in the same
 * transaction) or needs no person (delivery statuses). Duplicates (same dedupe key) are
 * recognized and reported, never stored twice.
 */
import type { Store } from '../store/open.js';
import type { ContactAddress } from '../store/repos/contact-rows.js';
import type { EnqueueResult, InboxEventInput } from '../store/repos/inbox.js';
import { GroupCommit, type GroupCommitOptions } from './group-commit.js';
import type { InboxPayload } from './inbox-events.js';
import { partitionOf } from './partitions.js';

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

  constructor(
    private readonly store: Store,
    private readonly onStored: () => void = () => {},
    options: GroupCommitOptions = {},
  ) {
    this.commit = new GroupCommit((items) => this.write(items), options);
  }

  submit(items: IngestItem[]): Promise<IngestResult[]> {
    return this.commit.submit(items);
  }

  drain(): Promise<void> {
    return this.commit.drain();
  }

  private async write(items: IngestItem[]): Promise<IngestResult[]> {
    const results = await this.store.transaction(async (tx) => {
      // Everyone named by an address is resolved in one batch (created if new).
      const wanted = items.filter((i) => i.contactId === undefined && i.address !== undefined);
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
      const contactIds = items.map((item) => item.contactId ?? byItem.get(item) ?? null);
      const rows: InboxEventInput[] = items.map((item, i) => ({
        dedupeKey: item.dedupeKey,
        partition: partitionOf(contactIds[i] ?? item.routingKey ?? item.dedupeKey),
        contactId: contactIds[i] ?? null,
        kind: item.payload.kind,
        payload: item.payload,
        ...(item.receivedAt !== undefined ? { receivedAt: item.receivedAt } : {}),
      }));
      const stored: EnqueueResult[] = await tx.inbox.enqueueMany(rows);
      return stored.map((s, i) => ({
        dedupeKey: s.dedupeKey,
        duplicate: s.duplicate,
        contactId: contactIds[i] ?? null,
      }));
    });
    this.onStored();
    return results;
  }
}
