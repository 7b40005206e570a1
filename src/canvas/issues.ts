/**
 * Problems with a canvas, as a list (goflow's `inspect` style), never as exceptions.
 * Validation (shape) and inspection (meaning) both produce these.
 */
export type Severity = 'error' | 'warning';

export interface CanvasIssue {
  severity: Severity;
  /** Stable machine code, e.g. `schema`, `dangling_next`, `button_not_covered`. */
  code: string;
  /** Where: `steps[3].groups[0].when`, or '' for the whole document. */
  path: string;
  message: string;
  /** The step the issue belongs to, for the builder's markers. */
  stepId?: string;
  /** 1-based position in the source text, when the canvas came from text. */
  line?: number;
  column?: number;
}

export type PathSegment = string | number;

/** `['steps', 3, 'groups', 0, 'when']` → `steps[3].groups[0].when`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** One line per issue: `error steps[3].when: unknown trigger … (line 14, column 9)`. */
export function formatIssue(issue: CanvasIssue): string {
  const where =
    issue.line !== undefined ? ` (line ${issue.line}, column ${issue.column ?? 1})` : '';
  const path = issue.path === '' ? '' : `${issue.path}: `;
  return `${issue.severity} ${path}${issue.message}${where}`;
}

export function hasErrors(issues: readonly CanvasIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
