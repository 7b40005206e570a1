/**
 * The seed flow through a real browser, as the end-to-end test will drive it: sign in,
 * build the seed canvas from an empty one with mouse and keyboard, publish, enter a phone,
 * tap NO in the simulator, see the reply and the NO count. Screenshots at 1280 px and on a
 * phone; fails on any console error. Against `web/dev/mock-api.ts` or a real server:
 *
 *   BASE_URL=http://localhost:3000 npx tsx web/dev/smoke.ts
 *   BASE_URL=http://localhost:5173 API_URL=http://localhost:3000 npx tsx web/dev/smoke.ts  # vite dev
 */
import { chromium, type Page } from 'playwright-core';

const BASE = process.env.BASE_URL ?? 'http://localhost:3000';
/** Where `/canvas/trigger/send` is (the Vite dev server proxies only /api and /emulator). */
const API = process.env.API_URL ?? BASE;
const OUT = process.env.SHOTS ?? '/tmp/riposte-shots';
const errors: string[] = [];

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));

  await page.goto(BASE);
  await page.getByTestId('signin-email').fill('admin@example.com');
  await page.getByTestId('signin-password').fill('correct horse battery');
  await page.getByTestId('signin-submit').click();

  await page.getByTestId('new-canvas-name').fill('Order feedback');
  await page.getByTestId('new-canvas').click();
  await page.getByTestId('palette-message').click();
  await page.getByTestId('message-kind').selectOption('template');
  await page.getByTestId('template-picker').selectOption('order_feedback');
  await page.getByTestId('palette-action_paths').click();
  // One connection by dragging, the way a mouse user does it.
  await drag(page, 'handle-message_1-next', 'handle-in-action_paths_1');
  await page.getByTestId('ap-group-per-quick-reply').click();
  await page.getByTestId('ap-add-catch-all').click();
  await page.getByTestId('next-action_paths_1-group-no').selectOption('new:message');
  await page.getByTestId('open-action_paths_1-group-no').click();
  await page.getByTestId('message-text').fill('Sorry to hear that, we will make it right.');
  await page.getByTestId('next-message_2-next').selectOption('new:user_update');
  await page.getByTestId('open-message_2-next').click();
  await page.getByTestId('uu-set-add').click();
  await page.getByTestId('uu-set-key-0').fill('last_feedback');
  await page.getByTestId('uu-set-value-0').fill('no');
  await page.keyboard.press('Escape');
  await page.screenshot({ path: `${OUT}/builder-1280.png` });
  await page.getByTestId('publish').click();
  await page.getByText(/Published version 1/).waitFor();

  const canvasId = page.url().split('/canvases/')[1] ?? '';
  const trigger = await page.request.post(`${API}/canvas/trigger/send`, {
    data: { canvas_id: canvasId, recipients: [{ phone: '+15551234567' }] },
  });
  if (!trigger.ok()) throw new Error(`trigger: ${trigger.status()} ${await trigger.text()}`);

  await page.goto(`${BASE}/#/simulator`);
  await page.getByTestId('sim-phone-picker').selectOption({ label: 'API contact (+15551234567)' });
  await page.getByTestId('quick-reply-1').last().click();
  await page.getByText('Sorry to hear that, we will make it right.').last().waitFor();
  await page.screenshot({ path: `${OUT}/simulator-1280.png` });

  await page.goto(`${BASE}/#/canvases/${canvasId}/analytics`);
  await page.getByTestId('group-count-action_paths_1-no').filter({ hasText: '1' }).waitFor();
  await page.screenshot({ path: `${OUT}/analytics-1280.png` });

  await page.setViewportSize({ width: 390, height: 844 });
  for (const [name, path] of [
    ['canvases', '/#/'],
    ['builder', `/#/canvases/${canvasId}`],
    ['simulator', '/#/simulator'],
    ['templates', '/#/templates'],
  ] as const) {
    await page.goto(`${BASE}${path}`);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${OUT}/${name}-phone.png`, fullPage: true });
  }
  await browser.close();
  if (errors.length > 0) throw new Error(`console errors:\n${errors.join('\n')}`);
  console.log(`seed flow ok; screenshots in ${OUT}`);
}

async function drag(page: Page, from: string, to: string): Promise<void> {
  const a = await page.getByTestId(from).boundingBox();
  const b = await page.getByTestId(to).boundingBox();
  if (!a || !b) throw new Error(`no box for ${from} or ${to}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.mouse.up();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
