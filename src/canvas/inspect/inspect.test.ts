import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../issues.js';
import { TemplatesFile, toTemplateInfo } from '../templates.js';
import { validateCanvasText } from '../validate.js';
import { inspect } from './index.js';

const examples = new URL('../../../examples/order-feedback/', import.meta.url);
const seedText = readFileSync(new URL('canvas.yaml', examples), 'utf8');
const templates = TemplatesFile.parse(
  parse(readFileSync(new URL('templates.yaml', examples), 'utf8')),
).map(toTemplateInfo);

function issuesOf(text: string, mode: 'draft' | 'publish' = 'draft', list = templates): string[] {
  const result = validateCanvasText(text);
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return inspect(result.canvas, list, { mode }).map(formatIssue);
}

const canvas = (steps: string, entry = '{ type: api }') => `specVersion: 1
id: t
name: t
entry: ${entry}
steps:
${steps}`;

describe('inspect', () => {
  it('finds nothing wrong with the seed canvas and its approved templates', () => {
    expect(issuesOf(seedText, 'publish')).toEqual([]);
  });

  it('flags duplicate and dangling step ids, with a did-you-mean', () => {
    const issues = issuesOf(
      canvas(`  - { id: a, type: user_update, set: { x: 1 }, next: bb }
  - { id: b, type: exit }
  - { id: b, type: exit }`),
    );
    expect(issues).toEqual([
      'error steps[2].id: step id "b" is already used by steps[1]',
      'error steps[0].next: no step "bb" (did you mean "b"?)',
      'warning steps[1]: no path leads to "b"; nobody will reach it',
    ]);
  });

  it('flags a loop that can spin without a wait, but not one through a delay', () => {
    expect(
      issuesOf(
        canvas(`  - { id: a, type: user_update, inc: { n: 1 }, next: b }
  - { id: b, type: decision_split, if: { var: user.n, lt: 5 }, yes: a }`),
      ),
    ).toEqual([
      'error steps[1].yes: the loop a → b → a has no Action Paths or Delay step; it would spin (at most the per-input step cap)',
    ]);
    expect(
      issuesOf(
        canvas(`  - { id: a, type: user_update, inc: { n: 1 }, next: w }
  - { id: w, type: delay, for: 1h, next: b }
  - { id: b, type: decision_split, if: { var: user.n, lt: 5 }, yes: a }`),
      ),
    ).toEqual([]);
  });

  it('warns when a quick-reply button has no group, and when there is no catch-all', () => {
    const text = seedText
      .replace(/ {6}- \{ id: support.*\n/, '')
      .replace(/ {6}- \{ id: other.*\n/, '');
    const issues = issuesOf(text);
    expect(issues).toContain(
      'warning steps[1].groups: no group for button 2 "TALK TO SUPPORT" of "ask"; taps on it are ignored',
    );
    expect(issues).toContain(
      'warning steps[1].groups: no catch-all group after the quick replies of "ask": typed text that matches no group is ignored; add a group with when: { inbound_whatsapp: {} }',
    );
  });

  it('warns when an `is` value matches none of the button labels (a typo)', () => {
    const text = seedText.replace('body: { is: "YES" }', 'body: { is: "YSE" }');
    expect(issuesOf(text)).toContain(
      'warning steps[1].groups[0].when.inbound_whatsapp.body.is: "YSE" matches none of the buttons of "ask" (YES, NO, TALK TO SUPPORT); did you mean "YES"?',
    );
    // Case does not matter: the engine compares case-insensitively.
    expect(issuesOf(seedText.replace('body: { is: "YES" }', 'body: { is: "yes" }'))).toEqual([]);
  });

  it('flags a free-form message that can run outside the 24 h window', () => {
    expect(issuesOf(canvas(`  - { id: hi, type: message, whatsapp: { text: "Hello" } }`))).toEqual([
      'warning steps[0].whatsapp: this free-form message can run outside the 24 h window (no reply from the person just before it); it will be skipped there — send a template, or set outside_window: exit or a fallback template',
    ]);
    // After an inbound reply it is fine; after everyone-else (silence) it is not.
    const issues = issuesOf(
      seedText.replace(
        'whatsapp:\n      template: order_feedback_reminder\n      language: en_US\n      body: ["{{ user.first_name | default: \'there\' }}"]',
        'whatsapp: { text: "Still there?" }',
      ),
    );
    expect(issues).toEqual([
      expect.stringMatching(
        /^warning steps\[11\]\.whatsapp: this free-form message can run outside/,
      ),
    ]);
  });

  it('treats a template in review as a warning for drafts and an error for publishing', () => {
    const pending = templates.map((t) =>
      t.name === 'order_feedback' ? { ...t, status: 'PENDING' as const } : t,
    );
    expect(issuesOf(seedText, 'draft', pending)).toEqual([
      'warning steps[0].whatsapp.template: template "order_feedback" (en_US) is PENDING; it must be APPROVED before the canvas is published',
    ]);
    expect(issuesOf(seedText, 'publish', pending)).toEqual([
      'error steps[0].whatsapp.template: template "order_feedback" (en_US) is PENDING; the canvas can be published once Meta approves it',
    ]);
  });

  it('checks template parameter counts', () => {
    const text = seedText.replace(
      `body: ["{{ user.first_name | default: 'there' }}", "{{ context.order_id }}"]`,
      `body: ["{{ context.order_id }}"]`,
    );
    expect(issuesOf(text)).toEqual([
      'error steps[0].whatsapp.body: template "order_feedback" body takes 2 parameter(s) ({{1}}, {{2}}); 1 given',
    ]);
  });

  it('refuses an evaluation window over 31 days', () => {
    expect(issuesOf(seedText.replace('window: 24h', 'window: 32d'))).toContain(
      'error steps[1].window: the evaluation window is 4w4d; Action Paths allows at most 31 days',
    );
  });

  it('reports Liquid syntax errors and misspelt variables', () => {
    const text = canvas(
      `  - { id: a, type: user_update, set: { x: "{{ user.name ", y: "{{ usr.name }}" } }`,
    );
    expect(issuesOf(text)).toEqual([
      'error steps[0].set.x: Liquid: output "{{ user.name " not closed',
      'warning steps[0].set.y: unknown variable "usr.name" (did you mean "user"?); known roots: user, context, canvas_entry_properties, api_trigger_properties, event_properties, whats_app, canvas, step, campaign, user_id, phone_number',
    ]);
  });
});
