import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssue } from './issues.js';
import { validateCanvasText } from './validate.js';

const seed = readFileSync(
  new URL('../../examples/order-feedback/canvas.yaml', import.meta.url),
  'utf8',
);

/** 1-based line of the first occurrence of `needle`, so tests survive edits to the seed. */
function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

function errorsOf(text: string): string[] {
  const result = validateCanvasText(text);
  if (result.ok) return [];
  return result.issues.map(formatIssue);
}

describe('validateCanvasText', () => {
  it('accepts the seed canvas', () => {
    const result = validateCanvasText(seed);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.canvas.steps.map((s) => s.id)).toContain('answer');
  });

  it('names an unknown trigger with its path, line and closest match', () => {
    const text = seed.replace(
      '{ inbound_whatsapp: { button: 1 } }',
      '{ inbound_whatsap: { button: 1 } }',
    );
    expect(errorsOf(text)).toEqual([
      `error steps[1].groups[1].when: unknown trigger "inbound_whatsap" (did you mean "inbound_whatsapp"?); expected one of: inbound_whatsapp, event (line ${lineOf(text, 'inbound_whatsap:')}, column 39)`,
    ]);
  });

  it('names an unknown step type with the closest match', () => {
    const text = seed.replace('type: webhook', 'type: webhok');
    expect(errorsOf(text)).toEqual([
      `error steps[10].type: unknown step type "webhok" (did you mean "webhook"?); expected one of: message, action_paths, delay, decision_split, audience_paths, experiment_paths, user_update, webhook, exit (line ${lineOf(text, 'type: webhok')}, column 11)`,
    ]);
  });

  it('explains a bad duration', () => {
    const text = seed.replace('window: 24h', 'window: 24x');
    expect(errorsOf(text)).toEqual([
      `error steps[1].window: not a duration; write it like 30s, 10m, 24h, 1d or 2w (a bare number means seconds) (line ${lineOf(text, 'window: 24x')}, column 13)`,
    ]);
  });

  it('says a required field is required', () => {
    expect(errorsOf(seed.replace('name: Order feedback\n', ''))).toEqual([
      'error name: is required (line 3, column 1)',
    ]);
  });

  it('gives line and column for malformed YAML, without a stack trace', () => {
    const errors = errorsOf('specVersion: 1\nid: x\nsteps: [\n');
    expect(errors[0]).toMatch(/^error .+ \(line \d+, column \d+\)$/);
    expect(errors.join('\n')).not.toMatch(/\bat .+:\d+:\d+\)/);
  });

  it('asks for specVersion, and refuses a newer one', () => {
    expect(errorsOf('id: x\nname: y\n')).toEqual([
      'error specVersion: is required; write specVersion: 1',
    ]);
    expect(errorsOf('specVersion: 2\nid: x\n')).toEqual([
      'error specVersion: 2 is newer than this Riposte understands (1); upgrade Riposte',
    ]);
  });

  it('refuses a document that is not a mapping', () => {
    expect(errorsOf('- a\n- b\n')).toEqual([
      'error a canvas is an object (a YAML mapping) with specVersion, id, name, entry and steps',
    ]);
  });

  it('checks WhatsApp limits in the definition: at most 3 reply buttons', () => {
    const text = `specVersion: 1
id: x
name: x
entry: { type: api }
steps:
  - id: m
    type: message
    whatsapp:
      interactive:
        body: hi
        buttons: [{ title: a }, { title: b }, { title: c }, { title: d }]
`;
    expect(errorsOf(text)).toEqual([
      'error steps[0].whatsapp.interactive.buttons: WhatsApp allows at most 3 reply buttons; use a list for more (line 11, column 18)',
    ]);
  });
});
