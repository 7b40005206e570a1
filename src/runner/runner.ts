/**
 * The host loop. Loops share one process: `work` (inbox events and due timers → the engine
 * → one commit per batch), `dispatch` (the outbox → WhatsApp and webhooks), `leases` (which
 * partitions this worker owns; on SQLite that is all of them), and two that only the owner
 * of partition 0 runs: broadcast walks (broadcasts.ts) and housekeeping (housekeeping.ts).
 *
 * Stopping (SIGTERM) stops claiming, lets the batch in hand finish and commit, waits for
 * sends in flight to be recorded, and releases the leases so another worker takes over
 * at once.
 */
import { randomUUID } from 'node:crypto';
import { newId } from '../store/ids.js';
import type { Store } from '../store/open.js';
import { BatchSize } from './batch-size.js';
import { Catalog } from './catalog.js';
import type { ChannelSet } from './channels.js';
import { Dispatcher, emptyStats, type DispatchStats } from './dispatcher.js';
import { Ingest } from './ingest.js';
import { ALL_PARTITIONS } from './partitions.js';
import { PartitionShare } from './partition-share.js';
import { processBatch } from './process-batch.js';
import { BroadcastLoop, type BroadcastWalker } from './broadcasts.js';
import {
  DEFAULT_RETENTION,
  housekeepingLoop,
  type Pruned,
  type Retention,
} from './housekeeping.js';
import { eventLoopTurn } from '../store/event-loop.js';
import { errorText, type LoopHost } from './loop-host.js';
import { OrphanStatuses } from './orphan-statuses.js';
import { ensureScheduleTimers, fireSchedule, SCHEDULE_KIND } from './schedules.js';

export interface RunnerOptions {
  store: Store;
  channels: ChannelSet;
  defaultNumber: string;
  /** Unique per process; leases and claims carry it. */
  owner?: string;
  /** Several workers share partitions through leases (Postgres). */
  multiWorker?: boolean;
  keywordIntent?: (number: string, text: string) => 'subscribe' | 'unsubscribe' | undefined;
  now?: () => number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** How often idle loops look for work that another process created (ms). */
  pollMs?: number;
  batchSize?: number;
  /** Walks broadcast jobs: the API's audience filters and what each kind queues per page. */
  broadcasts?: BroadcastWalker;
  /** How long finished work is kept (housekeeping.ts); DEFAULT_RETENTION where unset. */
  retention?: Partial<Retention>;
  /** How often housekeeping runs (tests shorten it). */
  housekeepingEveryMs?: number;
}

/** A dead worker's partitions are free after this; with the renewal period, taken over within 8 s. */
const LEASE_TTL_MS = 6_000;
/** Inbox claims outlive any batch; a dead owner's are released when its partitions are taken over. */
const CLAIM_TTL_MS = 30_000;
/** A claimed timer is due again after this if its batch never commits (a crash): at most this late. */
const TIMER_CLAIM_TTL_MS = 5_000;
const LEASE_RENEW_MS = 2_000;
/** Effects claimed at once by the dispatcher; answers are gathered this long before a record. */
const DISPATCH_BATCH = 500;
const ANSWER_GATHER_MS = 5;

export class Runner {
  readonly ingest: Ingest;
  readonly catalog: Catalog;
  readonly dispatcher: Dispatcher;
  readonly owner: string;
  /** With other workers: the partitions this one works (partition-share.ts). */
  private readonly share: PartitionShare | undefined;
  private running = false;
  private wake: (() => void) | null = null;
  private dispatchWake: (() => void) | null = null;
  /** Every loop's sleep in progress: stopping ends them all at once. */
  private readonly sleepers = new Set<() => void>();
  private readonly host: LoopHost;
  private readonly broadcasts: BroadcastLoop;
  private loops: Array<Promise<void>> = [];
  private schedulesCheckedAt = 0;
  private readonly batchSize: BatchSize;
  private readonly orphans: OrphanStatuses;
  private readonly now: () => number;
  private readonly log: NonNullable<RunnerOptions['log']>;
  /** Counters for /metrics. */
  readonly counters = {
    events: 0,
    timers: 0,
    batches: 0,
    sends: 0,
    sendFailures: 0,
    ambiguous: 0,
    /** Sends of cancelled broadcasts the dispatcher withdrew instead of sending. */
    sendsWithdrawn: 0,
    timerLagMs: 0,
    /** Rows housekeeping deleted, by what they were. */
    pruned: { inbox: 0, outbox: 0, broadcasts: 0, sessions: 0, journeys: 0 } satisfies Pruned,
  };

