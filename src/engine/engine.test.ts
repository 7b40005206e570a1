import { describe, expect, it } from 'vitest';
import type { Canvas } from '../canvas/schema.js';
import { validateCanvasText } from '../canvas/validate.js';
import { matchesBody } from './match.js';
import { decodeButtonToken, encodeButtonToken } from './payload.js';
import { route } from './route.js';
import { step } from './step.js';
import { fnv1a } from './hash.js';
import type { Contact, InboundMessage, Journey, StepContext } from './types.js';

function canvasOf(yaml: string): Canvas {
  const result = validateCanvasText(yaml);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.canvas;
}

const contact: Contact = {
  id: 'c1',
  phone: '+15550000000',
  attributes: {},
  subscriptions: {},
  lastInboundAt: {},
};
let ids = 0;
const ctx = (now: number, extra: Partial<StepContext> = {}): StepContext => ({
  now,
  newId: () => `j${++ids}`,
  contact,
  templates: () => undefined,
  ...extra,
});
const text = (body: string, extra: Partial<InboundMessage> = {}): InboundMessage => ({
  id: `w${body}`,
  number: 'default',
  kind: 'text',
  text: body,
  at: 0,
  ...extra,
});

const waiting = canvasOf(`specVersion: 1
id: w
name: w
entry: { type: api, reentry: true }
steps:
  - id: wait
    type: action_paths
    window: 1h
    groups: [{ id: any, when: { inbound_whatsapp: {} }, next: done }]
  - { id: done, type: exit }
`);

function enter(canvas: Canvas, now = 0): Journey {
  const result = step(canvas, null, { type: 'enter', trigger: { kind: 'api' } }, ctx(now));
  if (!result.journey) throw new Error('not entered');
  return result.journey;
}

describe('step()', () => {
  it('ignores a timer for an earlier visit of the step (stale) and leaves the journey as it was', () => {
    const journey = enter(waiting);
    const result = step(
      waiting,
      journey,
      { type: 'timer_fired', key: `${journey.id}:999` },
      ctx(10),
    );
    expect(result.outcome).toBe('ignored');
    expect(result.reason).toBe('stale_timer');
    expect(result.effects).toEqual([]);
    expect(result.journey).toEqual(journey);
  });

  it('ignores a tap whose payload names another journey, and counts it as stale', () => {
    const journey = enter(waiting);
    const payload = encodeButtonToken({ journeyId: 'someone-else', visit: 1, button: 0 });
    const result = step(
      waiting,
      journey,
      { type: 'inbound_message', message: text('NO', { kind: 'button', payload }) },
      ctx(5),
    );
    expect(result.outcome).toBe('ignored');
    expect(result.reason).toBe('other_journey');
    expect(result.journey?.stepId).toBe('wait');
  });

  it('stops a loop that cannot wait at the per-input step cap with a coded error', () => {
    // inspect refuses this canvas; the engine must still not spin if it is run anyway.
    const loop = canvasOf(`specVersion: 1
id: l
name: l
entry: { type: api }
steps:
  - { id: a, type: user_update, inc: { n: 1 }, next: b }
  - { id: b, type: user_update, inc: { n: 1 }, next: a }
`);
    const result = step(loop, null, { type: 'enter', trigger: { kind: 'api' } }, ctx(0));
    expect(result.journey?.status).toBe('ended');
    expect(result.journey?.exitReason).toBe('step_limit');
    expect(
      result.effects
        .filter((e) => e.type === 'error')
        .map((e) => (e.type === 'error' ? e.code : '')),
    ).toEqual(['step_limit']);
    expect(result.contact.attributes.n).toBe(100);
  });

  it('cancels a waiting journey and its timer', () => {
    const journey = enter(waiting);
    const result = step(waiting, journey, { type: 'cancel' }, ctx(1));
    expect(result.journey?.status).toBe('ended');
    expect(result.journey?.exitReason).toBe('cancelled');
    expect(result.effects).toContainEqual({ type: 'cancel_timer', key: `${journey.id}:1` });
  });

  it('does nothing with an input for an ended journey', () => {
    const journey = { ...enter(waiting), status: 'ended' as const };
    const result = step(waiting, journey, { type: 'inbound_message', message: text('hi') }, ctx(1));
    expect(result).toMatchObject({ outcome: 'ignored', reason: 'no_live_journey', effects: [] });
  });
});

