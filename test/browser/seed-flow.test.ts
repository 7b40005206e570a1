/**
 * The seed story in a real browser against the real server: `riposte start` (SQLite, the
 * embedded emulator standing in for Meta, the dashboard's production build), Debian's
 * Chromium through playwright-core. The first test signs in through the first-run form,
 * builds the seed canvas on an empty one with the mouse and the keyboard, publishes it,
 * enters a phone through the API, taps NO in the simulator and watches the NO count become 1
 * on the analytics view; the others check a phone-sized screen and keyboard use. Every page
 * must stay free of console errors.
 *
 * Screenshots (1280 px wide) go to .tmp/screenshots, or to docs/screenshots with
 * UPDATE_SCREENSHOTS=1 (the README shows those).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, json } from '../helpers.js';
import {
  drag,
  EMAIL,
  horizontalOverflow,
  launchBrowser,
  openTab,
  PASSWORD,
  requireChromium,
  requireDashboardBuild,
  screenshotPath,
  settledBox,
  signIn,
  type Server,
  startServer,
  type Tab,
} from './harness.js';

const PHONE = '+15551234567';
const APOLOGY =
  "Sorry to hear that, {{ user.first_name | default: 'friend' }}. We'll make it right.";
const APOLOGY_SENT = "Sorry to hear that, Ana. We'll make it right.";
/** How long the dashboard may take to show what the server did (it polls every 1–3 s). */
const SHOWN_WITHIN = { timeout: 20_000, interval: 200 };

