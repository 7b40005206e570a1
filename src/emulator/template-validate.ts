/**
 * Template creation and edit checks, as `POST /{WABA}/message_templates` and
 * `POST /{TEMPLATE_ID}` apply them: name format, language, category, exactly one BODY,
 * lengths, variables and their examples, and the buttons (template-buttons.ts).
 * Refusals are code 100, with a 2388xxx subcode where Meta has one.
 */
import type { TemplateCategory } from '../engine/outbound.js';
import {
  WA_TEMPLATE_BODY_MAX,
  WA_TEMPLATE_FOOTER_MAX,
  WA_TEMPLATE_HEADER_TEXT_MAX,
  WA_TEMPLATE_NAME_MAX,
} from '../canvas/limits.js';
import { isRecord, missing100, requireArray, requireString, type Json } from './json-fields.js';
import { WA_TEMPLATE_HEADER_VARIABLES_MAX } from './meta-limits.js';
import { validateTemplateButtons } from './template-buttons.js';
import {
  characterLimit,
  invalidTemplate,
  templateError,
  TEMPLATE_SUBCODES,
} from './template-errors.js';
import { TEMPLATE_LANGUAGES } from './template-languages.js';
import type { ParameterFormat, TemplateComponentDef } from './templates-store.js';
import {
  distinctPlaceholders,
  hasLeadingOrTrailingPlaceholder,
  isNamedName,
  isPositionalName,
  wordCount,
} from './template-variables.js';

export interface TemplateDefinition {
  name: string;
  language: string;
  category: TemplateCategory;
  subCategory?: string;
  parameterFormat: ParameterFormat;
  components: TemplateComponentDef[];
}

const CATEGORIES: readonly TemplateCategory[] = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];
const HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'GIF', 'LOCATION'];

/** Check a create request body; returns the definition to store. */
export function validateTemplateDefinition(body: unknown): TemplateDefinition {
  if (!isRecord(body)) throw invalidTemplate('The request body must be a JSON object.');
  const name = requireString(body, 'name', '', missing100);
  if (name.length > WA_TEMPLATE_NAME_MAX || !/^[a-z0-9_]+$/.test(name))
    throw invalidTemplate(
      `Template name "${name}" is invalid: use at most ${WA_TEMPLATE_NAME_MAX} lowercase letters, digits and underscores.`,
    );
  const language = requireString(body, 'language', '', missing100);
  if (!TEMPLATE_LANGUAGES.has(language))
    throw invalidTemplate(`Language "${language}" is not a supported template language.`);
  const category = parseCategory(requireString(body, 'category', '', missing100));
  const parameterFormat = parseParameterFormat(body.parameter_format);
  const components = validateComponents(body.components, category, parameterFormat);
  const definition: TemplateDefinition = {
    name,
    language,
    category,
    parameterFormat,
    components,
  };
  if (typeof body.sub_category === 'string') definition.subCategory = body.sub_category;
  return definition;
}

export function parseCategory(value: string): TemplateCategory {
  const upper = value.toUpperCase();
  const found = CATEGORIES.find((c) => c === upper);
  if (!found)
    throw invalidTemplate(
      `Category "${value}" is invalid: use MARKETING, UTILITY or AUTHENTICATION.`,
    );
  return found;
}

/**
 * Meta takes `named` / `positional` (default positional). Unsure: the case Graph answers
 * with; we answer upper case (`POSITIONAL`), as list responses we have seen do.
 */
function parseParameterFormat(value: unknown): ParameterFormat {
  if (value === undefined || value === null) return 'POSITIONAL';
  if (typeof value === 'string' && /^positional$/i.test(value)) return 'POSITIONAL';
  if (typeof value === 'string' && /^named$/i.test(value)) return 'NAMED';
  throw invalidTemplate(`parameter_format must be "named" or "positional".`);
}