  constructor(private readonly options: RunnerOptions) {
    this.owner = options.owner ?? `worker-${randomUUID().slice(0, 8)}`;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
    this.share = options.multiWorker
      ? new PartitionShare({
          store: options.store,
          owner: this.owner,
          now: this.now,
          leaseTtlMs: LEASE_TTL_MS,
          takeOver: (partitions) => this.takeOver(partitions),
        })
      : undefined;
    this.batchSize = new BatchSize(options.batchSize ?? 500);
    this.orphans = new OrphanStatuses(options.store, this.now, this.log);
    this.catalog = new Catalog(options.store, this.now);
    this.ingest = new Ingest(options.store, () => this.notify(), { now: this.now });
    this.dispatcher = new Dispatcher({
      store: options.store,
      channels: options.channels,
      ingest: this.ingest,
      owner: this.owner,
      now: this.now,
      random: Math.random,
      partitions: () => this.partitions,
      claims: options.store.capabilities.multiWorker && options.multiWorker === true,
      log: this.log,
    });
    this.host = {
      running: () => this.running,
      ownsFirstPartition: () => this.partitions.includes(0),
      idle: (ms, setWake) => this.idle(ms, setWake),
      log: this.log,
    };
    this.broadcasts = new BroadcastLoop(options.store, options.broadcasts, this.host, this.pollMs);
  }

  private get pollMs(): number {
    return this.options.pollMs ?? 250;
  }

  get ownedPartitions(): readonly number[] {
    return this.partitions;
  }

  /** Alone, every partition; with other workers, our share of them. */
  private get partitions(): readonly number[] {
    return this.share ? this.share.partitions : ALL_PARTITIONS;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    // Alone, this process owns everything: whatever is claimed or in flight belongs to a
    // previous life of it. With workers, takeOver() does the same for each partition gained.
    if (this.options.multiWorker) await this.renewLeases();
    else await this.takeOver(ALL_PARTITIONS);
    this.loops = [
      this.workLoop(),
      this.dispatchLoop(),
      this.broadcasts.run(),
      housekeepingLoop(
        this.options.store,
        { ...DEFAULT_RETENTION, ...this.options.retention },
        this.host,
        this.now,
        (pruned) => {
          for (const [what, n] of Object.entries(pruned) as Array<[keyof Pruned, number]>)
            this.counters.pruned[what] += n;
        },
        this.options.housekeepingEveryMs,
      ),
      ...(this.options.multiWorker ? [this.leaseLoop()] : []),
    ];
  }

  /** Stops claiming, finishes what is in hand, releases leases. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const wake of [...this.sleepers]) wake();
    await Promise.all(this.loops);
    await this.ingest.drain();
    if (this.options.multiWorker) await this.options.store.leases.release(this.owner);
  }

  /** New work exists (ingest stored events, a publish happened…). */
  notify(): void {
    this.wake?.();
    this.dispatchWake?.();
    this.broadcasts.wake();
  }

