// @vitest-environment happy-dom
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { Canvas } from '../../../src/canvas/schema';
import { fromYaml, toYaml } from '../document/yaml-text';
import { seedCanvas, validCanvas } from '../test-support/fixtures';
import { YamlTab } from './YamlTab';

afterEach(cleanup);

function setup(initial: Canvas) {
  const changes: Canvas[] = [];
  let current = initial;
  function Harness() {
    const [doc, setDoc] = useState(initial);
    return (
      <YamlTab
        doc={doc}
        onChange={(next) => {
          changes.push(next);
          current = next;
          setDoc(next);
        }}
      />
    );
  }
  render(<Harness />);
  const editor = screen.getByTestId('yaml-editor') as HTMLTextAreaElement;
  return { editor, changes, doc: () => current };
}

describe('YAML round trip', () => {
  it('document → YAML → document gives the same document', () => {
    const doc = validCanvas();
    const back = fromYaml(toYaml(doc));
    expect(back).toEqual({ ok: true, doc });
  });

  it('shows the document as YAML and applies a valid edit', () => {
    const { editor, changes, doc } = setup(validCanvas());
    expect(editor.value).toBe(toYaml(validCanvas()));
    expect(editor.value).toContain('name: Order feedback\n');

    fireEvent.change(editor, {
      target: { value: editor.value.replace('name: Order feedback', 'name: Feedback v2') },
    });
    expect(changes).toHaveLength(1);
    expect(doc()).toEqual({ ...validCanvas(), name: 'Feedback v2' });
    expect(screen.getByText('In sync with the graph.')).toBeTruthy();
  });

  it('does not count a change of layout only (a blank line) as an edit', () => {
    const { editor, changes } = setup(validCanvas());
    fireEvent.change(editor, { target: { value: `${editor.value}\n# a note\n` } });
    expect(changes).toHaveLength(0);
    expect(editor.value.endsWith('# a note\n')).toBe(true);
  });

  it('reports invalid YAML with line and column and leaves the document unchanged', () => {
    const { editor, changes, doc } = setup(validCanvas());
    const broken = editor.value.replace('name: Order feedback', 'name: [Order feedback');
    fireEvent.change(editor, { target: { value: broken } });
    expect(changes).toHaveLength(0);
    expect(doc()).toEqual(validCanvas());
    expect(editor.value).toBe(broken);
    expect(screen.getByTestId('yaml-issues').textContent).toBe(
      'error Flow sequence in block collection must be sufficiently indented and end with a ] (line 4, column 1)',
    );
    expect(screen.getByText('Not applied: the canvas keeps its last valid version.')).toBeTruthy();
  });

  it('reports a shape error at its line and column (unknown step type) without applying it', () => {
    const { editor, changes } = setup(validCanvas());
    const lines = editor.value.split('\n');
    const typeLine = lines.findIndex((l) => l.includes('type: action_paths'));
    const broken = editor.value.replace('type: action_paths', 'type: action_path');
    fireEvent.change(editor, { target: { value: broken } });
    expect(changes).toHaveLength(0);
    expect(screen.getByTestId('yaml-issues').textContent).toBe(
      `error steps[1].type unknown step type "action_path" (did you mean "action_paths"?); expected one of: message, action_paths, delay, decision_split, audience_paths, experiment_paths, user_update, webhook, exit (line ${typeLine + 1}, column 11)`,
    );
  });
});

describe('YAML of a document that does not validate yet', () => {
  it('is shown, and an edit that leaves it invalid is reported, not applied', () => {
    const { editor, changes } = setup(seedCanvas());
    const lines = editor.value.split('\n');
    const line = lines.findIndex((l) => l.includes('groups: []')) + 1;
    const column = (lines[line - 1] ?? '').indexOf('[]') + 1;
    fireEvent.change(editor, {
      target: { value: editor.value.replace('Order feedback', 'Other') },
    });
    expect(changes).toHaveLength(0);
    expect(screen.getByTestId('yaml-issues').textContent).toBe(
      `error steps[1].groups Too small: expected array to have >=1 items (line ${line}, column ${column})`,
    );
  });
});
