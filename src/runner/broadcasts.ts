/**
 * Walking broadcast jobs (store/repos/broadcasts.ts): a page of contacts at a time, those
 * the audience matches are handed to the job's kind (canvas entries into the inbox, or
 * messages into the outbox), then the job's cursor moves past the page. The page is
 * durable before the cursor moves, so a process that dies between the two leaves a page
 * that the next walk hands over again — under the same idempotency keys, so nobody gets
 * it twice — and never a page that nobody handed over.
 */
import type { Store } from '../store/open.js';
import type { BroadcastJob } from '../store/repos/broadcasts.js';
import type { ContactRecord } from '../store/repos/contact-rows.js';
import { errorText, type LoopHost } from './loop-host.js';

/** Compiles a stored audience filter, with relative dates counted from `at`. */
export type AudienceMatcher = (
  audience: unknown,
  at: number,
) => (contact: ContactRecord) => boolean;

/**
 * Makes a page of a job durable for these people (their inbox events or outbox rows, keyed
 * by the job and the person) and returns how many it queued. Supplied by the API layer,
 * which knows the kinds' payloads.
 */
export type BroadcastHandler = (job: BroadcastJob, people: ContactRecord[]) => Promise<number>;

export interface BroadcastWalker {
  match: AudienceMatcher;
  handle: BroadcastHandler;
}

/** Contacts read per page; the runner keeps at most four pages' entries waiting in the inbox. */
export const BROADCAST_PAGE = 500;

/** Walks one page of `job`: how many people it queued, and whether that was the last page. */
export async function walkBroadcastPage(
  store: Store,
  walker: BroadcastWalker,
  job: BroadcastJob,
): Promise<{ queued: number; finished: boolean }> {
  const page = await store.contacts.search('', {
    limit: BROADCAST_PAGE,
    ...(job.cursor !== null ? { after: job.cursor } : {}),
  });
  const wanted =
    job.audience === undefined ? undefined : walker.match(job.audience, job.audienceAt);
  const matched = wanted ? page.contacts.filter(wanted) : page.contacts;
  const queued = matched.length > 0 ? await walker.handle(job, matched) : 0;
  const moved = await store.broadcasts.advance(job.id, job.cursor, page.next, queued);
  return { queued, finished: moved && page.next === undefined };
}

/**
 * Broadcast jobs are walked by the owner of partition 0 — alone, this process; with
 * workers, one of them at a time, and whoever takes the partition over carries on from
 * the job's cursor. A page is walked only while the inbox holds fewer than four pages of
 * waiting events: entries flow as fast as the runner takes them, and replies never queue
 * behind a million entries.
 */
export class BroadcastLoop {
  private wakeUp: (() => void) | null = null;

  constructor(
    private readonly store: Store,
    private readonly walker: BroadcastWalker | undefined,
    private readonly host: LoopHost,
    private readonly pollMs: number,
  ) {}

  /** A job may have been stored. */
  wake(): void {
    this.wakeUp?.();
  }

  async run(): Promise<void> {
    while (this.host.running()) {
      let next = this.pollMs;
      try {
        const walk = await this.walk(4 * BROADCAST_PAGE);
        if (walk === 'walked') continue;
        if (walk === 'waiting') next = 20;
      } catch (error) {
        this.host.log('broadcast loop error', { error: errorText(error) });
        next = 1000;
      }
      await this.host.idle(next, (w) => (this.wakeUp = w));
    }
  }

  /**
   * One page of the oldest running job, if this process walks them: `none` when there is
   * nothing to walk, `waiting` while the inbox holds `inboxLimit` events or more (counted
   * only when a job is there, so a busy runner without jobs pays nothing for it).
   */
  async walk(inboxLimit = Infinity): Promise<'walked' | 'waiting' | 'none'> {
    if (this.walker === undefined || !this.host.ownsFirstPartition()) return 'none';
    const [job] = await this.store.broadcasts.running(1);
    if (job === undefined) return 'none';
    if (Number.isFinite(inboxLimit) && (await this.store.inbox.backlog()) >= inboxLimit)
      return 'waiting';
    const page = await walkBroadcastPage(this.store, this.walker, job);
    if (page.finished)
      this.host.log('broadcast walked', { dispatchId: job.id, queued: job.queued + page.queued });
    return 'walked';
  }
}