  /** Runs work and dispatch until nothing is due now (tests, and `riposte test`-like drains). */
  async settle(maxRounds = 1000): Promise<void> {
    await this.ingest.drain();
    for (let i = 0; i < maxRounds; i++) {
      const walked = (await this.broadcasts.walk()) === 'walked';
      await this.ingest.drain();
      const worked = await this.workOnce();
      const dispatched = await this.dispatcher.runOnce();
      const answered = await this.dispatcher.drain();
      const recorded = answered.sent + answered.failed + answered.retried + answered.ambiguous;
      if (!walked && worked === 0 && dispatched.claimed === 0 && recorded === 0) return;
    }
  }

  /** One batch; returns how many inputs it handled. */
  async workOnce(): Promise<number> {
    const { store } = this.options;
    const limit = this.batchSize.limit;
    // With several workers, claims keep them apart. Alone, reading is enough: nobody else
    // takes the work, and the batch's commit completes it (a crash leaves it pending).
    const claims = store.capabilities.multiWorker && this.options.multiWorker;
    const lease = { owner: this.owner, now: this.now(), ttlMs: CLAIM_TTL_MS };
    const [events, claimedTimers] = await Promise.all([
      claims
        ? store.inbox.claim(this.partitions, limit, lease)
        : store.inbox.pending(this.partitions, limit, this.now()),
      claims
        ? store.timers.claimDue(this.now(), this.partitions, limit, TIMER_CLAIM_TTL_MS)
        : store.timers.due(this.now(), this.partitions, this.options.batchSize ?? 500),
    ]);
    // Timers alone go in full batches (a million windows closing at once is a throughput
    // job); with people's events waiting they take the event-sized batch, and what is left
    // stays due for the next one (read, not claimed, so nothing is held).
    let timers = claims || events.length === 0 ? claimedTimers : claimedTimers.slice(0, limit);
    if (events.length === 0 && timers.length === 0) {
      await this.checkSchedules();
      return 0;
    }
    // Scheduled entries are not a person's input: they fire here and feed the inbox.
    const schedules = timers.filter((t) => t.kind === SCHEDULE_KIND);
    if (schedules.length > 0) {
      const live = await this.catalog.liveCanvases();
      for (const t of schedules) {
        const entered = await fireSchedule(store, this.ingest, t, live);
        this.log('schedule fired', { key: t.key, entered });
      }
      timers = timers.filter((t) => t.kind !== SCHEDULE_KIND);
      if (events.length === 0 && timers.length === 0) return schedules.length;
    }
    const started = performance.now();
    try {
      const result = await processBatch(
        {
          store,
          catalog: this.catalog,
          now: this.now,
          // Time-ordered ids: journeys that start together are stored together.
          newId: () => newId(),
          defaultNumber: this.options.defaultNumber,
          ...(this.options.keywordIntent ? { keywordIntent: this.options.keywordIntent } : {}),
        },
        { events, timers },
      );
      await this.orphans.handle(events, result.orphanStatuses);
      this.counters.events += result.events;
      this.counters.timers += result.timers;
      this.counters.batches++;
      // Sized by batches that carried people's events: those are what replies wait behind.
      if (events.length > 0)
        this.batchSize.adapt(events.length + timers.length, performance.now() - started);
      for (const t of timers) this.counters.timerLagMs = Math.max(0, this.now() - t.dueAt);
      this.dispatchWake?.();
      return events.length + timers.length;
    } catch (error) {
      // Nothing of the batch was stored; give the events back and try again.
      this.log('batch failed; retrying', {
        error: errorText(error),
      });
      await store.inbox.release(events.map((e) => e.id)).catch(() => {});
      await sleep(100);
      return 0;
    }
  }

  /** At most once a second: every live scheduled canvas has its timer. */
  private async checkSchedules(): Promise<void> {
    if (this.now() - this.schedulesCheckedAt < 1000) return;
    this.schedulesCheckedAt = this.now();
    await ensureScheduleTimers(this.options.store, await this.catalog.liveCanvases(), this.now());
  }

