/**
 * Shape validation: a zod parse turned into issues with a path and a hint. No stack traces:
 * whatever the input, the result is a canvas or a list of issues.
 */
import type { z } from 'zod';
import { Canvas, SPEC_VERSION } from './schema.js';
import { formatPath, type CanvasIssue, type PathSegment } from './issues.js';
import { parseCanvasText, type SourceMap } from './parse.js';
import { didYouMean } from './suggest.js';
import { migrate } from './migrate.js';

export type ValidateResult = { ok: true; canvas: Canvas } | { ok: false; issues: CanvasIssue[] };

/** Validate canvas text (YAML or JSON). */
export function validateCanvasText(text: string): ValidateResult {
  const parsed = parseCanvasText(text);
  if (!parsed.ok) return parsed;
  return validateCanvas(parsed.value, parsed.source);
}

/** Validate an already-parsed value (e.g. a JSON API body). */
export function validateCanvas(value: unknown, source?: SourceMap): ValidateResult {
  const migrated = migrate(value);
  if (!migrated.ok) return { ok: false, issues: [migrated.issue] };
  const result = Canvas.safeParse(migrated.value);
  if (result.success) return { ok: true, canvas: result.data };
  const issues = result.error.issues.flatMap((issue) => toIssues(issue, migrated.value));
  for (const issue of issues) {
    const pos = source?.locate(parsePathKey(issue.path));
    if (pos) Object.assign(issue, pos);
  }
  return { ok: false, issues: dedupe(withoutEchoes(issues, result.error.issues)) };
}

/**
 * An object with an unknown key also fails its own "needs one of" refinement; the unknown
 * key (with its did-you-mean) is the real problem, so the echo at the same path is dropped.
 */
function withoutEchoes(issues: CanvasIssue[], raw: readonly ZodIssue[]): CanvasIssue[] {
  const unknownAt = new Set(
    raw
      .filter((i) => i.code === 'unrecognized_keys')
      .map((i) => formatPath(i.path as PathSegment[])),
  );
  return issues.filter((i) => !(unknownAt.has(i.path) && !i.message.startsWith('unknown ')));
}

type ZodIssue = z.core.$ZodIssue;

function toIssues(issue: ZodIssue, root: unknown, prefix: PathSegment[] = []): CanvasIssue[] {
  const path = [...prefix, ...(issue.path as PathSegment[])];
  if (issue.code === 'invalid_union') {
    // A discriminated union with an unknown tag: say which tag, and the closest known one.
    if ('discriminator' in issue && typeof issue.discriminator === 'string') {
      const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
      const at =
        path[path.length - 1] === issue.discriminator ? path : [...path, issue.discriminator];
      const given = valueAt(root, at);
      const noun = nounFor(at);
      const message =
        given === undefined
          ? `"${issue.discriminator}" is required; one of: ${options.join(', ')}`
          : `unknown ${noun} "${String(given)}"${didYouMean(String(given), options)}; expected one of: ${options.join(', ')}`;
      return [issueAt(at, message, root)];
    }
    // Other unions: report the branch that got furthest (fewest issues), which is the one
    // the author most likely meant.
    const branches = issue.errors.filter((b) => b.length > 0);
    const best = branches.sort((a, b) => a.length - b.length)[0];
    if (best) return best.flatMap((inner) => toIssues(inner, root, path));
  }
  return [issueAt(path, messageFor(issue, path, root), root)];
}

function issueAt(path: PathSegment[], message: string, root: unknown): CanvasIssue {
  const stepIndex = path[0] === 'steps' && typeof path[1] === 'number' ? path[1] : undefined;
  const stepId = stepIndex === undefined ? undefined : valueAt(root, ['steps', stepIndex, 'id']);
  return {
    severity: 'error',
    code: 'schema',
    path: formatPath(path),
    message,
    ...(typeof stepId === 'string' ? { stepId } : {}),
  };
}

function messageFor(issue: ZodIssue, path: PathSegment[], root: unknown): string {
  if (issue.code === 'invalid_type') {
    const given = valueAt(root, path);
    if (given === undefined) return 'is required';
    return `expected ${article(issue.expected)}, got ${describe(given)}`;
  }
  return issue.message;
}

function nounFor(path: PathSegment[]): string {
  if (path[0] === 'steps') return 'step type';
  if (path[0] === 'entry') return 'entry type';
  return 'type';
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** `steps[3].groups[0].when` → `['steps', 3, 'groups', 0, 'when']`. */
export function parsePathKey(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const [, key, index] of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (index !== undefined) out.push(Number(index));
    else if (key !== undefined) out.push(key);
  }
  return out;
}

function dedupe(issues: CanvasIssue[]): CanvasIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export { SPEC_VERSION };
