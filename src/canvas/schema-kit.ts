/**
 * Small builders over zod that every canvas schema uses, so that unknown keys and bad enum
 * values produce one kind of message everywhere: what is wrong, and the closest valid word.
 */
import { z } from 'zod';
import { didYouMean } from './suggest.js';
import { parseDuration } from './duration.js';

/** A strict object whose unknown keys are reported as `unknown <noun> "x" (did you mean "y"?)`. */
export function strict<T extends z.ZodRawShape>(shape: T, noun = 'field') {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      const [first] = issue.keys;
      const word = first ?? '';
      const more = issue.keys.length > 1 ? ` (and ${issue.keys.length - 1} more)` : '';
      return `unknown ${noun} "${word}"${didYouMean(word, known)}${more}; expected one of: ${known.join(', ')}`;
    },
  });
}

/** An enum whose bad values are reported with the closest valid value. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, noun = 'value') {
  return z.enum(values, {
    error: (issue) => {
      if (issue.code !== 'invalid_value') return undefined;
      const input = typeof issue.input === 'string' ? issue.input : JSON.stringify(issue.input);
      return `unknown ${noun} "${input}"${didYouMean(String(issue.input), values)}; expected one of: ${values.join(', ')}`;
    },
  });
}

/** Step, group and canvas ids: short, URL-safe, readable in payloads and logs. */
export const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
  message:
    'ids use letters, digits, "_" and "-", start with a letter or digit, and are at most 64 characters',
});

/** A duration such as `24h`, `30m`, `1d12h`, or a number of seconds. */
export const Duration = z
  .union([z.string(), z.number()])
  .refine((v) => parseDuration(v) !== undefined, {
    message: 'not a duration; write it like 30s, 10m, 24h, 1d or 2w (a bare number means seconds)',
  });

/** Liquid text. Checked for syntax by inspect, rendered by the engine. */
export const LiquidText = z.string();
