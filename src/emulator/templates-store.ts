/**
 * Message templates per WABA, in Meta's shape. Name + language identifies a template; the
 * Graph id is a numeric string. Validation lives in template-validate.ts.
 */
import type { TemplateCategory } from '../engine/outbound.js';

export const TEMPLATE_STATUSES = [
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
] as const;

export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

export interface TemplateButtonDef {
  type: string;
  text?: string;
  url?: string;
  phone_number?: string;
  example?: string[] | string;
  [key: string]: unknown;
}

export interface TemplateComponentDef {
  type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';
  format?: string;
  text?: string;
  example?: Record<string, unknown>;
  buttons?: TemplateButtonDef[];
  [key: string]: unknown;
}

export type ParameterFormat = 'POSITIONAL' | 'NAMED';

export interface Template {
  id: string;
  wabaId: string;
  name: string;
  language: string;
  category: TemplateCategory;
  subCategory?: string;
  status: TemplateStatus;
  parameterFormat: ParameterFormat;
  components: TemplateComponentDef[];
  /** `NONE` unless rejected (Meta's `rejected_reason`). */
  rejectedReason: string;
  createdAt: number;
}

/** A template given at start, as written in a templates file or synced from Meta. */
export interface SeedTemplate {
  name: string;
  language: string;
  category: string;
  components: unknown[];
  parameter_format?: string;
  status?: TemplateStatus;
  id?: string;
  /** Defaults to the first business number's WABA. */
  waba_id?: string;
}

export interface TemplateFilter {
  name?: string;
  status?: string;
  category?: string;
  language?: string;
}

export class TemplateStore {
  private readonly templates = new Map<string, Template>();

  add(template: Template): void {
    this.templates.set(template.id, template);
  }

  get(id: string): Template | undefined {
    return this.templates.get(id);
  }

  find(wabaId: string, name: string, language: string): Template | undefined {
    for (const t of this.templates.values())
      if (t.wabaId === wabaId && t.name === name && t.language === language) return t;
    return undefined;
  }

  /** In creation order, newest first, as Meta lists them. */
  list(wabaId: string, filter: TemplateFilter = {}): Template[] {
    const statuses = filter.status?.toUpperCase().split(',');
    const categories = filter.category?.toUpperCase().split(',');
    const languages = filter.language?.split(',');
    return [...this.templates.values()]
      .filter(
        (t) =>
          t.wabaId === wabaId &&
          // Meta's `name` filter matches part of the name.
          (filter.name === undefined || t.name.includes(filter.name.toLowerCase())) &&
          (statuses === undefined || statuses.includes(t.status)) &&
          (categories === undefined || categories.includes(t.category)) &&
          (languages === undefined || languages.includes(t.language)),
      )
      .reverse();
  }

  count(wabaId: string): number {
    return this.list(wabaId).length;
  }

  delete(id: string): boolean {
    return this.templates.delete(id);
  }

  all(): Template[] {
    return [...this.templates.values()];
  }

  clear(): void {
    this.templates.clear();
  }
}

/** The Graph JSON of a template, limited to `fields` when given (`id` always included). */
export function templateJson(template: Template, fields?: string[]): Record<string, unknown> {
  const full: Record<string, unknown> = {
    name: template.name,
    parameter_format: template.parameterFormat,
    components: template.components,
    language: template.language,
    status: template.status,
    category: template.category,
    ...(template.subCategory ? { sub_category: template.subCategory } : {}),
    id: template.id,
  };
  if (!fields) return full;
  const extra: Record<string, unknown> = {
    rejected_reason: template.rejectedReason,
    quality_score: { score: 'UNKNOWN', date: Math.floor(template.createdAt / 1000) },
    sub_category: template.subCategory ?? 'CUSTOM',
  };
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (field in full) out[field] = full[field];
    else if (field in extra) out[field] = extra[field];
  }
  out.id = template.id;
  return out;
}
