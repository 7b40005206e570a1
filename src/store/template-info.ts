/**
 * From Meta's template components to the facts the engine needs (`TemplateInfo`): body
 * and header placeholders, header format, and buttons by index.
 */
import type { TemplateCategory } from '../engine/outbound.js';
import type { TemplateInfo, TemplateStatus } from '../engine/types.js';
import { isRecord } from './json.js';
import type { TemplateRecord } from './repos/templates.js';

type ButtonType = TemplateInfo['buttons'][number]['type'];
type HeaderFormat = NonNullable<TemplateInfo['header']>['format'];

const BUTTON_TYPES: readonly ButtonType[] = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE'];
const HEADER_FORMATS: readonly HeaderFormat[] = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'];
const CATEGORIES: readonly TemplateCategory[] = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];
const STATUSES: readonly TemplateStatus[] = [
  'APPROVED',
  'PENDING',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'IN_APPEAL',
  'PENDING_DELETION',
  'DELETED',
  'ARCHIVED',
  'LIMIT_EXCEEDED',
  'LOCKED',
  'FLAGGED',
  'REINSTATED',
];

/** `{{1}}` / `{{first_name}}` placeholders in order of first appearance, without repeats. */
export function placeholders(text: string | undefined): string[] {
  if (text === undefined) return [];
  const names: string[] = [];
  for (const match of text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)) {
    const name = match[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

export function toTemplateInfo(template: TemplateRecord): TemplateInfo {
  const components = template.components.filter(isRecord);
  const find = (type: string) =>
    components.find((c) => typeof c.type === 'string' && c.type.toUpperCase() === type);
  const header = find('HEADER');
  const body = find('BODY');
  const bodyText = text(body?.text) ?? '';
  const info: TemplateInfo = {
    name: template.name,
    language: template.language,
    status: pick(STATUSES, template.status.toUpperCase(), 'PENDING'),
    category: pick(CATEGORIES, template.category.toUpperCase(), 'UTILITY'),
    parameterFormat: template.parameterFormat.toLowerCase() === 'named' ? 'named' : 'positional',
    bodyParams: placeholders(bodyText),
    buttons: buttonsOf(find('BUTTONS')),
    bodyText,
  };
  if (header !== undefined) {
    const format = pick(HEADER_FORMATS, (text(header.format) ?? 'TEXT').toUpperCase(), 'TEXT');
    info.header = { format, params: format === 'TEXT' ? placeholders(text(header.text)) : [] };
  }
  return info;
}

function buttonsOf(component: Record<string, unknown> | undefined): TemplateInfo['buttons'] {
  const buttons = Array.isArray(component?.buttons) ? component.buttons.filter(isRecord) : [];
  return buttons.map((button) => {
    const type = pick(BUTTON_TYPES, (text(button.type) ?? '').toUpperCase(), 'OTHER');
    const out: TemplateInfo['buttons'][number] = { type, text: text(button.text) ?? '' };
    // A URL button with `{{1}}` in its url takes a parameter at send time.
    if (type === 'URL' && /\{\{.+\}\}/.test(text(button.url) ?? '')) out.hasVariable = true;
    return out;
  });
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function pick<T extends string, F extends string>(
  allowed: readonly T[],
  value: string,
  fallback: F,
): T | F {
  return allowed.find((a) => a === value) ?? fallback;
}