/** Components of a create or an edit (an edit replaces them wholesale). */
export function validateComponents(
  value: unknown,
  category: TemplateCategory,
  format: ParameterFormat,
): TemplateComponentDef[] {
  const list = requireArray({ components: value }, 'components', '', missing100);
  const seen = new Set<string>();
  const components = list.map((raw, i): TemplateComponentDef => {
    if (!isRecord(raw) || typeof raw.type !== 'string')
      throw invalidTemplate(`components[${i}] needs a type (HEADER, BODY, FOOTER or BUTTONS).`);
    const type = raw.type.toUpperCase();
    if (type !== 'HEADER' && type !== 'BODY' && type !== 'FOOTER' && type !== 'BUTTONS')
      throw invalidTemplate(`components[${i}]: unknown component type "${raw.type}".`);
    if (seen.has(type)) throw invalidTemplate(`A template has at most one ${type} component.`);
    seen.add(type);
    return { ...raw, type };
  });
  const body = components.find((c) => c.type === 'BODY');
  if (!body) throw invalidTemplate('A template needs exactly one BODY component.');
  for (const component of components) {
    if (component.type === 'HEADER') checkHeader(component, category, format);
    if (component.type === 'BODY') checkBody(component, category, format);
    if (component.type === 'FOOTER') checkFooter(component, category);
    if (component.type === 'BUTTONS') checkButtons(component, category);
  }
  return components;
}

function checkHeader(header: TemplateComponentDef, category: string, format: ParameterFormat) {
  const headerFormat = typeof header.format === 'string' ? header.format.toUpperCase() : '';
  if (!HEADER_FORMATS.includes(headerFormat))
    throw invalidTemplate(`HEADER format must be one of ${HEADER_FORMATS.join(', ')}.`);
  header.format = headerFormat;
  if (headerFormat === 'LOCATION' && category === 'AUTHENTICATION')
    throw invalidTemplate('LOCATION headers are for utility and marketing templates only.');
  if (headerFormat === 'TEXT') {
    const text = typeof header.text === 'string' ? header.text : '';
    if (text === '') throw invalidTemplate('A TEXT header needs text.');
    if ([...text].length > WA_TEMPLATE_HEADER_TEXT_MAX)
      throw characterLimit('header text', WA_TEMPLATE_HEADER_TEXT_MAX);
    const names = distinctPlaceholders(text);
    if (names.length > WA_TEMPLATE_HEADER_VARIABLES_MAX || /[\n*~]/.test(text))
      throw templateError(
        TEMPLATE_SUBCODES.headerFormat,
        'Message template header format incorrect',
        'Header text can have at most one variable, and no new lines, asterisks or formatting.',
      );
    checkNames(names, format, 'header');
    if (names.length > 0) requireExamples(header, 'header', names, format);
  } else if (headerFormat !== 'LOCATION') {
    const handle = isRecord(header.example) ? header.example.header_handle : undefined;
    if (!Array.isArray(handle) || handle.length === 0)
      throw invalidTemplate(
        `A ${headerFormat} header needs example.header_handle (a media handle).`,
      );
  }
}

function checkBody(body: TemplateComponentDef, category: string, format: ParameterFormat) {
  if (category === 'AUTHENTICATION' && body.text === undefined) {
    // Meta writes authentication bodies itself.
    body.text =
      '*{{1}}* is your verification code.' +
      (body.add_security_recommendation === true
        ? ' For your security, do not share this code.'
        : '');
    return;
  }
  if (typeof body.text !== 'string' || body.text.trim() === '')
    throw invalidTemplate('The BODY component needs text.');
  const text = body.text;
  if ([...text].length > WA_TEMPLATE_BODY_MAX)
    throw characterLimit('body text', WA_TEMPLATE_BODY_MAX);
  const names = distinctPlaceholders(text);
  if (names.length === 0) return;
  checkNames(names, format, 'body');
  if (hasLeadingOrTrailingPlaceholder(text))
    throw templateError(
      TEMPLATE_SUBCODES.leadingOrTrailingVariable,
      "Variables can't be at the start or end of the template",
      "Variables can't be at the start or end of the template.",
    );
  // Unsure: Meta's exact variable-to-length ratio is unpublished. We refuse only bodies with
  // fewer plain words than variables, which Meta certainly refuses too.
  if (wordCount(text) < names.length)
    throw templateError(
      TEMPLATE_SUBCODES.tooManyVariables,
      'Too many variables for the message length',
      'This template contains too many variable parameters relative to the message length. You need to decrease the number of variable parameters or increase the message length.',
    );
  requireExamples(body, 'body', names, format);
}

