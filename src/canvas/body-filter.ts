/**
 * Filters on the text of an inbound WhatsApp message: Braze's `is` and `matches_regex`, plus
 * RapidPro's word tests. Matching itself lives in engine/match.ts.
 */
import { z } from 'zod';
import { strict } from './schema-kit.js';

const Words = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const BODY_FILTERS = [
  'is',
  'matches_regex',
  'has_any_word',
  'has_all_words',
  'has_phrase',
  'has_number',
] as const;

export const BodyFilter = strict(
  {
    /** Whole message, any case, whitespace and Unicode normalized. Several values: any matches. */
    is: Words.optional(),
    /** A regular expression searched in the message; case-sensitive unless it starts with (?i). */
    matches_regex: z.string().min(1).optional(),
    has_any_word: Words.optional(),
    has_all_words: Words.optional(),
    has_phrase: z.string().min(1).optional(),
    /** A number anywhere in the message; optionally within bounds. */
    has_number: z
      .union([
        z.literal(true),
        strict(
          {
            gt: z.number().optional(),
            gte: z.number().optional(),
            lt: z.number().optional(),
            lte: z.number().optional(),
          },
          'bound',
        ),
      ])
      .optional(),
  },
  'body filter',
).superRefine((value, ctx) => {
  const present = BODY_FILTERS.filter((k) => value[k] !== undefined);
  if (present.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message:
        present.length === 0
          ? `needs one filter: ${BODY_FILTERS.join(', ')} (leave "body" out to match any message)`
          : `has ${present.length} filters (${present.join(', ')}); use one per group`,
    });
  }
});
export type BodyFilter = z.infer<typeof BodyFilter>;