describe('entry controls', () => {
  const canvas = (controls: string) =>
    canvasOf(`specVersion: 1
id: e
name: e
entry: { type: event, event: { name: signup, where: { plan: pro } }, ${controls} }
steps: [{ id: x, type: exit }]
`);
  const signup = (plan: string) => ({
    type: 'enter' as const,
    trigger: { kind: 'event' as const, event: { name: 'signup', properties: { plan }, at: 0 } },
  });

  it('enters on a matching event and makes its properties the entry context', () => {
    const result = step(canvas('reentry: true'), null, signup('pro'), ctx(0));
    expect(result.outcome).toBe('ended');
    expect(result.journey?.context).toEqual({ plan: 'pro' });
  });

  it('refuses an event whose properties do not match, a second entry, one within the window, and one over the cap', () => {
    expect(step(canvas('reentry: true'), null, signup('free'), ctx(0)).reason).toBe(
      'trigger_mismatch',
    );
    expect(
      step(
        canvas('reentry: false'),
        null,
        signup('pro'),
        ctx(0, { entries: { count: 1, active: false } }),
      ).reason,
    ).toBe('reentry_not_allowed');
    expect(
      step(
        canvas('reentry: 7d'),
        null,
        signup('pro'),
        ctx(86_400_000, { entries: { count: 1, active: false, lastEnteredAt: 0 } }),
      ).reason,
    ).toBe('reentry_window');
    expect(
      step(
        canvas('reentry: 7d'),
        null,
        signup('pro'),
        ctx(8 * 86_400_000, { entries: { count: 1, active: false, lastEnteredAt: 0 } }),
      ).outcome,
    ).toBe('ended');
    expect(
      step(
        canvas('reentry: true, max_entries: 2'),
        null,
        signup('pro'),
        ctx(0, { entries: { count: 2, active: false } }),
      ).reason,
    ).toBe('max_entries');
  });

  it('checks the audience before entry', () => {
    const c = canvas('audience: { var: user.country, equals: PT }');
    expect(step(c, null, signup('pro'), ctx(0)).reason).toBe('audience');
    expect(
      step(
        c,
        null,
        signup('pro'),
        ctx(0, { contact: { ...contact, attributes: { country: 'pt' } } }),
      ).outcome,
    ).toBe('ended');
  });
});

describe('route()', () => {
  it('gives free text to the earliest entry only when the same canvas holds several (ranking off)', () => {
    const first = enter(waiting, 0);
    const second = enter(waiting, 100);
    const routed = route(
      { type: 'inbound_message', message: text('hi') },
      [second, first],
      () => waiting,
    );
    expect(routed.map((j) => j.id)).toEqual([first.id]);
  });

  it('gives a tap only to the journey its payload names', () => {
    const a = enter(waiting);
    const b = enter(waiting);
    const payload = encodeButtonToken({ journeyId: b.id, visit: 1, button: 0 });
    expect(
      route(
        { type: 'inbound_message', message: text('NO', { payload }) },
        [a, b],
        () => waiting,
      ).map((j) => j.id),
    ).toEqual([b.id]);
  });
});

describe('reply matching', () => {
  it('`is` ignores case, spacing, accents and surrounding punctuation, but not other words', () => {
    for (const typed of ['yes', ' Yes ', 'YES!', 'yes.', '¡YES!'])
      expect(matchesBody({ is: 'YES' }, typed)).toBe(true);
    expect(matchesBody({ is: 'SÍ' }, 'si')).toBe(true);
    expect(matchesBody({ is: 'YES' }, 'yes please')).toBe(false);
    expect(matchesBody({ is: '👍' }, '👍')).toBe(true);
  });

  it('regex is a case-sensitive search unless (?i), as in Braze', () => {
    expect(matchesBody({ matches_regex: 'STOP' }, 'please STOP')).toBe(true);
    expect(matchesBody({ matches_regex: 'STOP' }, 'please stop')).toBe(false);
    expect(matchesBody({ matches_regex: '(?i)STOP(?-i)' }, 'please stop')).toBe(true);
    expect(matchesBody({ matches_regex: '(' }, '(')).toBe(false);
  });

  it('word, phrase and number tests', () => {
    expect(matchesBody({ has_all_words: 'late delivery' }, 'Delivery was LATE again')).toBe(true);
    expect(matchesBody({ has_phrase: 'too late' }, 'it came too late!')).toBe(true);
    expect(matchesBody({ has_phrase: 'too late' }, 'late, too')).toBe(false);
    expect(matchesBody({ has_number: { gt: 5 } }, 'I give it 7.5')).toBe(true);
    expect(matchesBody({ has_number: true }, 'no digits')).toBe(false);
  });
});

describe('button payloads', () => {
  it('round-trip, keeping an author payload that contains colons', () => {
    const token = { journeyId: 'j_1-x', visit: 12, button: 2, payload: 'a:b:c' };
    expect(decodeButtonToken(encodeButtonToken(token))).toEqual(token);
    expect(decodeButtonToken('YES')).toBeUndefined();
    expect(decodeButtonToken('rp:j:x:1')).toBeUndefined();
  });
});

describe('experiment split', () => {
  it('follows the weights over many people (deterministic: same ids, same counts)', () => {
    let left = 0;
    for (let i = 0; i < 10_000; i++)
      if ((fnv1a(`contact-${i}|exp|ab`) / 0x1_0000_0000) * 100 < 30) left++;
    expect(left).toBeGreaterThan(2_850);
    expect(left).toBeLessThan(3_150);
  });
});
