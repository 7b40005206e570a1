/**
 * Running the tests of a loaded suite on the simulator.
 */
import { parseDuration } from '../canvas/duration.js';
import type { Contact } from '../engine/types.js';
import { check, type Mismatch } from './expect.js';
import type { LoadedSuite } from './load.js';
import { Simulator, type SentMessage } from './simulator.js';
import type { ContactSpec, InputSpec, TapSpec, TestCase } from './spec.js';

export interface TestResult {
  name: string;
  ok: boolean;
  /** The failing step (1-based) and what did not match. */
  failure?: { step: number; mismatches: Mismatch[] } | { step: number; error: string };
}

const DEFAULT_START = Date.UTC(2026, 0, 5, 9, 0, 0);

export function runSuite(suite: LoadedSuite): TestResult[] {
  return suite.spec.tests.map((test) => runTest(suite, test));
}

function runTest(suite: LoadedSuite, test: TestCase): TestResult {
  const spec = suite.spec;
  const start = parseStart(test.start ?? spec.start);
  const firstCanvas = [...suite.canvases.values()][0];
  const number = spec.number ?? firstCanvas?.settings?.number ?? 'default';
  const sim = new Simulator(
    suite.canvases,
    suite.templates,
    toContact(test.contact ?? spec.contact ?? {}),
    start,
    number,
  );
  const multiCanvas = suite.canvases.size > 1;
  for (const [i, input] of test.steps.entries()) {
    try {
      const mismatches = perform(sim, input, suite, multiCanvas);
      if (mismatches.length > 0)
        return { name: test.name, ok: false, failure: { step: i + 1, mismatches } };
    } catch (error) {
      return {
        name: test.name,
        ok: false,
        failure: { step: i + 1, error: error instanceof Error ? error.message : String(error) },
      };
    }
  }
  return { name: test.name, ok: true };
}

function perform(
  sim: Simulator,
  input: InputSpec,
  suite: LoadedSuite,
  multiCanvas: boolean,
): Mismatch[] {
  if (input.expect) return check(input.expect, sim.drain(), sim, multiCanvas);
  if (input.enter) {
    const canvasId = input.enter.canvas ?? [...suite.canvases.keys()][0] ?? '';
    sim.enter(canvasId, input.enter.context ?? {});
  } else if (input.tap !== undefined) {
    const { message, button } = resolveTap(sim, input.tap);
    sim.tap(message, button);
  } else if (input.type !== undefined) {
    sim.typeText(input.type);
  } else if (input.event) {
    sim.event(input.event.name, input.event.properties ?? {});
  } else if (input.wait !== undefined) {
    sim.wait(parseDuration(input.wait) ?? 0);
  } else if (input.webhooks_respond) {
    sim.webhookResponse = input.webhooks_respond;
  } else if (input.set_contact) {
    sim.setAttributes(input.set_contact);
  }
  return [];
}

function resolveTap(sim: Simulator, tap: TapSpec): { message: SentMessage; button: number } {
  const spec = typeof tap === 'object' ? tap : { button: tap };
  const withButtons = sim.messages.filter(
    (m) => m.buttons.length > 0 && (spec.canvas === undefined || m.canvasId === spec.canvas),
  );
  const which = spec.message ?? 'last';
  const message =
    which === 'last'
      ? withButtons[withButtons.length - 1]
      : which === 'first'
        ? withButtons[0]
        : withButtons[which - 1];
  if (!message)
    throw new Error(
      `no message with buttons to tap${spec.canvas ? ` from canvas "${spec.canvas}"` : ''} (${withButtons.length} sent)`,
    );
  const button =
    typeof spec.button === 'number'
      ? spec.button
      : message.buttons.findIndex((b) => b.toLowerCase() === spec.button.toString().toLowerCase());
  if (button < 0 || button >= message.buttons.length) {
    throw new Error(
      `the message has no button "${spec.button}"; its buttons are ${message.buttons.map((b) => `"${b}"`).join(', ')}`,
    );
  }
  return { message, button };
}

function parseStart(value: string | undefined): number {
  if (value === undefined) return DEFAULT_START;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`start "${value}" is not an ISO date`);
  return ms;
}

function toContact(spec: ContactSpec): Contact {
  return {
    id: `c-${spec.external_id ?? spec.phone ?? spec.user_id ?? '1'}`,
    ...(spec.external_id !== undefined ? { externalId: spec.external_id } : {}),
    ...(spec.phone !== undefined ? { phone: spec.phone } : {}),
    ...(spec.user_id !== undefined ? { userId: spec.user_id } : {}),
    ...(spec.time_zone !== undefined ? { timeZone: spec.time_zone } : {}),
    attributes: { ...(spec.attributes ?? {}) },
    subscriptions: { ...(spec.subscriptions ?? {}) },
    lastInboundAt: {},
  };
}
