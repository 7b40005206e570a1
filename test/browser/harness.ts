/**
 * What the browser tests share: the real `riposte start` as a child process (fresh SQLite,
 * a free port, the embedded emulator, the dashboard's production build in web/dist), Debian's
 * Chromium driven by playwright-core, pages that record every console error, and waits that
 * end on a condition or a deadline — never a fixed sleep.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { eventually, json } from '../helpers.js';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const CHROMIUM = '/usr/bin/chromium';
const WEB_DIST_INDEX = join(ROOT, 'web/dist/index.html');

/** The first-run user; the setup form creates it, later sign-ins reuse it. */
export const EMAIL = 'admin@example.com';
export const PASSWORD = 'correct horse battery';

/**
 * The screenshots kept in the repository are rewritten only on request
 * (`UPDATE_SCREENSHOTS=1`): message times and dates change on every run, and a test run
 * should not leave tracked files modified in a shared checkout. Otherwise they go to .tmp/.
 */
export const SHOTS = join(
  ROOT,
  process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : '.tmp/screenshots',
);

/** Fails with what to do when Chromium is missing; the browser tests are never skipped. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `The browser tests need Debian's Chromium at ${CHROMIUM}, which is missing. ` +
        'Install it with `bash scripts/ensure-chromium.sh` (CI runs it before the tests).',
    );
}

/** Builds web/dist when it is missing (CI builds it with `npm run build` first). */
export async function requireDashboardBuild(): Promise<void> {
  if (existsSync(WEB_DIST_INDEX)) return;
  const { code, output } = await run('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], {
    timeoutMs: 150_000,
  });
  if (code !== 0 || !existsSync(WEB_DIST_INDEX))
    throw new Error(`building the dashboard (web/dist) failed (exit ${code}):\n${output}`);
}

async function run(
  command: string,
  args: string[],
  { timeoutMs }: { timeoutMs: number },
): Promise<{ code: number | null; output: string }> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}

export interface Server {
  url: string;
  /** The first API key `riposte start` prints (all scopes). */
  key: string;
  /** stderr so far, for failure messages. */
  log(): string;
  stop(): Promise<number | null>;
}

/**
 * `riposte start` as test/api/start-command.test.ts runs it: from source through tsx, with
 * PORT=0 and a fresh SQLite file. It prints one line with the URL and the first API key.
 */
export async function startServer(): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-browser-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/bin.ts', 'start'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${join(dir, 'riposte.db')}`,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no start line from riposte start in 60 s (stderr: ${stderr})`)),
        60_000,
      );
      const onData = () => {
        if (!stdout.includes('\n')) return;
        clearTimeout(timer);
        resolve(stdout);
      };
      child.stdout?.on('data', onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`riposte start exited (${code}) before listening: ${stderr}`));
      });
    });
    const match =
      /running at (http:\/\/127\.0\.0\.1:\d+) .*API key \(all scopes, shown once\): (rp_\S+) — WhatsApp: embedded emulator/.exec(
        line,
      );
    if (!match?.[1] || !match[2]) throw new Error(`unexpected start line: ${line}`);
    const url = match[1];
    await eventually(
      async () => ((await json(`${url}/readyz`)).status === 200 ? true : undefined),
      'the server ready',
      30_000,
    );
    return { url, key: match[2], log: () => stderr, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Headless Chromium as the brief gives it. `launch` starts it with a fresh, temporary
 * user-data dir of its own (deleted on close); each test then takes a fresh context.
 */
export async function launchBrowser(): Promise<Browser> {
  requireChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Tab {
  page: Page;
  /** Console errors and uncaught exceptions seen on this tab, with the URL they came from. */
  problems: string[];
  close(): Promise<void>;
}

/** A fresh context (no cookies) with one page that records console errors and page errors. */
export async function openTab(
  browser: Browser,
  viewport: { width: number; height: number } = { width: 1280, height: 800 },
): Promise<Tab> {
  const context = await browser.newContext({
    viewport,
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error')
      problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error on ${page.url()}: ${String(error)}`));
  return { page, problems, close: () => context.close() };
}

/** Signs in on the sign-in form, or on the first-run form (same fields) on a fresh server. */
export async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('signin-email').fill(EMAIL);
  await page.getByTestId('signin-password').fill(PASSWORD);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('nav-canvases').waitFor();
}

/** Resolves once the element's box has not moved for two animation frames (React Flow fits the view after a change). */
export async function settledBox(
  page: Page,
  locator: Locator,
  timeoutMs = 10_000,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const deadline = Date.now() + timeoutMs;
  let last = await locator.boundingBox();
  for (;;) {
    await page.evaluate(
      'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))',
    );
    const now = await locator.boundingBox();
    if (now && last && now.x === last.x && now.y === last.y && now.width === last.width) return now;
    if (Date.now() > deadline) throw new Error(`${String(locator)} did not stop moving`);
    last = now;
  }
}

/** A mouse drag from the centre of one element to the centre of another, in small steps. */
export async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await settledBox(page, from);
  const b = await settledBox(page, to);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** How far the page scrolls sideways (0: no horizontal overflow), and what sticks out. */
export async function horizontalOverflow(
  page: Page,
): Promise<{ overflow: number; wide: string[] }> {
  return page.evaluate(`(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5 && !e.closest('.table-wrap, .react-flow'))
      .slice(0, 8)
      .map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
    return { overflow: Math.max(root.scrollWidth, document.body.scrollWidth) - width, wide };
  })()`);
}

export function screenshotPath(name: string): string {
  mkdirSync(SHOTS, { recursive: true });
  return join(SHOTS, name);
}
