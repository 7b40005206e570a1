/**
 * Walking broadcast jobs (store/repos/broadcasts.ts): a page of contacts at a time, those
 * the audience matches go into the inbox as `api.enter` events, then the job's cursor moves
 * past the page. The page is durable before the cursor moves, so a process that dies
 * between the two leaves a page that the next walk submits again — the same dedupe keys,
 * so nobody is entered twice — and never a page that nobody submitted.
 */
import type { Store } from '../store/open.js';
import type { BroadcastJob } from '../store/repos/broadcasts.js';
import type { ContactRecord } from '../store/repos/contact-rows.js';
import type { Ingest } from './ingest.js';

/** Compiles a stored audience filter, with relative dates counted from `at`. */
export type AudienceMatcher = (
  audience: unknown,
  at: number,
) => (contact: ContactRecord) => boolean;

/** Contacts read per page; the runner keeps at most four pages' entries waiting in the inbox. */
export const BROADCAST_PAGE = 500;

/** Walks one page of `job`: how many people it queued, and whether that was the last page. */
export async function walkBroadcastPage(
  store: Store,
  ingest: Ingest,
  match: AudienceMatcher,
  job: BroadcastJob,
): Promise<{ queued: number; finished: boolean }> {
  const page = await store.contacts.search('', {
    limit: BROADCAST_PAGE,
    ...(job.cursor !== null ? { after: job.cursor } : {}),
  });
  const wanted = job.audience === undefined ? undefined : match(job.audience, job.audienceAt);
  const matched = wanted ? page.contacts.filter(wanted) : page.contacts;
  if (matched.length > 0) {
    await ingest.submit(
      matched.map((contact) => ({
        dedupeKey: `api:enter:${job.id}:${contact.id}`,
        contactId: contact.id,
        payload: {
          kind: 'api.enter' as const,
          canvasId: job.canvasId,
          context: job.context,
          dispatchId: job.id,
        },
      })),
    );
  }
  const moved = await store.broadcasts.advance(job.id, job.cursor, page.next, matched.length);
  return { queued: matched.length, finished: moved && page.next === undefined };
}
