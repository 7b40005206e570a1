/**
 * The canvas builder screen: loads the stored draft, checks it with the canvas package's
 * validator, and hands a valid document to the editor (or the YAML to fix when the stored
 * draft no longer validates).
 */
import { useState } from 'react';
import type { Canvas } from '../../../src/canvas/schema';
import { validateCanvas } from '../../../src/canvas/validate';
import { api } from '../api/client';
import type { CanvasDetail } from '../api/types';
import { fromYaml } from '../document/yaml-text';
import { useAsync } from '../lib/use-async';
import { IssueList } from './IssueList';
import { Builder } from './Builder';

export function BuilderPage({ canvasId }: { canvasId: string }) {
  const detail = useAsync(
    () => api<CanvasDetail>('GET', `/api/v1/canvases/${encodeURIComponent(canvasId)}`),
    canvasId,
  );
  if (detail.error)
    return (
      <p className="page error" role="alert">
        {detail.error}
      </p>
    );
  if (!detail.data) return <p className="page muted">Loading…</p>;
  const valid = validateCanvas(detail.data.draft);
  if (!valid.ok) return <FixYaml detail={detail.data} />;
  return <Builder detail={detail.data} initial={valid.canvas} />;
}

/** A stored draft that no longer validates (e.g. written by a newer tool): fix it as text. */
function FixYaml({ detail }: { detail: CanvasDetail }) {
  const [text, setText] = useState(detail.yaml);
  const [fixed, setFixed] = useState<Canvas>();
  if (fixed) return <Builder detail={detail} initial={fixed} unsaved />;
  const parsed = fromYaml(text);
  return (
    <section className="page">
      <h1>{detail.name}</h1>
      <p className="error">The stored draft does not validate. Fix it here to open the builder.</p>
      <textarea
        className="code yaml-editor"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label="Canvas YAML"
      />
      {!parsed.ok && <IssueList issues={parsed.issues} />}
      <button
        type="button"
        className="primary"
        disabled={!parsed.ok}
        onClick={() => parsed.ok && setFixed(parsed.doc)}
      >
        Open in the builder
      </button>
    </section>
  );
}
