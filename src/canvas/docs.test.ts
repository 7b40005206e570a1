import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatIssue } from './issues.js';
import { STEP_EXAMPLES, STEP_TYPES } from './steps/registry.js';
import { validateCanvas } from './validate.js';

const doc = readFileSync(new URL('../../docs/canvas-format.md', import.meta.url), 'utf8');
const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

/** A block is a whole canvas, or a list of steps that we wrap in one. */
function asCanvas(value: unknown): unknown {
  if (Array.isArray(value))
    return { specVersion: 1, id: 'doc', name: 'doc', entry: { type: 'api' }, steps: value };
  return value;
}

function errors(yaml: string): string[] {
  const value: unknown = parse(yaml);
  if (value !== null && typeof value === 'object' && 'tests' in value) return []; // a conversation test, checked by its own schema
  const result = validateCanvas(asCanvas(value));
  return result.ok ? [] : result.issues.map(formatIssue);
}

describe('docs/canvas-format.md', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThan(10);
  });

  blocks.forEach((block, i) => {
    it(`example ${i + 1} is a valid canvas or list of steps`, () => {
      expect(errors(block)).toEqual([]);
    });
  });

  it('shows every step type', () => {
    const shown = new Set(
      blocks.flatMap((b) => [...b.matchAll(/type: ([a-z_]+)/g)].map((m) => m[1])),
    );
    expect(STEP_TYPES.filter((t) => !shown.has(t))).toEqual([]);
  });
});

describe('each step type documents an example in its schema file', () => {
  for (const type of STEP_TYPES) {
    it(type, () => {
      const example = STEP_EXAMPLES[type];
      expect(example).toContain(`type: ${type}`);
      expect(errors(example)).toEqual([]);
    });
  }
});
