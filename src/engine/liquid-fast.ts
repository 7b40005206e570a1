/**
 * A compiled fast path for the Liquid that canvases mostly hold: text with `{{ a.b.c }}`
 * outputs, optionally through `default`, `upcase`, `downcase` or `strip`. liquidjs's general
 * renderer costs 15–30 µs per template; this costs about a microsecond, and a reply renders
 * several templates. Anything else (tags, other filters, whitespace control, arrays or objects
 * as values) returns `undefined` and the caller uses liquidjs. liquid-fast.test.ts checks that
 * both give the same output over a corpus, in strict and lenient modes.
 */

type Filter = { name: 'default'; arg: string | number } | { name: 'upcase' | 'downcase' | 'strip' };
type Part = string | { path: string[]; filters: Filter[] };

/** What the fast path produces: text, a missing variable (strict mode), or "use liquidjs". */
export type FastResult = { ok: true; text: string } | { ok: false; missing: string } | undefined;
export type FastTemplate = (scope: object, strict: boolean) => FastResult;

const OUTPUT = /\{\{([\s\S]*?)\}\}/g;
const PATH = /^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*$/;
const FILTER =
  /^(default|upcase|downcase|strip)(?:\s*:\s*(?:'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?)))?$/;

/** Compiles `source` if it is in the fast subset, else returns null. */
export function compileFast(source: string): FastTemplate | null {
  if (source.includes('{%') || source.includes('{{-') || source.includes('-}}')) return null;
  const parts: Part[] = [];
  let last = 0;
  for (const match of source.matchAll(OUTPUT)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(source.slice(last, index));
    const output = parseOutput(match[1] ?? '');
    if (output === null) return null;
    parts.push(output);
    last = index + match[0].length;
  }
  const rest = source.slice(last);
  if (rest.includes('{{') || rest.includes('}}')) return null;
  if (rest !== '') parts.push(rest);
  return (scope, strict) => {
    let out = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      const value = lookup(scope, part.path);
      if (value === MISSING) {
        // liquidjs with lenientIf lets a leading `default` handle a missing value.
        if (strict && part.filters[0]?.name !== 'default')
          return { ok: false, missing: part.path.join('.') };
      }
      const text = applyFilters(value === MISSING ? undefined : value, part.filters);
      if (text === undefined) return undefined;
      out += text;
    }
    return { ok: true, text: out };
  };
}

function parseOutput(inner: string): Part | null {
  const [head, ...rest] = inner.split('|').map((s) => s.trim());
  if (head === undefined || !PATH.test(head)) return null;
  const filters: Filter[] = [];
  for (const text of rest) {
    const m = FILTER.exec(text);
    if (!m) return null;
    const name = m[1] as Filter['name'];
    if (name === 'default') {
      const arg = m[2] ?? m[3] ?? (m[4] !== undefined ? Number(m[4]) : undefined);
      if (arg === undefined) return null;
      filters.push({ name, arg });
    } else {
      if (m[2] !== undefined || m[3] !== undefined || m[4] !== undefined) return null;
      filters.push({ name });
    }
  }
  return { path: head.split('.'), filters };
}

const MISSING = Symbol('missing');

/** Own properties only, as liquidjs with `ownPropertyOnly`. */
function lookup(scope: object, path: string[]): unknown {
  let cur: unknown = scope;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return MISSING;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur === undefined ? MISSING : cur;
}

/** Applies filters and turns the value into text; undefined when liquidjs must decide. */
function applyFilters(value: unknown, filters: Filter[]): string | undefined {
  let v = value;
  for (const f of filters) {
    if (f.name === 'default') {
      const empty =
        v === undefined ||
        v === null ||
        v === false ||
        v === '' ||
        (Array.isArray(v) && v.length === 0);
      if (empty) v = f.arg;
      continue;
    }
    const text = scalarText(v);
    if (text === undefined) return undefined;
    v =
      f.name === 'upcase'
        ? text.toUpperCase()
        : f.name === 'downcase'
          ? text.toLowerCase()
          : text.trim();
  }
  return scalarText(v);
}

function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