describe('the dashboard in Chromium against riposte start', () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  /** Why the server or the browser did not start: every test fails with it (none is skipped). */
  let startup: unknown;
  const tabs: Tab[] = [];

  beforeAll(async () => {
    try {
      requireChromium();
      await requireDashboardBuild();
      const [started, launched] = await Promise.allSettled([startServer(), launchBrowser()]);
      if (started.status === 'fulfilled') server = started.value;
      if (launched.status === 'fulfilled') browser = launched.value;
      if (started.status === 'rejected') throw started.reason;
      if (launched.status === 'rejected') throw launched.reason;
    } catch (error) {
      startup = error;
    }
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled(tabs.map((t) => t.close()));
    await browser?.close();
    await server?.stop();
  }, 30_000);

  const ready = () => {
    if (startup !== undefined) throw startup;
    if (!server || !browser) throw new Error('the server or the browser did not start');
    return { server, browser };
  };
  const tab = async (viewport?: { width: number; height: number }) => {
    const opened = await openTab(ready().browser, viewport);
    tabs.push(opened);
    return opened;
  };
  const api = (path: string, init: RequestInit = {}) =>
    json(`${ready().server.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${ready().server.key}`, ...init.headers },
    });

  it('builds the seed canvas with mouse and keyboard, publishes it, and counts the NO tapped in the simulator', async () => {
    const { server } = ready();
    const { page, problems } = await tab();

    // 1. First run: the setup form creates the user and signs in.
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Create the first account' }).waitFor();
    await page.getByTestId('signin-email').fill(EMAIL);
    await page.getByTestId('signin-password').fill(PASSWORD);
    await page.getByTestId('signin-submit').click();
    // The list knows the example canvas `riposte start` loaded, so the new id avoids it.
    await page.getByTestId('canvas-row-order-feedback').waitFor();
    const session = await page.request.get(`${server.url}/api/v1/session`);
    expect(((await session.json()) as { user: unknown }).user).toEqual({ email: EMAIL });

    // 2. An empty canvas.
    await page.getByTestId('new-canvas-name').fill('Order feedback');
    await page.getByTestId('new-canvas').click();
    await page.waitForURL(/#\/canvases\/order-feedback-2$/);
    const canvasId = 'order-feedback-2';
    await page.getByTestId('palette').waitFor();
    await expect // the entry and the lone exit
      .poll(() => page.locator('.react-flow__node').count(), SHOWN_WITHIN)
      .toBe(2);

    // The template message, with Liquid body parameters.
    await page.getByTestId('palette-message').click();
    await page.getByTestId('message-kind').selectOption('template');
    await page.getByTestId('template-picker').selectOption('order_feedback');
    await expect.poll(() => page.getByTestId('template-param-0').inputValue()).toBe('Ana'); // the template's example value
    await page.getByTestId('template-param-0').fill("{{ user.first_name | default: 'there' }}");
    await page.getByTestId('template-param-1').fill('{{ context.order_id }}');

    // Action Paths, connected by dragging the message's handle onto it.
    await page.getByTestId('palette-action_paths').click();
    await page.getByTestId('node-action_paths_1').waitFor();
    await drag(
      page,
      page.getByTestId('handle-message_1-next'),
      page.getByTestId('handle-in-action_paths_1'),
    );
    await page
      .getByTestId('rf__edge-message_1|next')
      .waitFor({ state: 'attached', timeout: 5_000 })
      .catch(() => {
        throw new Error('dragging message_1 → action_paths_1 drew no edge');
      });
    // Enabled once the message with quick replies leads here.
    await page.getByTestId('ap-group-per-quick-reply').click();
    await page.getByTestId('ap-add-catch-all').click();
    for (const group of ['yes', 'no', 'talk_to_support', 'other'])
      await page.getByTestId(`ap-group-${group}`).waitFor();
    await page.getByTestId('ap-window').fill('24h');

    // The reply on NO, then the profile update, each through the branch selects.
    await page.getByTestId('next-action_paths_1-group-no').selectOption('new:message');
    await page.getByTestId('open-action_paths_1-group-no').click();
    await page.getByTestId('message-text').click(); // a new text message says "Hello!"
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(APOLOGY);
    await page.getByTestId('next-message_2-next').selectOption('new:user_update');
    await page.getByTestId('open-message_2-next').click();
    await page.getByTestId('uu-set-add').click();
    await page.getByTestId('uu-set-key-0').fill('last_feedback');
    await page.getByTestId('uu-set-value-0').fill('no');
    await page.getByTestId('next-user_update_1-next').selectOption('done');

    // 3. Publish (it saves first); nothing blocks it: the template is APPROVED.
    expect(await page.getByTestId('publish-reason').count()).toBe(0);
    expect(await page.locator('[data-testid^="issue-badge-"]').count()).toBe(0);
    await page.getByTestId('publish').click();
    await page.getByTestId('notice').getByText('Published version 1. It is live.').waitFor();
    await page.getByTestId('save-state').getByText('Saved').waitFor();

    // What the mouse and keyboard built is the seed canvas.
    const stored = await api(`/api/v1/canvases/${canvasId}`);
    expect(stored.body).toMatchObject({ status: 'live', liveVersion: 1 });
    const draft = stored.body.draft as { steps: Array<Record<string, unknown>> };
    expect(draft.steps.map((s) => `${String(s.id)}:${String(s.type)}`)).toEqual([
      'message_1:message',
      'done:exit',
      'action_paths_1:action_paths',
      'message_2:message',
      'user_update_1:user_update',
    ]);
    expect(draft.steps[0]).toMatchObject({
      whatsapp: {
        template: 'order_feedback',
        language: 'en_US',
        body: ["{{ user.first_name | default: 'there' }}", '{{ context.order_id }}'],
      },
      next: 'action_paths_1',
    });
    expect(draft.steps[2]).toMatchObject({
      window: '24h',
      groups: [
        { id: 'yes', when: { inbound_whatsapp: { button: 0 } } },
        { id: 'no', when: { inbound_whatsapp: { button: 1 } }, next: 'message_2' },
        { id: 'talk_to_support', when: { inbound_whatsapp: { button: 2 } } },
        { id: 'other', when: { inbound_whatsapp: {} } },
      ],
    });
    expect(draft.steps[3]).toMatchObject({ whatsapp: { text: APOLOGY }, next: 'user_update_1' });
    expect(draft.steps[4]).toMatchObject({ set: { last_feedback: 'no' }, next: 'done' });

    await page.getByTestId('node-action_paths_1').click();
    await page.getByTestId('ap-groups').waitFor();
    await settledBox(page, page.getByTestId('node-user_update_1'));
    await page.screenshot({ path: screenshotPath('builder.png') });

    // 4. A virtual phone enters through the Braze-compatible API.
    const trigger = await api('/canvas/trigger/send', {
      method: 'POST',
      body: JSON.stringify({
        canvas_id: canvasId,
        recipients: [
          {
            external_user_id: 'u-1',
            send_to_existing_only: false,
            attributes: { first_name: 'Ana', phone: PHONE },
            context: { order_id: 'A-1042' },
          },
        ],
      }),
    });
    expect(trigger).toMatchObject({ status: 201, body: { message: 'success' } });

    // 5. Tap NO in the simulator; the apology arrives.
    await page.getByTestId('nav-simulator').click();
    await page.getByTestId('sim-phone-picker').selectOption(PHONE);
    await page.waitForURL(/#\/simulator\/%2B15551234567$/);
    const chat = page.getByTestId('sim-chat');
    const template = chat
      .getByTestId('chat-bubble')
      .filter({ hasText: 'Hi Ana, how was your order A-1042?' });
    await template.waitFor();
    expect(await template.getAttribute('data-side')).toBe('theirs');
    await chat.getByTestId('quick-reply-1').last().click();
    await chat.locator('[data-side="mine"]').filter({ hasText: /^NO/ }).waitFor();
    await expect
      .poll(
        () => chat.getByTestId('quick-reply-1').last().getAttribute('aria-pressed'),
        SHOWN_WITHIN,
      )
      .toBe('true');
    await chat
      .locator('[data-side="theirs"]')
      .filter({ hasText: APOLOGY_SENT })
      .waitFor(SHOWN_WITHIN);
    await page.screenshot({ path: screenshotPath('simulator.png') });

    // 6. The canvas's analytics: the NO group reaches 1 (the view polls every 3 s).
    await page.getByTestId('nav-canvases').click();
    await page
      .getByTestId(`canvas-row-${canvasId}`)
      .getByRole('link', { name: 'Analytics' })
      .click();
    await page.waitForURL(new RegExp(`#/canvases/${canvasId}/analytics$`));
    const noCount = page.getByTestId('group-count-action_paths_1-no');
    await expect.poll(() => noCount.textContent(), SHOWN_WITHIN).toBe('1');
    await expect
      .poll(() => page.getByTestId('canvas-entries').textContent(), SHOWN_WITHIN)
      .toBe('1 entries');
    for (const other of ['yes', 'talk_to_support', 'other', 'everyone_else'])
      expect(await page.getByTestId(`group-count-action_paths_1-${other}`).textContent()).toBe('0');
    await expect
      .poll(() => page.getByTestId('step-count-message_2-sent').textContent(), SHOWN_WITHIN)
      .toBe('1');
    // The tap is counted on the message that carried the buttons.
    expect(await page.getByTestId('button-count-message_1-1').textContent()).toBe('1');
    expect(await page.getByTestId('button-count-message_1-0').textContent()).toBe('0');
    await page.getByTestId('node-action_paths_1').click();
    const details = page.getByRole('complementary', { name: 'Step analytics' });
    await details.getByRole('row', { name: /→ NO 1 100%/ }).waitFor();
    // NO was tapped within a minute of the question: one reply in the first bucket.
    await details.getByRole('row', { name: 'up to 1m 1' }).waitFor(SHOWN_WITHIN);
    await settledBox(page, page.getByTestId('node-user_update_1'));
    await page.screenshot({ path: screenshotPath('analytics.png') });

    // The contact: profile updated, the conversation as chat bubbles, NO marked as tapped.
    await eventually(async () => {
      const found = await api(`/api/v1/contacts?q=u-1`);
      const [contact] = (found.body.contacts ?? []) as Array<{
        attributes: Record<string, unknown>;
      }>;
      return contact?.attributes.last_feedback === 'no' ? true : undefined;
    }, 'last_feedback = no on the profile');
    await page.getByTestId('nav-contacts').click();
    await page.getByTestId('contact-search').fill('u-1');
    await page.getByRole('link', { name: 'Ana', exact: true }).click();
    await page.getByTestId('contact-attributes').getByText('last_feedback').waitFor();
    expect(await page.getByTestId('contact-attributes').textContent()).toContain('last_feedbackno');
    const timeline = page.getByTestId('timeline');
    await timeline
      .getByTestId('chat-bubble')
      .filter({ hasText: APOLOGY_SENT })
      .waitFor(SHOWN_WITHIN);
    const tapped = timeline.getByTestId('quick-reply-label-1');
    expect(await tapped.textContent()).toBe('NO (tapped)');
    expect(await tapped.getAttribute('class')).toContain('is-tapped');
    expect(await timeline.getByTestId('quick-reply-label-0').getAttribute('class')).not.toContain(
      'is-tapped',
    );
    await page.screenshot({ path: screenshotPath('contact-timeline.png') });

    // 7. No console errors on any page.
    expect(problems).toEqual([]);
  }, 120_000);

  it('on a phone (390 × 844) the canvas list and the simulator fit the screen: no sideways scrolling', async () => {
    const { page, problems } = await tab({ width: 390, height: 844 });
    await signIn(page, ready().server.url);

    // A phone of its own, with a template and its buttons in the chat.
    const phone = '+15557654321';
    const created = await api('/api/v1/simulator/phones', {
      method: 'POST',
      body: JSON.stringify({ phone, name: 'Bo' }),
    });
    expect(created.status).toBe(201);
    const trigger = await api('/canvas/trigger/send', {
      method: 'POST',
      body: JSON.stringify({
        canvas_id: 'order-feedback',
        recipients: [
          {
            external_user_id: 'u-phone',
            send_to_existing_only: false,
            attributes: { first_name: 'Bo', phone },
            context: { order_id: 'B-7' },
          },
        ],
      }),
    });
    expect(trigger.status).toBe(201);

    await page.getByTestId('canvas-list').waitFor();
    await page.getByTestId('canvas-row-order-feedback').waitFor();
    expect(await horizontalOverflow(page)).toEqual({ overflow: 0, wide: [] });
    await fitsWidth(page, 'new-canvas', 390);

    await page.getByTestId('nav-simulator').click();
    await page.getByTestId('sim-phone-picker').selectOption(phone);
    const chat = page.getByTestId('sim-chat');
    await chat
      .getByTestId('chat-bubble')
      .filter({ hasText: 'how was your order B-7?' })
      .waitFor(SHOWN_WITHIN);
    expect(await horizontalOverflow(page)).toEqual({ overflow: 0, wide: [] });
    for (const id of ['quick-reply-2', 'sim-send', 'sim-phone-picker'])
      await fitsWidth(page, id, 390);

    expect(problems).toEqual([]);
  }, 60_000);

  it('with the keyboard alone: tabs through the sign-in form and the canvas list, and opens a new canvas', async () => {
    const { server } = ready();
    const { page, problems } = await tab();
    await page.goto(server.url);
    await page.getByTestId('signin-submit').waitFor();

    // Sign-in: email, password, submit, in that order, each with a visible focus ring.
    expect(await tabStops(page, 3)).toEqual(['signin-email', 'signin-password', 'signin-submit']);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatchObject({ testId: 'signin-email' });
    await page.keyboard.type(EMAIL);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByTestId('canvas-row-order-feedback').waitFor();

    // The canvas list: every link and control in the page's order, then round again.
    const expected = await page.evaluate<
      string[]
    >(`[...document.querySelectorAll('a[href], button:not([disabled]), input, select, textarea')]
      .filter((e) => e.tabIndex >= 0 && e.getClientRects().length > 0)
      .map((e) => e.dataset.testid || e.textContent.trim())`);
    expect(expected).toEqual(
      expect.arrayContaining(['nav-canvases', 'nav-simulator', 'new-canvas-name', 'new-canvas']),
    );
    const stops = await tabStops(page, expected.length);
    expect(stops).toEqual(expected);

    // Round to the new-canvas form, name it, and press Enter on "New canvas".
    const name = await tabTo(page, 'new-canvas-name', expected.length + 2);
    expect(name.focusVisible).toBe(true);
    await page.keyboard.type('Made with the keyboard');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ testId: 'new-canvas', focusVisible: true });
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/canvases\/made-with-the-keyboard$/);
    await page.getByTestId('palette').waitFor();
    expect(await page.getByRole('heading', { name: 'Made with the keyboard' }).count()).toBe(1);

    expect(problems).toEqual([]);
  }, 60_000);
});

interface Focus {
  testId: string;
  focusVisible: boolean;
}

async function focused(page: Page): Promise<Focus> {
  return page.evaluate<Focus>(`(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return { testId: '(body)', focusVisible: false };
    return { testId: e.dataset.testid || e.textContent.trim(), focusVisible: e.matches(':focus-visible') };
  })()`);
}

/** Presses Tab `count` times; each stop must show a focus ring. Returns where focus went. */
async function tabStops(page: Page, count: number): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (!now.focusVisible)
      throw new Error(`no visible focus on ${now.testId} after ${stops.join(' → ')}`);
    stops.push(now.testId);
  }
  return stops;
}

async function tabTo(page: Page, testId: string, limit: number): Promise<Focus> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.testId === testId) return now;
    seen.push(now.testId);
  }
  throw new Error(`Tab never reached ${testId}: ${seen.join(' → ')}`);
}

async function fitsWidth(page: Page, testId: string, width: number): Promise<void> {
  const box = await page.getByTestId(testId).last().boundingBox();
  expect(box, testId).not.toBeNull();
  expect(box && box.x >= 0 && box.x + box.width <= width, `${testId} within ${width} px`).toBe(
    true,
  );
}
