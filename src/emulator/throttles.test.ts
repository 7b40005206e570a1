import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from './json-fields.js';
import type { EmulatorOptions } from './options.js';
import { errorOf, orderFeedback, testEmulator, USER, type TestEmulator } from './test-support.js';

let t: TestEmulator;

afterEach(async () => {
  await t.emulator.close();
});

function setup(options: EmulatorOptions) {
  t = testEmulator(options);
}

const codeOf = (response: { status: number; body: Json }) =>
  response.status === 200 ? 200 : errorOf(response.body).code;

describe('per-number throughput (130429)', () => {
  it('refuses sends over the number’s messages per second, and recovers as time passes', async () => {
    setup({ throughputPerSecond: 3 });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push(codeOf(await t.send(orderFeedback(`+1650555100${i}`))));
    expect(codes).toEqual([200, 200, 200, 130429, 130429]);
    const refused = await t.send(orderFeedback('+16505551009'));
    expect(refused.status).toBe(400);
    expect(errorOf(refused.body)).toMatchObject({
      message: '(#130429) Rate limit hit',
      error_data: { details: 'Cloud API message throughput has been reached.' },
    });
    t.clock.advance(1000);
    expect(codeOf(await t.send(orderFeedback('+16505551009')))).toBe(200);
  });

  it('takes the business number’s own setting over the default', async () => {
    setup({
      throughputPerSecond: 80,
      businessNumbers: [
        {
          phoneNumberId: '106540352242922',
          displayPhoneNumber: '+1 555-078-3881',
          wabaId: '102290129340398',
          throughputPerSecond: 1,
        },
      ],
    });
    expect(codeOf(await t.send(orderFeedback('+16505551001')))).toBe(200);
    expect(codeOf(await t.send(orderFeedback('+16505551002')))).toBe(130429);
  });
});

describe('per-pair rate (131056)', () => {
  it('allows a burst to one user, then about one message per interval; others are unaffected', async () => {
    setup({ pairRate: { intervalMs: 6000, burst: 3 } });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(codeOf(await t.send(orderFeedback())));
    expect(codes).toEqual([200, 200, 200, 131056]);
    const refused = await t.send(orderFeedback());
    expect(errorOf(refused.body)).toMatchObject({
      code: 131056,
      message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
    });
    expect(codeOf(await t.send(orderFeedback('+16505559999')))).toBe(200);
    t.clock.advance(6000);
    expect(codeOf(await t.send(orderFeedback()))).toBe(200);
    expect(codeOf(await t.send(orderFeedback()))).toBe(131056);
  });

  it('defaults to Meta’s figures: a burst of 45 to one user', async () => {
    setup({ throughputPerSecond: 1000 });
    const codes = [];
    for (let i = 0; i < 46; i++) codes.push(codeOf(await t.send(orderFeedback(USER))));
    expect(codes.filter((c) => c === 200)).toHaveLength(45);
    expect(codes[45]).toBe(131056);
  });
});
