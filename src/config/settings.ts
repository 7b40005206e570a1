/**
 * Riposte's settings: environment variables over an optional config file (JSON or YAML,
 * `--config`), checked with zod when the process starts. A bad setting stops the start
 * with the setting's name and why (`DATABASE_URL: expected sqlite:… or postgres://…`);
 * secret values are never echoed, only named.
 *
 * | setting | default |
 * | --- | --- |
 * | DATABASE_URL | sqlite:./data/riposte.db |
 * | PORT | 3000 |
 * | HOST | 127.0.0.1 (set 0.0.0.0 to listen on every interface) |
 * | LOG_LEVEL | info (fatal, error, warn, info, debug, trace, silent) |
 * | JOURNEY_RETENTION_DAYS | unset: ended journeys are kept (see runner/housekeeping.ts) |
 * | WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_WABA_ID, WHATSAPP_DISPLAY_PHONE_NUMBER, WHATSAPP_ACCESS_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN | none: the embedded emulator is used |
 * | WHATSAPP_NUMBER_ID, WHATSAPP_GRAPH_BASE_URL, WHATSAPP_API_VERSION, WHATSAPP_THROUGHPUT_PER_SECOND | main, Meta's, v23.0, 80 |
 *
 * The config file may also list several numbers: `{"numbers": [{id, phoneNumberId, …}]}`.
 */
import { z } from 'zod';
import {
  parseBusinessNumberConfig,
  type BusinessNumberConfig,
} from '../channels/whatsapp/config.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Settings {
  databaseUrl: string;
  port: number;
  host: string;
  logLevel: LogLevel;
  /** Ended journeys (and their history) are deleted this many days after they end; unset keeps them. */
  journeyRetentionDays?: number;
  /** Validated business numbers; empty → the embedded emulator. */
  numbers: BusinessNumberConfig[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid settings:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const DatabaseUrl = z
  .string()
  .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, { message: 'expected sqlite:… or postgres://…' });
const Port = z.coerce
  .number({ message: 'expected a port number' })
  .int({ message: 'expected a whole number' })
  .min(0, { message: 'expected 0 to 65535' })
  .max(65535, { message: 'expected 0 to 65535' });
const Days = z.coerce
  .number({ message: 'expected a number of days' })
  .int({ message: 'expected a whole number of days' })
  .min(1, { message: 'expected 1 day or more (leave it unset to keep ended journeys)' });

/** What a config file may hold (every key optional; unknown keys are refused). */
export const ConfigFile = z.strictObject({
  databaseUrl: z.string().optional(),
  port: z.union([z.number(), z.string()]).optional(),
  host: z.string().optional(),
  logLevel: z.string().optional(),
  journeyRetentionDays: z.union([z.number(), z.string()]).optional(),
  numbers: z.array(z.unknown()).optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

/** Env names of a number's fields, for messages about WHATSAPP_* settings. */
const NUMBER_ENV: Record<string, string> = {
  id: 'WHATSAPP_NUMBER_ID',
  phoneNumberId: 'WHATSAPP_PHONE_NUMBER_ID',
  wabaId: 'WHATSAPP_WABA_ID',
  displayPhoneNumber: 'WHATSAPP_DISPLAY_PHONE_NUMBER',
  accessToken: 'WHATSAPP_ACCESS_TOKEN',
  appSecret: 'WHATSAPP_APP_SECRET',
  verifyToken: 'WHATSAPP_VERIFY_TOKEN',
  graphBaseUrl: 'WHATSAPP_GRAPH_BASE_URL',
  apiVersion: 'WHATSAPP_API_VERSION',
  throughputPerSecond: 'WHATSAPP_THROUGHPUT_PER_SECOND',
};

export function loadSettings(
  env: Record<string, string | undefined>,
  file: ConfigFile = {},
): Settings {
  const problems: string[] = [];
  const setting = <T>(name: string, schema: z.ZodType<T>, value: unknown, fallback: T): T => {
    if (value === undefined || value === '') return fallback;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    problems.push(`${name}: ${result.error.issues[0]?.message ?? 'invalid'}`);
    return fallback;
  };
  const databaseUrl = setting(
    'DATABASE_URL',
    DatabaseUrl,
    env.DATABASE_URL ?? file.databaseUrl,
    'sqlite:./data/riposte.db',
  );
  const port = setting('PORT', Port, env.PORT ?? file.port, 3000);
  const host = setting('HOST', z.string().min(1), env.HOST ?? file.host, '127.0.0.1');
  const logLevel = setting(
    'LOG_LEVEL',
    z.enum(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(', ')}` }),
    env.LOG_LEVEL ?? file.logLevel,
    'info',
  );
  const journeyRetentionDays = setting<number | undefined>(
    'JOURNEY_RETENTION_DAYS',
    Days,
    env.JOURNEY_RETENTION_DAYS ?? file.journeyRetentionDays,
    undefined,
  );
  const numbers = loadNumbers(env, file, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    databaseUrl,
    port,
    host,
    logLevel,
    ...(journeyRetentionDays !== undefined ? { journeyRetentionDays } : {}),
    numbers,
  };
}

function loadNumbers(
  env: Record<string, string | undefined>,
  file: ConfigFile,
  problems: string[],
): BusinessNumberConfig[] {
  const fromEnv = Object.entries(NUMBER_ENV).filter(([, name]) => (env[name] ?? '') !== '');
  const inputs: Array<{ input: unknown; label: (field: string) => string }> = [];
  if (fromEnv.length > 0) {
    const input: Record<string, unknown> = { id: 'main' };
    for (const [field, name] of fromEnv) {
      const value = env[name] ?? '';
      input[field] = field === 'throughputPerSecond' ? Number(value) : value;
    }
    inputs.push({ input, label: (field) => NUMBER_ENV[field] ?? `WHATSAPP (${field})` });
  }
  (file.numbers ?? []).forEach((input, i) =>
    inputs.push({ input, label: (field) => `numbers[${i}]${field === '' ? '' : `.${field}`}` }),
  );
  const numbers: BusinessNumberConfig[] = [];
  for (const { input, label } of inputs) {
    const parsed = parseBusinessNumberConfig(input);
    if (parsed.ok) numbers.push(parsed.config);
    else
      for (const issue of parsed.issues) {
        const field = issue.path.split(/[.[]/)[0] ?? '';
        // The field's own name leads zod's message; the setting's name replaces it.
        const why = issue.message.startsWith(field)
          ? issue.message.slice(field.length).trim()
          : issue.message;
        problems.push(`${label(field)}: ${why}`);
      }
  }
  const ids = numbers.map((n) => n.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) problems.push(`numbers: the id "${dup}" is used twice`);
  return numbers;
}
