/**
 * Save, publish (disabled with the reason while something blocks it), undo and redo,
 * and the canvas status.
 */
import type { CanvasIssue } from '../../../src/canvas/issues';
import type { CanvasStatus } from '../api/types';
import { StatusBadge } from '../components/StatusBadge';

export function Toolbar({
  name,
  status,
  liveVersion,
  dirty,
  busy,
  blocking,
  canUndo,
  canRedo,
  onUndo,
  onRedo,
  onSave,
  onPublish,
  onStatus,
  analyticsHref,
}: {
  name: string;
  status: CanvasStatus;
  liveVersion: number | null;
  dirty: boolean;
  busy: boolean;
  blocking: readonly CanvasIssue[];
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onSave: () => void;
  onPublish: () => void;
  /** Stop a live canvas (no new entries, journeys end) or resume a stopped one. */
  onStatus: (action: 'stop' | 'resume') => void;
  analyticsHref: string;
}) {
  const first = blocking[0];
  const publishReason = first
    ? `Cannot publish: ${first.stepId ? `${first.stepId}: ` : ''}${first.message}${blocking.length > 1 ? ` (and ${blocking.length - 1} more)` : ''}`
    : undefined;
  return (
    <div className="toolbar" role="toolbar" aria-label="Canvas actions">
      <div className="toolbar-title">
        <a href="#/" className="muted small">
          Canvases
        </a>
        <h1 title={name}>{name}</h1>
        <StatusBadge status={status} />
        {liveVersion !== null && <span className="muted small">v{liveVersion} live</span>}
        <span className="muted small" aria-live="polite" data-testid="save-state">
          {dirty ? 'Unsaved changes' : 'Saved'}
        </span>
      </div>
      <div className="toolbar-actions">
        <button
          type="button"
          onClick={onUndo}
          disabled={!canUndo}
          aria-keyshortcuts="Control+Z"
          data-testid="undo"
        >
          Undo
        </button>
        <button
          type="button"
          onClick={onRedo}
          disabled={!canRedo}
          aria-keyshortcuts="Control+Shift+Z"
          data-testid="redo"
        >
          Redo
        </button>
        {status === 'live' && (
          <button type="button" onClick={() => onStatus('stop')} disabled={busy} data-testid="stop">
            Stop
          </button>
        )}
        {status === 'stopped' && (
          <button
            type="button"
            onClick={() => onStatus('resume')}
            disabled={busy}
            data-testid="resume"
          >
            Resume
          </button>
        )}
        <a className="button" href={analyticsHref} data-testid="open-analytics">
          Analytics
        </a>
        <button
          type="button"
          onClick={onSave}
          disabled={busy || !dirty}
          aria-keyshortcuts="Control+S"
          data-testid="save"
        >
          Save
        </button>
        <span className="publish-wrap">
          <button
            type="button"
            className="primary"
            onClick={onPublish}
            disabled={busy || first !== undefined}
            aria-describedby={publishReason ? 'publish-reason' : undefined}
            title={publishReason}
            data-testid="publish"
          >
            Publish
          </button>
        </span>
      </div>
      {publishReason && (
        <p id="publish-reason" className="publish-reason" data-testid="publish-reason">
          {publishReason}
        </p>
      )}
    </div>
  );
}
