/**
 * Template variables: `{{1}}`, `{{2}}`… (positional, Meta's default) or `{{first_name}}`
 * (named, with `parameter_format: "named"`). Used to check a definition and to know how
 * many parameters a send must give.
 */
import type { PathSegment } from '../../canvas/issues.js';

export type ParameterFormat = 'named' | 'positional';

export interface Variable {
  /** As written, e.g. `{{1}}`. */
  raw: string;
  /** Inside the braces, e.g. `1` or `first_name`. */
  name: string;
  start: number;
  end: number;
}

const VARIABLE = /\{\{([^{}]*)\}\}/g;
const POSITIONAL = /^[1-9]\d*$/;
/** Meta: named parameters use lowercase letters, digits and underscores. */
const NAMED = /^[a-z_][a-z0-9_]*$/;

/** Every `{{…}}` in the text, in order, valid or not. */
export function findVariables(text: string): Variable[] {
  return [...text.matchAll(VARIABLE)].map((m) => ({
    raw: m[0],
    name: m[1] ?? '',
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** The distinct variable names in order of first use. */
export function variableNames(text: string): string[] {
  return [...new Set(findVariables(text).map((v) => v.name))];
}

interface IssueSink {
  add(path: readonly PathSegment[], message: string, metaCode?: number): void;
}

/**
 * The text's variables, after recording what is wrong with them: a name that does not fit
 * the template's parameter format, or positional numbers that skip (`{{1}} {{3}}`).
 */
export function variablesOf(
  text: string,
  format: ParameterFormat,
  out: IssueSink,
  path: readonly PathSegment[],
): Variable[] {
  const vars = findVariables(text);
  for (const v of vars) {
    if (format === 'positional' && !POSITIONAL.test(v.name)) {
      out.add(
        path,
        `${v.raw}: positional variables are {{1}}, {{2}}, … (or set parameter_format: named)`,
      );
    } else if (format === 'named' && !NAMED.test(v.name)) {
      out.add(path, `${v.raw}: named variables use lowercase letters, digits and "_"`);
    }
  }
  if (format === 'positional') {
    const numbers = [...new Set(vars.map((v) => Number(v.name)))].filter(Number.isInteger);
    const sorted = [...numbers].sort((a, b) => a - b);
    if (sorted.some((n, i) => n !== i + 1)) {
      const found = sorted.map((n) => `{{${n}}}`).join(', ');
      out.add(path, `variables must be numbered from {{1}} without gaps; found ${found}`);
    }
  }
  return vars;
}
