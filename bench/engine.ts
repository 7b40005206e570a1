/**
 * `npm run bench:engine`: inbound replies processed per second on one core through the pure
 * engine, on the seed canvas. Each reply is free text that the catch-all group matches; the
 * engine then renders the text reply, applies the profile update (Liquid of the reply) and
 * renders the CRM webhook — the whole path a real reply takes, minus I/O.
 *
 * Same-run baseline: liquidjs rendering just the reply text, the least work a reply needs.
 */
import { readFileSync } from 'node:fs';
import { Liquid } from 'liquidjs';
import { parse } from 'yaml';
import { validateCanvasText } from '../src/canvas/validate.js';
import { TemplatesFile, templateLookup, toTemplateInfo } from '../src/canvas/templates.js';
import { processInput } from '../src/engine/process.js';
import { step } from '../src/engine/step.js';
import type { Contact, Journey, StepContext } from '../src/engine/types.js';
import { fmt, machine, median } from './machine.js';

const N = 50_000;
const ROUNDS = 5;

const root = new URL('../examples/order-feedback/', import.meta.url);
const parsed = validateCanvasText(readFileSync(new URL('canvas.yaml', root), 'utf8'));
if (!parsed.ok) throw new Error('seed canvas invalid');
const canvas = parsed.canvas;
const templates = templateLookup(
  TemplatesFile.parse(parse(readFileSync(new URL('templates.yaml', root), 'utf8'))).map(
    toTemplateInfo,
  ),
);

function contactFor(i: number): Contact {
  return {
    id: `c${i}`,
    externalId: `u${i}`,
    phone: `+1555${String(i).padStart(7, '0')}`,
    attributes: { first_name: 'Ana', tier: 'gold' },
    subscriptions: {},
    lastInboundAt: {},
  };
}

let ids = 0;
const ctxFor = (contact: Contact, now: number): StepContext => ({
  now,
  newId: () => `j${++ids}`,
  contact,
  templates,
  defaultNumber: 'main',
});

/** People waiting at the Action Paths step, made outside the timed region. */
function waitingJourneys(): Array<{ journey: Journey; contact: Contact }> {
  const out = [];
  for (let i = 0; i < N; i++) {
    const contact = contactFor(i);
    const r = step(
      canvas,
      null,
      { type: 'enter', trigger: { kind: 'api', context: { order_id: `A-${i}` } } },
      ctxFor(contact, 0),
    );
    if (!r.journey || r.journey.status !== 'waiting') throw new Error('journey not waiting');
    out.push({ journey: r.journey, contact });
  }
  return out;
}

function runEngine(people: Array<{ journey: Journey; contact: Contact }>): number {
  const start = process.hrtime.bigint();
  let sends = 0;
  for (let i = 0; i < people.length; i++) {
    const p = people[i];
    if (!p) continue;
    const message = {
      id: `wamid.${i}`,
      number: 'main',
      kind: 'text' as const,
      text: 'hmm maybe',
      at: 1000,
    };
    const result = processInput({
      input: { type: 'inbound_message', message },
      contact: p.contact,
      journeys: [p.journey],
      canvasOf: () => canvas,
      ctx: { now: 1000, newId: () => `j${++ids}`, templates, defaultNumber: 'main' },
    });
    for (const r of result.results)
      for (const e of r.effects) if (e.type === 'send_whatsapp') sends++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sends !== people.length) throw new Error(`expected one reply per person, got ${sends}`);
  return people.length / seconds;
}

function runBaseline(): number {
  const liquid = new Liquid({ strictVariables: true });
  const template = liquid.parse("We didn't recognise your response, {{ user.first_name }}.");
  const scope = { user: { first_name: 'Ana' } };
  const start = process.hrtime.bigint();
  let length = 0;
  for (let i = 0; i < N; i++) length += (liquid.renderSync(template, scope) as string).length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (length === 0) throw new Error('nothing rendered');
  return N / seconds;
}

const engineRates: number[] = [];
const baselineRates: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  engineRates.push(runEngine(waitingJourneys()));
  baselineRates.push(runBaseline());
}
const engine = median(engineRates);
const baseline = median(baselineRates);
console.log(`machine: ${machine()}`);
console.log(
  `engine: ${fmt(engine)} inbound replies/s on one core (median of ${ROUNDS} rounds of ${fmt(N)}; aim ≥ 50,000)`,
);
console.log(`baseline: ${fmt(baseline)} renders/s of the reply text alone with liquidjs`);
console.log(
  `ratio: the engine does a reply in ${(baseline / engine).toFixed(1)}× the time of one bare render`,
);
