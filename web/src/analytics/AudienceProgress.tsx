/**
 * An audience being entered into this canvas right now (a `/canvas/trigger/send` with
 * `broadcast` or `audience`): the runner walks the contacts a page at a time, so a big
 * audience takes minutes. Without this the entries count simply climbs and a marketer
 * cannot tell a send in progress from people trickling in. A wrong audience can be stopped
 * here (after a second click: people already entered stay in the canvas).
 */
import { useState } from 'react';
import { api, errorMessage } from '../api/client';
import type { Broadcast } from '../api/types';
import { usePoll } from '../lib/use-async';

/** Running jobs are few (one per audience send in progress): one page covers them. */
const RUNNING = '/api/v1/broadcasts?state=running&limit=100';

export function entering(jobs: readonly Broadcast[], canvasId: string): Broadcast[] {
  return jobs.filter((j) => j.kind === 'enter' && j.canvasId === canvasId);
}

export function progressText(job: Broadcast): string {
  const who = job.audience === null ? 'everyone' : 'an audience';
  const started = new Date(job.createdAt).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
  });
  return `Entering ${who} (started ${started}): ${job.queued.toLocaleString()} people so far`;
}

export function AudienceProgress({ canvasId, pollMs }: { canvasId: string; pollMs: number }) {
  const running = usePoll(() => api<{ broadcasts: Broadcast[] }>('GET', RUNNING), canvasId, pollMs);
  const jobs = entering(running.data?.broadcasts ?? [], canvasId);
  if (jobs.length === 0) return null;
  return (
    <div className="notice is-ok" role="status" data-testid="audience-progress">
      {jobs.map((job) => (
        <JobLine key={job.id} job={job} onStopped={running.reload} />
      ))}
    </div>
  );
}

function JobLine({ job, onStopped }: { job: Broadcast; onStopped: () => void }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string>();
  const stop = () => {
    api('POST', `/api/v1/broadcasts/${encodeURIComponent(job.id)}/cancel`).then(
      () => onStopped(),
      (e: unknown) => setError(errorMessage(e)),
    );
  };
  return (
    <p>
      {progressText(job)}{' '}
      {asking ? (
        <>
          <span>Stop entering? Those already entered stay in the canvas.</span>{' '}
          <button type="button" className="danger" onClick={stop}>
            Stop entering
          </button>{' '}
          <button type="button" onClick={() => setAsking(false)}>
            Keep going
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setAsking(true)}>
          Stop…
        </button>
      )}
      {error !== undefined && (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </p>
  );
}