  private async workLoop(): Promise<void> {
    while (this.running) {
      const handled = await this.workOnce().catch((error: unknown) => {
        this.log('work loop error', {
          error: errorText(error),
        });
        return 0;
      });
      if (handled > 0) {
        // A turn of the event loop first: on SQLite every query resolves at once, so a backlog
        // (a broadcast's entries) held the loop until worked and sends missed their slots
        // (bench:entries, 500/s: 428–434 sends/s without the turn, 492–494/s with it).
        await eventLoopTurn();
        continue;
      }
      const nextTimer = await this.options.store.timers
        .nextDueAt(this.partitions)
        .catch(() => undefined);
      const untilTimer = nextTimer === undefined ? Infinity : Math.max(0, nextTimer - this.now());
      await this.idle(Math.min(untilTimer, this.pollMs), (w) => (this.wake = w));
    }
  }

  private async dispatchLoop(): Promise<void> {
    // Answers arriving wake the loop: they are recorded, and those people's next effects and
    // whatever else is due are claimed. Wakes are gathered over a few ms — one record and one
    // claim for many answers, not a commit and a claim per answer.
    let gathering: NodeJS.Timeout | undefined;
    this.dispatcher.onSettled = () => {
      gathering ??= setTimeout(() => {
        gathering = undefined;
        this.dispatchWake?.();
      }, ANSWER_GATHER_MS);
    };
    const count = (stats: DispatchStats) => {
      this.counters.sends += stats.sent;
      this.counters.sendFailures += stats.failed;
      this.counters.ambiguous += stats.ambiguous;
      this.counters.sendsWithdrawn += stats.withdrawn;
    };
    const failed = (error: unknown) => {
      this.log('dispatch loop error', {
        error: errorText(error),
      });
      return emptyStats();
    };
    while (this.running) {
      let ok = true;
      const stats = await this.dispatcher.runOnce(DISPATCH_BATCH).catch((error: unknown) => {
        ok = false;
        return failed(error);
      });
      count(stats);
      // A full claim: more is due right now, go again at once (not after an error). Else
      // wait for new work (the runner's notify), gathered answers, or the poll.
      if (ok && stats.claimed >= DISPATCH_BATCH && stats.claimed > stats.retried) continue;
      await this.idle(this.pollMs, (w) => (this.dispatchWake = w));
    }
    // Stopping: the requests out are answered (or time out) and recorded before we go.
    if (gathering) clearTimeout(gathering);
    count(await this.dispatcher.drain().catch(failed));
  }

  private async leaseLoop(): Promise<void> {
    while (this.running) {
      await this.idle(LEASE_RENEW_MS, () => {});
      if (!this.running) break;
      await this.renewLeases().catch((error: unknown) =>
        this.log('lease renewal failed', { error: String(error) }),
      );
    }
  }

  /** Our share of the partitions, renewed (partition-share.ts). */
  private async renewLeases(): Promise<void> {
    if (!this.share) return;
    const gained = await this.share.renew();
    this.options.channels.setWorkerCount(this.share.workers);
    if (gained.length > 0) this.notify();
  }

  /**
   * Partitions whose previous owner is gone (a crash, or this process restarting): its
   * inbox claims go back to pending, and its sends in flight become ambiguous — they may
   * have reached Meta, so they are counted and reported, never repeated.
   */
  private async takeOver(partitions: readonly number[]): Promise<void> {
    const { store } = this.options;
    await store.inbox.releasePartitions(partitions);
    const recovered = await store.outbox.recoverInFlight({ now: this.now(), partitions });
    this.counters.ambiguous += recovered.length;
    if (recovered.length > 0)
      this.log('sends in flight at a crash are ambiguous', { count: recovered.length });
  }

  private idle(ms: number, setWake: (wake: (() => void) | null) => void): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, Number.isFinite(ms) ? ms : 1000);
      const sleepers = this.sleepers;
      function done() {
        clearTimeout(timer);
        setWake(null);
        sleepers.delete(done);
        resolve();
      }
      sleepers.add(done);
      setWake(done);
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
