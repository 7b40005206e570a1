/**
 * Template placeholders: positional `{{1}}`, `{{2}}`, … or named `{{first_name}}`.
 */

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** Placeholder names in order of appearance, repeats included (`["1", "2", "1"]`). */
export function placeholders(text: string | undefined): string[] {
  if (!text) return [];
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/** Distinct placeholder names in order of first appearance. */
export function distinctPlaceholders(text: string | undefined): string[] {
  return [...new Set(placeholders(text))];
}

export const isPositionalName = (name: string): boolean => /^[1-9]\d*$/.test(name);
/** Meta: named parameters are lowercase letters, digits and underscores. */
export const isNamedName = (name: string): boolean => /^[a-z_][a-z0-9_]*$/.test(name);

/** Replace each placeholder with its value; unknown names stay as written. */
export function substitute(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values.get(name) ?? whole);
}

/** A placeholder at the very start or end of the text (Meta error 2388299). */
export function hasLeadingOrTrailingPlaceholder(text: string): boolean {
  const trimmed = text.trim();
  return /^\{\{[^{}]*\}\}/.test(trimmed) || /\{\{[^{}]*\}\}$/.test(trimmed);
}

/** Two placeholders with nothing but spaces between them (`{{1}} {{2}}`). */
export function hasAdjacentPlaceholders(text: string): boolean {
  return /\}\}\s*\{\{/.test(text);
}

/** Words of the text that are not placeholders. */
export function wordCount(text: string): number {
  return text
    .replace(PLACEHOLDER, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
