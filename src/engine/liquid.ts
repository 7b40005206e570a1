/**
 * Liquid rendering for message content, webhook requests and profile updates.
 *
 * Strict by design: a variable that is missing aborts the render with a coded reason, so
 * WhatsApp never receives "Hi , your order" (Braze: "a missing Liquid variable means WhatsApp
 * won't send"). Authors write `{{ user.first_name | default: 'there' }}` for optional values;
 * `lenientIf` lets `default` and `{% if %}` test missing values without failing.
 *
 * Inbound text is data: it reaches templates only as variable values and is never parsed.
 */
import { Liquid, type Template } from 'liquidjs';
import { LIQUID_OPTIONS, hasLiquid, normalizeBrazeSyntax } from '../canvas/liquid-syntax.js';
import { compileFast, type FastTemplate } from './liquid-fast.js';

const strictEngine = new Liquid({ ...LIQUID_OPTIONS, strictVariables: true, lenientIf: true });

/**
 * Webhook requests are machine-to-machine: a missing value renders empty, as Braze does,
 * rather than dropping the call.
 */
const lenientEngine = new Liquid(LIQUID_OPTIONS);

/** Parsed and compiled templates, keyed by source. Memoization only: same input, same output. */
const parsedCache = new Map<string, Template[]>();
const fastCache = new Map<string, FastTemplate | null>();
const CACHE_MAX = 10_000;

export type RenderResult =
  | { ok: true; text: string }
  | { ok: false; code: 'liquid_missing_variable' | 'liquid_error'; message: string };

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, value);
  }
  return value;
}

export function render(
  source: string,
  scope: object,
  mode: 'strict' | 'lenient' = 'strict',
): RenderResult {
  // Plain text is the common case for replies; skip the Liquid machinery for it.
  if (!hasLiquid(source)) return { ok: true, text: source };
  const quick = remember(fastCache, source, () => compileFast(normalizeBrazeSyntax(source)))?.(
    scope,
    mode === 'strict',
  );
  if (quick === undefined) return renderWithLiquidjs(source, scope, mode);
  return quick.ok ? quick : missingVariable(quick.missing);
}

/** The general renderer, for everything outside the fast subset (exported for the parity test). */
export function renderWithLiquidjs(
  source: string,
  scope: object,
  mode: 'strict' | 'lenient',
): RenderResult {
  try {
    const parsed = remember(parsedCache, source, () =>
      strictEngine.parse(normalizeBrazeSyntax(source)),
    );
    const text = (mode === 'strict' ? strictEngine : lenientEngine).renderSync(
      parsed,
      scope,
    ) as unknown;
    return { ok: true, text: typeof text === 'string' ? text : String(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith('undefined variable')) {
      return missingVariable(/undefined variable: ([^,]+)/.exec(message)?.[1] ?? 'unknown');
    }
    return { ok: false, code: 'liquid_error', message: message.split('\n')[0] ?? message };
  }
}

function missingVariable(variable: string): RenderResult {
  return {
    ok: false,
    code: 'liquid_missing_variable',
    message: `"${variable}" has no value; give it one or use | default: '…'`,
  };
}
