/**
 * The canvases: name, status, entries, last edit, and a form to start a new one.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../api/client';
import type { CanvasDetail, CanvasSummary } from '../api/types';
import { emptyCanvas, slugId } from '../document/edit';
import { formatWhen } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { href, navigate } from '../router';
import { StatusBadge } from '../components/StatusBadge';

export function CanvasList() {
  const list = useAsync(
    () => api<{ canvases: CanvasSummary[] }>('GET', '/api/v1/canvases'),
    'canvases',
  );
  const canvases = (list.data?.canvases ?? []).filter((c) => c.status !== 'archived');
  return (
    <section className="page">
      <header className="page-header">
        <h1>Canvases</h1>
      </header>
      {/* Archived canvases keep their ids: a new canvas may not take one. */}
      <NewCanvasForm taken={(list.data?.canvases ?? []).map((c) => c.id)} />
      {list.error && (
        <p className="error" role="alert">
          {list.error}
        </p>
      )}
      {list.loading && !list.data ? (
        <p className="muted">Loading…</p>
      ) : canvases.length === 0 ? (
        <p className="empty">No canvases yet. Name one above to start building.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="canvas-list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Entries
                </th>
                <th scope="col">Last edit</th>
                <th scope="col">
                  <span className="visually-hidden">Links</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {canvases.map((c) => (
                <tr key={c.id} data-testid={`canvas-row-${c.id}`}>
                  <td>
                    <a href={href(`/canvases/${encodeURIComponent(c.id)}`)}>{c.name}</a>
                    <div className="muted small">{c.id}</div>
                  </td>
                  <td>
                    <StatusBadge status={c.status} />
                    {c.liveVersion !== null && c.liveVersion !== undefined && (
                      <span className="muted small"> v{c.liveVersion}</span>
                    )}
                  </td>
                  <td className="num">{c.entries.toLocaleString()}</td>
                  <td>{formatWhen(c.updatedAt)}</td>
                  <td>
                    <a href={href(`/canvases/${encodeURIComponent(c.id)}/analytics`)}>Analytics</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NewCanvasForm({ taken }: { taken: string[] }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    // An empty name still makes a canvas: it can be renamed in the builder.
    const trimmed = name.trim() === '' ? 'Untitled canvas' : name.trim();
    // A readable id from the name, made unique among the canvases we know of…
    const base = slugId(trimmed);
    const idAt = (n: number) => (n === 1 ? base : `${base}-${n}`);
    let n = 1;
    while (taken.includes(idAt(n))) n++;
    setBusy(true);
    setError(undefined);
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await api<{ canvas: CanvasDetail }>(
          'POST',
          '/api/v1/canvases',
          emptyCanvas(idAt(n), trimmed),
        );
        navigate(`/canvases/${encodeURIComponent(answer.canvas.id)}`);
        return;
      } catch (err) {
        // …or ones we did not know of yet (the list still loading, made elsewhere).
        if (err instanceof ApiError && err.code === 'canvas_exists' && attempt < 20) {
          n++;
          continue;
        }
        setError(errorMessage(err));
        setBusy(false);
        return;
      }
    }
  };

  return (
    <form className="inline-form card" onSubmit={create} aria-label="New canvas">
      <label className="grow">
        New canvas name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Order feedback"
          data-testid="new-canvas-name"
        />
      </label>
      <button type="submit" className="primary" disabled={busy} data-testid="new-canvas">
        New canvas
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
