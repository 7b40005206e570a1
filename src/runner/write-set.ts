/**
 * Everything one batch of work changes, collected in memory and committed in ONE
 * transaction: journey state, history, sends and webhook calls to perform, timers,
 * analytics counters, profile changes, and the inbox events and timers consumed. Either
 * all of it is stored or none of it is, which is what makes a crash harmless.
 */
import type { ContactOp } from '../engine/types.js';
import type { JourneyWrite } from '../store/repos/journeys.js';
import type { Repositories } from '../store/repositories.js';
import type { OutboxInput } from '../store/repos/outbox.js';
import type { TimerInput } from '../store/repos/timers.js';
import type { MetricIncrement } from '../store/repos/metrics.js';
import type { StepTakenRecord } from '../store/repos/history.js';
import type { EntryMade } from '../store/repos/entries.js';
import type { MessageInput } from '../store/repos/message-log.js';
import type { ContactEvent } from '../store/repos/events.js';

export class WriteSet {
  /** Final state per journey, with the row version it was loaded at (0 = new). */
  readonly journeys = new Map<string, JourneyWrite & { branch: string | null }>();
  readonly history: StepTakenRecord[] = [];
  readonly outbox: OutboxInput[] = [];
  readonly messages: MessageInput[] = [];
  readonly taps: Array<{ wamid: string; button: number }> = [];
  readonly timersSet = new Map<string, TimerInput>();
  readonly timersDeleted = new Set<string>();
  readonly metrics: MetricIncrement[] = [];
  readonly contactOps = new Map<string, ContactOp[]>();
  readonly timeZones = new Map<string, string>();
  readonly lastInbound: Array<{ contactId: string; number: string; at: number }> = [];
  readonly entries: EntryMade[] = [];
  readonly events: ContactEvent[] = [];
  readonly inboxDone: number[] = [];

  setTimer(timer: TimerInput): void {
    this.timersDeleted.delete(timer.key);
    this.timersSet.set(timer.key, timer);
  }

  deleteTimer(key: string): void {
    this.timersSet.delete(key);
    this.timersDeleted.add(key);
  }

  addOps(contactId: string, ops: readonly ContactOp[]): void {
    if (ops.length === 0) return;
    const list = this.contactOps.get(contactId) ?? [];
    list.push(...ops);
    this.contactOps.set(contactId, list);
  }

  get size(): number {
    return (
      this.journeys.size + this.outbox.length + this.inboxDone.length + this.timersDeleted.size
    );
  }

  async commit(tx: Repositories): Promise<void> {
    if (this.journeys.size > 0) {
      await tx.journeys.upsertMany([...this.journeys.values()]);
    }
    if (this.contactOps.size > 0) await tx.contacts.applyOpsMany(this.contactOps);
    for (const [contactId, timeZone] of this.timeZones)
      await tx.contacts.update(contactId, { timeZone });
    if (this.lastInbound.length > 0) await tx.contacts.numbers.setLastInbound(this.lastInbound);
    if (this.history.length > 0) await tx.history.appendMany(this.history);
    if (this.outbox.length > 0) await tx.outbox.insertMany(this.outbox);
    if (this.messages.length > 0) await tx.messages.recordMany(this.messages);
    for (const tap of this.taps) await tx.messages.markTapped(tap.wamid, tap.button);
    if (this.timersDeleted.size > 0) await tx.timers.deleteMany([...this.timersDeleted]);
    if (this.timersSet.size > 0) await tx.timers.upsertMany([...this.timersSet.values()]);
    if (this.metrics.length > 0) await tx.metrics.incrementMany(this.metrics);
    if (this.entries.length > 0) await tx.entries.recordMany(this.entries);
    if (this.events.length > 0) await tx.events.appendMany(this.events);
    if (this.inboxDone.length > 0) await tx.inbox.complete(this.inboxDone);
  }
}
