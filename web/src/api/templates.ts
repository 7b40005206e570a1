/**
 * Templates from `GET /api/v1/templates`, read with the canvas package's own `MetaTemplate`
 * schema and `toTemplateInfo`, so the builder and inspect see what the server sees.
 */
import { MetaTemplate, toTemplateInfo, type TemplateInfo } from '../../../src/canvas/templates';
import { api } from './client';

export interface LoadedTemplate {
  meta: MetaTemplate;
  info: TemplateInfo;
}

const KNOWN_KEYS = Object.keys(MetaTemplate.shape);

/** Reads what it can; fields the schema does not know (Meta adds some) are left out. */
export function readTemplates(raw: readonly unknown[]): LoadedTemplate[] {
  const out: LoadedTemplate[] = [];
  for (const item of raw) {
    const parsed = MetaTemplate.safeParse(item);
    const meta = parsed.success ? parsed.data : MetaTemplate.safeParse(knownOnly(item)).data;
    if (meta) out.push({ meta, info: toTemplateInfo(meta) });
  }
  return out;
}

function knownOnly(item: unknown): unknown {
  if (typeof item !== 'object' || item === null) return item;
  return Object.fromEntries(Object.entries(item).filter(([key]) => KNOWN_KEYS.includes(key)));
}

export async function fetchTemplates(): Promise<LoadedTemplate[]> {
  const { templates } = await api<{ templates: unknown[] }>('GET', '/api/v1/templates');
  return readTemplates(templates);
}
