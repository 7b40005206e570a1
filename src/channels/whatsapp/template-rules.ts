/**
 * Meta's rules for creating a template (reference §8.2), checked before the request so a
 * marketer sees every problem at once, with its path, instead of Meta's first error.
 * `metaCode` is the `error_subcode` Meta answers the same mistake with, where known.
 *
 * Limits missing from canvas/limits.ts are named here (URL ≤2000, phone ≤20, URL buttons
 * ≤2, …); they belong there and can move when that file is next edited.
 */
import {
  WA_TEMPLATE_BODY_MAX,
  WA_TEMPLATE_FOOTER_MAX,
  WA_TEMPLATE_HEADER_TEXT_MAX,
  WA_TEMPLATE_NAME_MAX,
} from '../../canvas/limits.js';
import { formatPath, type PathSegment } from '../../canvas/issues.js';
import {
  TEMPLATE_CATEGORIES,
  TemplateDefinition,
  type TemplateComponentDef,
} from './template-types.js';
import { parseWire } from './webhook-schema.js';
import { checkButtons } from './template-buttons.js';
import { variablesOf, type ParameterFormat } from './template-variables.js';

export interface TemplateRuleIssue {
  path: string;
  message: string;
  /** Meta's error_subcode for this mistake, when known (e.g. 2388299). */
  metaCode?: number;
}

/** Meta: a field over its character limit. */
export const META_CHARACTER_LIMIT = 2388040;
/** Meta: header format wrong (too many variables, newline, emoji…). */
export const META_HEADER_FORMAT = 2388047;
/** Meta: a variable at the start or end of the body. */
export const META_LEADING_TRAILING_VARIABLE = 2388299;

const HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'GIF', 'LOCATION'];
const COMPONENT_TYPES = ['HEADER', 'BODY', 'FOOTER', 'BUTTONS'];

class RuleSink {
  readonly issues: TemplateRuleIssue[] = [];
  add(path: readonly PathSegment[], message: string, metaCode?: number): void {
    const issue: TemplateRuleIssue = { path: formatPath(path), message };
    if (metaCode !== undefined) issue.metaCode = metaCode;
    this.issues.push(issue);
  }
  length(path: readonly PathSegment[], text: string, max: number): void {
    if (text.length > max) {
      this.add(path, `${text.length} characters; at most ${max}`, META_CHARACTER_LIMIT);
    }
  }
}

/** Every rule the definition breaks; empty when Meta should accept it for review. */
export function checkTemplate(input: unknown): TemplateRuleIssue[] {
  const parsed = parseWire(TemplateDefinition, input);
  if (!parsed.ok) {
    return parsed.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  }
  const t = parsed.data;
  const out = new RuleSink();
  if (t.name === '') out.add(['name'], 'must not be empty');
  else if (!/^[a-z0-9_]+$/.test(t.name)) {
    out.add(['name'], 'uses lowercase letters, digits and "_" only');
  }
  out.length(['name'], t.name, WA_TEMPLATE_NAME_MAX);
  if (!/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/.test(t.language)) {
    out.add(['language'], `"${t.language}" is not a language code such as en, en_US or pt_BR`);
  }
  if (!TEMPLATE_CATEGORIES.some((c) => c === t.category)) {
    out.add(['category'], `"${t.category}" is not one of ${TEMPLATE_CATEGORIES.join(', ')}`);
  }
  const format = t.parameter_format ?? 'positional';
  if (format !== 'named' && format !== 'positional') {
    out.add(['parameter_format'], `"${format}" is not "named" or "positional"`);
    return out.issues;
  }
  const seen = new Map<string, number>();
  t.components.forEach((c, i) => {
    const path = ['components', i];
    if (!COMPONENT_TYPES.includes(c.type)) {
      return out.add(
        [...path, 'type'],
        `unknown component "${c.type}"; expected ${COMPONENT_TYPES.join(', ')}`,
      );
    }
    if (seen.has(c.type)) return out.add(path, `a second ${c.type}; a template has at most one`);
    seen.set(c.type, i);
    if (c.type === 'HEADER') checkHeader(out, c, path, format, t.category);
    else if (c.type === 'BODY') checkBody(out, c, path, format, t.category === 'AUTHENTICATION');
    else if (c.type === 'FOOTER') checkFooter(out, c, path);
    else checkButtons(out, c.buttons ?? [], [...path, 'buttons']);
  });
  if (!seen.has('BODY')) out.add(['components'], 'a template needs exactly one BODY');
  return out.issues;
}

