/**
 * `GET /{waba}/message_templates`, every page. Graph pages with cursors: each answer has
 * `paging.cursors.after` and, when there is more, `paging.next` (a full URL). We follow
 * the cursor on our own base URL rather than `next` itself, so that a configured base
 * (the emulator, a proxy) is kept and no URL from the answer ever gets our token.
 */
import { z } from 'zod';
import { formatPath } from '../../canvas/issues.js';
import type { GraphHttp, GraphResult } from './graph-http.js';
import { TemplateInfo } from './template-types.js';
import { isRecord, parseWire } from './webhook-schema.js';

export interface ListTemplatesQuery {
  /** Comma-separated Graph fields (the client passes a sensible default). */
  fields?: string;
  /** Page size (Graph's default is 25). */
  limit?: number;
  status?: string;
  name?: string;
  category?: string;
  language?: string;
}

export interface TemplateList {
  templates: TemplateInfo[];
  /** Items Meta returned that we could not read, so a sync can report them. */
  skipped: Array<{ id?: string; name?: string; problem: string }>;
}

/** A runaway paging loop (a server that always says "next") stops here. */
export const MAX_TEMPLATE_PAGES = 500;

const Page = z.looseObject({
  data: z.array(z.unknown()),
  paging: z
    .looseObject({
      cursors: z.looseObject({ after: z.string().optional() }).optional(),
      next: z.string().optional(),
    })
    .optional(),
});

export async function listPages(
  http: GraphHttp,
  wabaId: string,
  query: ListTemplatesQuery,
): Promise<GraphResult<TemplateList>> {
  const out: TemplateList = { templates: [], skipped: [] };
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) base[key] = String(value);
  }
  const seen = new Set<string>();
  let after: string | undefined;
  for (let page = 0; page < MAX_TEMPLATE_PAGES; page++) {
    const result = await http.request({
      method: 'GET',
      path: [wabaId, 'message_templates'],
      query: after === undefined ? base : { ...base, after },
    });
    if (!result.ok) return result;
    const parsed = Page.safeParse(result.value);
    if (!parsed.success) {
      return { ok: false, error: http.unexpected('a template page without a data array') };
    }
    for (const item of parsed.data.data) collect(item, out);
    after = nextCursor(parsed.data.paging);
    if (after === undefined || seen.has(after)) return { ok: true, value: out };
    seen.add(after);
  }
  return { ok: true, value: out };
}

/** The cursor of the next page, only when Graph says there is one (`paging.next`). */
function nextCursor(paging: z.output<typeof Page>['paging']): string | undefined {
  if (paging?.next === undefined) return undefined;
  if (paging.cursors?.after) return paging.cursors.after;
  try {
    return new URL(paging.next).searchParams.get('after') ?? undefined;
  } catch {
    return undefined;
  }
}

function collect(item: unknown, out: TemplateList): void {
  const parsed = parseWire(TemplateInfo, item);
  if (parsed.ok) {
    out.templates.push(parsed.data);
    return;
  }
  const issue = parsed.issues[0];
  const skipped: TemplateList['skipped'][number] = {
    problem: `${formatPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}`,
  };
  if (isRecord(item)) {
    if (typeof item.id === 'string') skipped.id = item.id;
    if (typeof item.name === 'string') skipped.name = item.name;
  }
  out.skipped.push(skipped);
}
