/**
 * One WhatsApp business number: where it lives at Meta (phone number id, WABA), how we
 * authenticate (token, app secret, verify token) and how fast we may send.
 *
 * Secrets become `Secret` values on parse, so a config can be logged or serialized without
 * leaking them, and validation messages never echo a secret's value.
 */
import { z } from 'zod';
import { formatPath, type PathSegment } from '../../canvas/issues.js';
import { Secret, REDACTED } from './secret.js';
import { SubscriptionKeywordsConfig } from './keywords.js';

/** Meta's default throughput per business number (reference §4). */
export const DEFAULT_THROUGHPUT_PER_SECOND = 80;
/** Meta's highest throughput tier per business number (reference §4). */
export const MAX_THROUGHPUT_PER_SECOND = 1000;
export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';
export const DEFAULT_API_VERSION = 'v23.0';

const GraphId = (what: string) =>
  z
    .string({ error: `${what} is required (a string of digits, as Meta shows it)` })
    .regex(/^\d+$/, { message: `${what} is a string of digits, as Meta shows it` });

/** A secret whose value never appears in an error message, whatever is wrong with it. */
const SecretString = (what: string) =>
  z
    .string({ error: `${what} is required (a string)` })
    .min(1, { message: `${what} must not be empty` })
    .transform((value) => new Secret(value));

export const BusinessNumberConfigSchema = z.strictObject({
  /** Our alias, e.g. "main"; also the subscription group id. */
  id: z.string({ error: 'id is required' }).regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
    message:
      'id uses letters, digits, "_" and "-", starts with a letter or digit, at most 64 characters',
  }),
  phoneNumberId: GraphId('phoneNumberId'),
  wabaId: GraphId('wabaId'),
  /** As Meta shows it, e.g. "15550783881" or "+1 555-078-3881"; for display and matching. */
  displayPhoneNumber: z
    .string({ error: 'displayPhoneNumber is required' })
    .regex(/^\+?[\d\s()-]{5,30}$/, {
      message: 'displayPhoneNumber is a phone number (digits, spaces, "+", "-", "(", ")")',
    }),
  accessToken: SecretString('accessToken'),
  appSecret: SecretString('appSecret'),
  verifyToken: SecretString('verifyToken'),
  graphBaseUrl: z
    .url({
      protocol: /^https?$/,
      error: 'graphBaseUrl is an http(s) URL such as https://graph.facebook.com',
    })
    .refine(
      (u) => {
        const url = new URL(u);
        return !url.search && !url.hash && !url.username && !url.password;
      },
      { message: 'graphBaseUrl takes no query, fragment or credentials' },
    )
    .default(DEFAULT_GRAPH_BASE_URL),
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/, { message: 'apiVersion looks like "v23.0"' })
    .default(DEFAULT_API_VERSION),
  throughputPerSecond: z
    .number({ error: 'throughputPerSecond is a number of messages per second' })
    .int({ message: 'throughputPerSecond is a whole number' })
    .min(1, { message: 'throughputPerSecond is at least 1' })
    .max(MAX_THROUGHPUT_PER_SECOND, {
      message: `throughputPerSecond is at most ${MAX_THROUGHPUT_PER_SECOND} (Meta's highest tier)`,
    })
    .default(DEFAULT_THROUGHPUT_PER_SECOND),
  subscriptionKeywords: SubscriptionKeywordsConfig.optional(),
});

/** A validated business number config (secrets wrapped, defaults filled). */
export type BusinessNumberConfig = z.output<typeof BusinessNumberConfigSchema>;
/** What a config file or API body gives (secrets as plain strings, defaults optional). */
export type BusinessNumberConfigInput = z.input<typeof BusinessNumberConfigSchema>;

export interface ConfigIssue {
  path: string;
  message: string;
}

export type ParseConfigResult =
  { ok: true; config: BusinessNumberConfig } | { ok: false; issues: ConfigIssue[] };

/**
 * Validate a business number config. Messages name the field and the rule, and never the
 * value given (which could be a secret pasted in the wrong field).
 */
export function parseBusinessNumberConfig(input: unknown): ParseConfigResult {
  const result = BusinessNumberConfigSchema.safeParse(input, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') {
        return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
      }
      if (issue.code === 'invalid_type' && issue.input === undefined) {
        return issue.path?.length ? `${formatPath(pathOf(issue.path))} is required` : undefined;
      }
      return undefined;
    },
  });
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      path: formatPath(pathOf(issue.path)),
      message: issue.message,
    })),
  };
}

function pathOf(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((seg) => (typeof seg === 'number' ? seg : String(seg)));
}

/** The config as a plain object fit for logs and API output: secrets replaced. */
export function redact(config: BusinessNumberConfig): Record<string, unknown> {
  return {
    ...config,
    accessToken: REDACTED,
    appSecret: REDACTED,
    verifyToken: REDACTED,
  };
}

/** Secrets of a config, for scrubbing texts that might echo one. */
export function secretsOf(config: BusinessNumberConfig): Secret[] {
  return [config.accessToken, config.appSecret, config.verifyToken];
}