function checkHeader(
  out: RuleSink,
  c: TemplateComponentDef,
  path: PathSegment[],
  format: ParameterFormat,
  category: string,
): void {
  if (c.format === undefined || !HEADER_FORMATS.includes(c.format)) {
    return out.add(
      [...path, 'format'],
      `expected one of ${HEADER_FORMATS.join(', ')}`,
      META_HEADER_FORMAT,
    );
  }
  if (c.format === 'LOCATION') {
    if (category !== 'UTILITY' && category !== 'MARKETING') {
      out.add([...path, 'format'], 'LOCATION headers are for UTILITY and MARKETING templates only');
    }
    return;
  }
  if (c.format !== 'TEXT') {
    if (!c.example?.header_handle?.length) {
      out.add(
        [...path, 'example', 'header_handle'],
        `a ${c.format} header needs a sample (upload handle)`,
      );
    }
    return;
  }
  const text = c.text ?? '';
  if (text.trim() === '') return out.add([...path, 'text'], 'a TEXT header needs text');
  out.length([...path, 'text'], text, WA_TEMPLATE_HEADER_TEXT_MAX);
  if (/[\n\r]/.test(text))
    out.add([...path, 'text'], 'no line breaks in a header', META_HEADER_FORMAT);
  if (/\p{Extended_Pictographic}/u.test(text)) {
    out.add([...path, 'text'], 'no emoji in a header', META_HEADER_FORMAT);
  }
  const vars = variablesOf(text, format, out, [...path, 'text']);
  if (vars.length > 1) {
    out.add(
      [...path, 'text'],
      `${vars.length} variables; a header has at most 1`,
      META_HEADER_FORMAT,
    );
  }
  const [v] = vars;
  if (v === undefined) return;
  if (format === 'positional' && c.example?.header_text?.length !== 1) {
    out.add([...path, 'example', 'header_text'], 'give one example value for the header variable');
  }
  if (
    format === 'named' &&
    !c.example?.header_text_named_params?.some((p) => p.param_name === v.name)
  ) {
    out.add([...path, 'example', 'header_text_named_params'], `give an example for {{${v.name}}}`);
  }
}

function checkBody(
  out: RuleSink,
  c: TemplateComponentDef,
  path: PathSegment[],
  format: ParameterFormat,
  authentication: boolean,
): void {
  const text = c.text ?? '';
  // Authentication bodies are Meta's fixed text; only options like
  // add_security_recommendation are given.
  if (authentication && c.text === undefined) return;
  if (text.trim() === '') return out.add([...path, 'text'], 'the BODY needs text');
  out.length([...path, 'text'], text, WA_TEMPLATE_BODY_MAX);
  const vars = variablesOf(text, format, out, [...path, 'text']);
  if (vars.length === 0) return;
  const trimmed = text.trim();
  if (
    trimmed.startsWith(vars[0]?.raw ?? '\0') ||
    trimmed.endsWith(vars[vars.length - 1]?.raw ?? '\0')
  ) {
    out.add(
      [...path, 'text'],
      'a variable may not start or end the body',
      META_LEADING_TRAILING_VARIABLE,
    );
  }
  vars.forEach((v, i) => {
    const next = vars[i + 1];
    if (next && next.start === v.end) {
      out.add([...path, 'text'], `${v.raw}${next.raw}: adjacent variables need text between them`);
    }
  });
  const names = [...new Set(vars.map((v) => v.name))];
  if (format === 'positional') {
    const examples = c.example?.body_text?.[0];
    if (examples === undefined) {
      out.add(
        [...path, 'example', 'body_text'],
        `give example values for ${names.length} variable(s)`,
      );
    } else if (examples.length !== names.length) {
      out.add(
        [...path, 'example', 'body_text', 0],
        `${examples.length} example value(s) for ${names.length} variable(s)`,
      );
    }
  } else {
    const given = new Set((c.example?.body_text_named_params ?? []).map((p) => p.param_name));
    for (const name of names.filter((n) => !given.has(n))) {
      out.add([...path, 'example', 'body_text_named_params'], `give an example for {{${name}}}`);
    }
  }
}

function checkFooter(out: RuleSink, c: TemplateComponentDef, path: PathSegment[]): void {
  const text = c.text ?? '';
  if (text.trim() === '') return out.add([...path, 'text'], 'a FOOTER needs text');
  out.length([...path, 'text'], text, WA_TEMPLATE_FOOTER_MAX);
  if (/\{\{[^{}]*\}\}/.test(text)) out.add([...path, 'text'], 'a footer takes no variables');
  if (/[\n\r]/.test(text)) out.add([...path, 'text'], 'no line breaks in a footer');
}
