/**
 * Body parameters for a newly picked template: one per placeholder, pre-filled with Meta's
 * own example values (which the author saw when creating the template), so the message
 * is complete at once and the author edits what should be personal.
 */
import type { LoadedTemplate } from '../api/templates';

type Params = string[] | Record<string, string>;

function exampleOf(template: LoadedTemplate): unknown {
  return template.meta.components.find((c) => c.type.toUpperCase() === 'BODY')?.example;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

export function defaultBodyParams(template: LoadedTemplate): Params | undefined {
  const { bodyParams, parameterFormat } = template.info;
  if (bodyParams.length === 0) return undefined;
  const example = exampleOf(template);
  if (parameterFormat === 'named') {
    const named = field(example, 'body_text_named_params');
    const out: Record<string, string> = {};
    for (const name of bodyParams) {
      const hit = Array.isArray(named)
        ? named.find((p: unknown) => field(p, 'param_name') === name)
        : undefined;
      const value = field(hit, 'example');
      out[name] = typeof value === 'string' ? value : '';
    }
    return out;
  }
  const rows = field(example, 'body_text');
  const first: unknown = Array.isArray(rows) ? rows[0] : undefined;
  return bodyParams.map((_, i) => {
    const value: unknown = Array.isArray(first) ? first[i] : undefined;
    return typeof value === 'string' ? value : '';
  });
}

/**
 * A template's value in a picker: its name, or `name|language` when the library has the
 * name in several languages (so a test or a person can pick `order_feedback` directly).
 */
export function templateKey(template: LoadedTemplate, all: readonly LoadedTemplate[]): string {
  const { name, language } = template.info;
  const languages = all.filter((t) => t.info.name === name).length;
  return languages > 1 ? `${name}|${language}` : name;
}
