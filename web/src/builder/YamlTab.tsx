/**
 * The canvas as YAML, editable. Every edit that parses and validates replaces the
 * document (one undo step for a run of typing); anything else is listed with line and
 * column, and the document stays as it was until the text is fixed.
 */
import { useEffect, useRef, useState } from 'react';
import type { Canvas } from '../../../src/canvas/schema';
import type { CanvasIssue } from '../../../src/canvas/issues';
import { fromYaml, toYaml } from '../document/yaml-text';
import { IssueList } from './IssueList';

/** Whether `text` already describes `doc` (then keep the author's own layout of it). */
function describes(text: string, doc: Canvas): boolean {
  const parsed = fromYaml(text);
  return parsed.ok && toYaml(parsed.doc) === toYaml(doc);
}

export function YamlTab({ doc, onChange }: { doc: Canvas; onChange: (doc: Canvas) => void }) {
  const [text, setText] = useState(() => toYaml(doc));
  const [issues, setIssues] = useState<CanvasIssue[]>([]);
  const textRef = useRef(text);
  textRef.current = text;

  useEffect(() => {
    if (!describes(textRef.current, doc)) {
      setText(toYaml(doc));
      setIssues([]);
    }
  }, [doc]);

  const change = (next: string) => {
    setText(next);
    const parsed = fromYaml(next);
    if (parsed.ok) {
      setIssues([]);
      // A blank line or a comment changes the text, not the canvas: no edit, no "unsaved".
      if (toYaml(parsed.doc) !== toYaml(doc)) onChange(parsed.doc);
    } else setIssues(parsed.issues);
  };

  return (
    <section className="yaml-tab" aria-label="Canvas as YAML">
      <label htmlFor="canvas-yaml" className="visually-hidden">
        Canvas YAML
      </label>
      <textarea
        id="canvas-yaml"
        className="code yaml-editor"
        value={text}
        spellCheck={false}
        onChange={(e) => change(e.target.value)}
        aria-invalid={issues.length > 0}
        aria-describedby="yaml-status"
        data-testid="yaml-editor"
      />
      <div id="yaml-status" className="yaml-status" aria-live="polite">
        {issues.length > 0 ? (
          <>
            <p className="error">Not applied: the canvas keeps its last valid version.</p>
            <IssueList issues={issues} testId="yaml-issues" />
          </>
        ) : (
          <p className="hint ok">In sync with the graph.</p>
        )}
      </div>
    </section>
  );
}
