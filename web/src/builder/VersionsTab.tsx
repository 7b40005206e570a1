/**
 * Published versions of the canvas and a diff between any two (or a version and the
 * draft), as the server computes it over the YAML.
 */
import { useState } from 'react';
import { api, query } from '../api/client';
import type { CanvasVersion } from '../api/types';
import { formatDateTime } from '../lib/format';
import { useAsync } from '../lib/use-async';

export function VersionsTab({ canvasId }: { canvasId: string }) {
  const base = `/api/v1/canvases/${encodeURIComponent(canvasId)}`;
  const versions = useAsync(
    () => api<{ versions: CanvasVersion[] }>('GET', `${base}/versions`),
    canvasId,
  );
  const list = versions.data?.versions ?? [];
  const latest = list.reduce((n, v) => Math.max(n, v.version), 0);
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('draft');
  const fromValue = from || (latest > 0 ? String(latest) : '');
  const diff = useAsync(
    () =>
      fromValue === ''
        ? Promise.resolve(undefined)
        : api<{ diff: string }>('GET', `${base}/diff${query({ from: fromValue, to })}`),
    `${fromValue}->${to}`,
  );

  return (
    <section className="versions-tab" aria-label="Versions">
      {versions.error && <p className="error">{versions.error}</p>}
      {list.length === 0 ? (
        <p className="empty">Not published yet. Each publish keeps an immutable version here.</p>
      ) : (
        <>
          <ul className="version-list" data-testid="version-list">
            {[...list].reverse().map((v) => (
              <li key={v.version}>
                <strong>v{v.version}</strong>{' '}
                <span className="muted">{formatDateTime(v.publishedAt)}</span>
              </li>
            ))}
          </ul>
          <div className="field-row">
            <label className="field">
              Compare
              <select
                value={fromValue}
                onChange={(e) => setFrom(e.target.value)}
                data-testid="diff-from"
              >
                {list.map((v) => (
                  <option key={v.version} value={String(v.version)}>
                    v{v.version}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              with
              <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="diff-to">
                <option value="draft">the saved draft</option>
                {list.map((v) => (
                  <option key={v.version} value={String(v.version)}>
                    v{v.version}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {diff.error && <p className="error">{diff.error}</p>}
          {diff.data && <DiffView diff={diff.data.diff} />}
        </>
      )}
    </section>
  );
}

export function DiffView({ diff }: { diff: string }) {
  const lines = diff.split('\n');
  if (lines.every((l) => !/^[+-](?![+-]{2})/.test(l)))
    return <p className="hint">No differences.</p>;
  return (
    <pre className="diff" data-testid="diff">
      {lines.map((line, i) => {
        const kind = line.startsWith('@@')
          ? 'hunk'
          : line.startsWith('+++') || line.startsWith('---')
            ? 'file'
            : line.startsWith('+')
              ? 'add'
              : line.startsWith('-')
                ? 'del'
                : 'same';
        return (
          <span key={i} className={`diff-line diff-${kind}`}>
            {line}
            {'\n'}
          </span>
        );
      })}
    </pre>
  );
}
