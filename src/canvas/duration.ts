/**
 * Durations in canvases are written the way marketers say them: `30s`, `10m`, `24h`, `1d`,
 * `2w`, or combined (`1d12h`). A bare number is seconds (Braze's API unit).
 */
const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION_RE = /^(?:\d+(?:\.\d+)?[smhdw])+$/;
const PART_RE = /(\d+(?:\.\d+)?)([smhdw])/g;

/**
 * Durations parsed before, by their text: the engine reads a step's window each time someone
 * reaches it, and a canvas has a handful of them. Emptied when full, so arbitrary text sent
 * to the validator cannot grow it.
 */
const parsed = new Map<string, number | undefined>();
const PARSED_MAX = 1000;

/** Returns milliseconds, or undefined when the text is not a duration. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (parsed.has(value)) return parsed.get(value);
  if (parsed.size >= PARSED_MAX) parsed.clear();
  const ms = parseText(value);
  parsed.set(value, ms);
  return ms;
}

function parseText(value: string): number | undefined {
  const text = value.trim().toLowerCase().replace(/\s+/g, '');
  if (!DURATION_RE.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART_RE))
    total += Number(amount) * (UNIT_MS[unit ?? 's'] ?? 0);
  return total;
}

/** The inverse, for messages and the API: the largest whole units first. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit] ?? 1;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out || `${ms}ms`;
}
