/**
 * How reply text is compared, shared by the engine (matching) and inspect (checking `is`
 * values against button labels): Unicode NFKC, accents folded, case folded, whitespace
 * collapsed and trimmed.
 */
/** Bounded memo: canvas values repeat on every message, and one message is compared per group. */
const memo = new Map<string, string>();
const wholeMemo = new Map<string, string>();
const MEMO_MAX = 5000;

function remember(cache: Map<string, string>, key: string, make: (s: string) => string): string {
  let value = cache.get(key);
  if (value === undefined) {
    value = make(key);
    if (cache.size >= MEMO_MAX) cache.clear();
    cache.set(key, value);
  }
  return value;
}

export function normalizeText(text: string): string {
  return remember(memo, text, fold);
}

function fold(text: string): string {
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
  return remember(wholeMemo, text, foldWhole);
}

function foldWhole(text: string): string {
  const normalized = normalizeText(text);
  const stripped = normalized.replace(EDGE_PUNCTUATION, '');
  return stripped === '' ? normalized : stripped;
}
