/**
 * Subscription keywords typed by a person ("STOP", "PARAR", "START"…). WhatsApp has no
 * built-in keyword opt-out on Cloud API (reference §10): recording it is the business's job.
 *
 * Matching is whole-message: "STOP" opts out, "please stop sending" does not (that is a
 * conversation, for a canvas to handle). Case, accents, width variants, zero-width
 * characters, repeated whitespace and surrounding punctuation or emoji are ignored, so
 * "  Arrêt ! " and "ＳＴＯＰ" match like "ARRET" and "STOP".
 */
import { z } from 'zod';

export type SubscriptionIntent = 'subscribe' | 'unsubscribe';

/**
 * Opt-out words: the US carrier set (CTIA: STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT),
 * Meta's own "Stop promotions" wording, and common translations. Accents are optional
 * when matching, so ARRÊT covers ARRET.
 */
export const DEFAULT_UNSUBSCRIBE_KEYWORDS: readonly string[] = [
  'STOP',
  'STOP ALL',
  'STOPALL',
  'STOP PROMOTIONS',
  'UNSUBSCRIBE',
  'OPT OUT',
  'OPTOUT',
  'CANCEL',
  'END',
  'QUIT',
  // Spanish / Portuguese
  'PARAR',
  'BAJA',
  'DAR DE BAJA',
  'DARME DE BAJA',
  'DETENER',
  'CANCELAR',
  'SAIR',
  'DESCADASTRAR',
  // French
  'ARRÊT',
  'ARRÊTER',
  'DÉSABONNER',
  'DÉSINSCRIRE',
  // German
  'STOPP',
  'ABMELDEN',
  'ABBESTELLEN',
  // Italian
  'ANNULLA',
  'DISISCRIVITI',
  // Dutch
  'AFMELDEN',
  'UITSCHRIJVEN',
  // Indonesian / Malay
  'BERHENTI',
];

/** Opt-in words: START and UNSTOP (CTIA) and common translations. */
export const DEFAULT_SUBSCRIBE_KEYWORDS: readonly string[] = [
  'START',
  'UNSTOP',
  'SUBSCRIBE',
  'COMENZAR',
  'INICIAR',
  'ALTA',
  'DÉMARRER',
  'STARTEN',
  'ANMELDEN',
  'ISCRIVIMI',
  'AANMELDEN',
  'MULAI',
];

const Keyword = z.string().refine((k) => normalizeKeyword(k) !== '', {
  message: 'a keyword needs at least one letter or digit',
});

/** Changes to one default list: add and remove words, or replace the list outright. */
const KeywordList = z
  .strictObject({
    add: z.array(Keyword).optional(),
    remove: z.array(Keyword).optional(),
    replace: z.array(Keyword).optional(),
  })
  .refine((l) => l.replace === undefined || (l.add === undefined && l.remove === undefined), {
    message: 'use either "replace", or "add" and "remove"',
  });

/** Per business number; e.g. `{ unsubscribe: { add: ["DESINSCREVER"], remove: ["END"] } }`. */
export const SubscriptionKeywordsConfig = z
  .strictObject({ unsubscribe: KeywordList.optional(), subscribe: KeywordList.optional() })
  .superRefine((config, ctx) => {
    const unsubscribe = new Set(resolveList(DEFAULT_UNSUBSCRIBE_KEYWORDS, config.unsubscribe));
    for (const word of resolveList(DEFAULT_SUBSCRIBE_KEYWORDS, config.subscribe)) {
      if (unsubscribe.has(word))
        ctx.addIssue({
          code: 'custom',
          message: `"${word}" is both a subscribe and an unsubscribe keyword`,
        });
    }
  });
export type SubscriptionKeywordsConfig = z.infer<typeof SubscriptionKeywordsConfig>;
type KeywordList = z.infer<typeof KeywordList>;

/**
 * The form keywords are compared in: NFKC (full-width and ligature variants fold), accents
 * and other combining marks dropped, upper case, zero-width characters removed, whitespace
 * collapsed, and punctuation or symbols (emoji) at either end trimmed.
 */
export function normalizeKeyword(text: string): string {
  return text
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/[\p{M}\p{Cf}]/gu, '')
    .toUpperCase()
    .replace(/\s+/gu, ' ')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
}

function resolveList(defaults: readonly string[], change: KeywordList | undefined): string[] {
  const base = change?.replace ?? [...defaults, ...(change?.add ?? [])];
  const removed = new Set((change?.remove ?? []).map(normalizeKeyword));
  return [...new Set(base.map(normalizeKeyword))].filter((w) => !removed.has(w));
}

/** Matches whole inbound texts against one number's keyword lists. Build once, use often. */
export class KeywordMatcher {
  readonly #words: ReadonlyMap<string, SubscriptionIntent>;

  constructor(config: SubscriptionKeywordsConfig = {}) {
    const words = new Map<string, SubscriptionIntent>();
    for (const w of resolveList(DEFAULT_SUBSCRIBE_KEYWORDS, config.subscribe)) {
      words.set(w, 'subscribe');
    }
    // Opt-out wins if a bad config slipped past validation: failing to stop is the worse bug.
    for (const w of resolveList(DEFAULT_UNSUBSCRIBE_KEYWORDS, config.unsubscribe)) {
      words.set(w, 'unsubscribe');
    }
    this.#words = words;
  }

  /** The intent of a whole message, or undefined when it is not a keyword. */
  match(text: string): SubscriptionIntent | undefined {
    return this.#words.get(normalizeKeyword(text));
  }

  /** The normalized words for one intent, sorted (for display and tests). */
  keywords(intent: SubscriptionIntent): string[] {
    return [...this.#words]
      .filter(([, i]) => i === intent)
      .map(([w]) => w)
      .sort();
  }
}
