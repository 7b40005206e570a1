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

const engine = new Liquid({ ...LIQUID_OPTIONS, strictVariables: true, lenientIf: true });

/**
 * Webhook requests are machine-to-machine: a missing value renders empty, as Braze does,
 * rather than dropping the call.
 */
const lenientEngine = new Liquid({
  strictFilters: true,
  ownPropertyOnly: true,
  outputEscape: undefined,
});

/** Parsed templates, keyed by source. Memoization only: same input, same output. */
const cache = new Map<string, Template[]>();
const CACHE_MAX = 10_000;

export type RenderResult =
  | { ok: true; text: string }
  | { ok: false; code: 'liquid_missing_variable' | 'liquid_error'; message: string };

export function parseLiquid(source: string): Template[] {
  let parsed = cache.get(source);
  if (parsed === undefined) {
    parsed = engine.parse(normalizeBrazeSyntax(source));
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(source, parsed);
  }
  return parsed;
}

export function render(
  source: string,
  scope: object,
  mode: 'strict' | 'lenient' = 'strict',
): RenderResult {
  // Plain text is the common case for replies; skip the Liquid machinery for it.
  if (!hasLiquid(source)) return { ok: true, text: source };
  try {
    const text = (mode === 'strict' ? engine : lenientEngine).renderSync(
      parseLiquid(source),
      scope,
    ) as unknown;
    return { ok: true, text: typeof text === 'string' ? text : String(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith('undefined variable')) {
      const variable = /undefined variable: ([^,]+)/.exec(message)?.[1] ?? 'unknown';
      return {
        ok: false,
        code: 'liquid_missing_variable',
        message: `"${variable}" has no value; give it one or use | default: '…'`,
      };
    }
    return { ok: false, code: 'liquid_error', message: message.split('\n')[0] ?? message };
  }
}