function checkFooter(footer: TemplateComponentDef, category: string) {
  if (category === 'AUTHENTICATION' && footer.text === undefined) {
    const minutes = footer.code_expiration_minutes;
    if (typeof minutes !== 'number' || minutes < 1 || minutes > 90)
      throw invalidTemplate('An authentication footer needs code_expiration_minutes (1 to 90).');
    footer.text = `This code expires in ${minutes} minutes.`;
    return;
  }
  if (typeof footer.text !== 'string' || footer.text === '')
    throw invalidTemplate('The FOOTER component needs text.');
  if ([...footer.text].length > WA_TEMPLATE_FOOTER_MAX)
    throw characterLimit('footer text', WA_TEMPLATE_FOOTER_MAX);
  if (distinctPlaceholders(footer.text).length > 0)
    throw templateError(
      TEMPLATE_SUBCODES.footerFormat,
      'Message template footer format incorrect',
      'Footers cannot contain variables.',
    );
}

function checkButtons(component: TemplateComponentDef, category: TemplateCategory) {
  const buttons = component.buttons;
  if (!Array.isArray(buttons)) throw invalidTemplate('The BUTTONS component needs buttons[].');
  component.buttons = validateTemplateButtons(buttons, category);
}

function checkNames(names: string[], format: ParameterFormat, where: string) {
  const ok = format === 'POSITIONAL' ? isPositionalName : isNamedName;
  const bad = names.find((n) => !ok(n));
  if (bad !== undefined)
    throw invalidTemplate(
      format === 'POSITIONAL'
        ? `The ${where} has the variable {{${bad}}}; positional templates use {{1}}, {{2}}, … (set parameter_format "named" for names).`
        : `The ${where} has the variable {{${bad}}}; named variables use lowercase letters, digits and underscores.`,
    );
  if (format === 'POSITIONAL') {
    const numbers = names.map(Number).sort((a, b) => a - b);
    if (numbers.some((n, i) => n !== i + 1))
      throw invalidTemplate(`The ${where} variables must be numbered in sequence from {{1}}.`);
  }
}

/** Example values are required for every variable (`example.body_text: [[…]]` and kin). */
function requireExamples(
  component: Json,
  where: 'header' | 'body',
  names: string[],
  format: ParameterFormat,
) {
  const example = isRecord(component.example) ? component.example : {};
  if (format === 'NAMED') {
    const given = example[`${where}_text_named_params`];
    const covered = new Set(
      Array.isArray(given)
        ? given.flatMap((p) =>
            isRecord(p) && typeof p.param_name === 'string' && typeof p.example === 'string'
              ? [p.param_name]
              : [],
          )
        : [],
    );
    const missing = names.filter((n) => !covered.has(n));
    if (missing.length > 0)
      throw invalidTemplate(
        `The ${where} needs example.${where}_text_named_params for: ${missing.join(', ')}.`,
      );
    return;
  }
  const given = example[`${where}_text`];
  const values = where === 'body' ? (Array.isArray(given) ? given[0] : undefined) : given;
  if (!Array.isArray(values) || values.length !== names.length)
    throw invalidTemplate(
      where === 'body'
        ? `The body has ${names.length} variable(s) and needs example.body_text: [[${names.length} value(s)]].`
        : 'The header has a variable and needs example.header_text: [value].',
    );
}
