/**
 * How reply text is compared, shared by the engine (matching) and inspect (checking `is`
 * values against button labels): Unicode NFKC, accents folded, case folded, whitespace
 * collapsed and trimmed.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

const EDGE_PUNCTUATION = /^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu;

/** The form `is` compares: normalized, without surrounding punctuation (unless that is all it is). */
export function normalizeWhole(text: string): string {
  const normalized = normalizeText(text);
  const stripped = normalized.replace(EDGE_PUNCTUATION, '');
  return stripped === '' ? normalized : stripped;
}
