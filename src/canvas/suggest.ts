import { distance } from 'fastest-levenshtein';

/**
 * The closest known word to a typo, or undefined when nothing is close enough to be a
 * helpful guess. "Close enough" grows with the word: one edit for one or two letters, two
 * for short words (a swapped pair, `YSE` → `YES`, is two edits), a third of the length for
 * long ones, so `inbound_whatsap` → `inbound_whatsapp` while unrelated words suggest nothing.
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const allowed = word.length <= 2 ? 1 : Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

/** ` (did you mean "x"?)` or an empty string. */
export function didYouMean(word: string, known: readonly string[]): string {
  const guess = closest(word, known);
  return guess === undefined ? '' : ` (did you mean "${guess}"?)`;
}
