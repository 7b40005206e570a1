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
