/**
 * The Liquid dialect of canvases, shared by inspect (syntax and variables) and the engine
 * (rendering): the same options and the same Braze spellings on both sides.
 */
import { Liquid, type LiquidOptions } from 'liquidjs';

export const LIQUID_OPTIONS: LiquidOptions = {
  strictFilters: true,
  ownPropertyOnly: true,
  // Output is WhatsApp text, not HTML.
  outputEscape: undefined,
};

/**
 * Braze writes personalization as `{{${first_name}}}` and `{{whats_app.${inbound_message_body}}}`;
 * both spellings are accepted by turning `${name}` into `name` before parsing.
 */
export function normalizeBrazeSyntax(source: string): string {
  return source.includes('${') ? source.replace(/\$\{\s*([A-Za-z_][\w]*)\s*\}/g, '$1') : source;
}

export function hasLiquid(source: string): boolean {
  return source.includes('{{') || source.includes('{%');
}

const checker = new Liquid(LIQUID_OPTIONS);

/** Syntax check and the variable paths used (`['user', 'first_name']`). */
export function analyzeLiquid(
  source: string,
): { ok: true; variables: string[][] } | { ok: false; message: string } {
  if (!hasLiquid(source)) return { ok: true, variables: [] };
  try {
    const parsed = checker.parse(normalizeBrazeSyntax(source));
    const variables = checker
      .fullVariablesSync(parsed)
      .map((v) => v.split(/[.[\]'"]+/).filter((s) => s !== ''));
    return { ok: true, variables };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      message: (message.split('\n')[0] ?? message).replace(/, line:\d+, col:\d+$/, ''),
    };
  }
}
