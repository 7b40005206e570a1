/**
 * WhatsApp templates: the library (Meta's shape), a sync from Meta (or the emulator) that
 * follows paging, and creating a template — checked against Meta's rules first (422 with
 * every issue), then submitted for review; it starts PENDING, and Meta's status webhook
 * moves it on.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkTemplate } from '../../channels/whatsapp/template-rules.js';
import type { TemplateRecord } from '../../store/repos/templates.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Router } from '../routing.js';

const Component = z.looseObject({ type: z.string() });
const CreateBody = z.strictObject({
  name: z.string(),
  language: z.string(),
  category: z.string(),
  sub_category: z.string().optional(),
  parameter_format: z.string().optional(),
  allow_category_change: z.boolean().optional(),
  message_send_ttl_seconds: z.number().int().optional(),
  components: z.array(Component),
});

export function templateView(t: TemplateRecord) {
  return {
    ...(t.id !== null ? { id: t.id } : {}),
    name: t.name,
    language: t.language,
    status: t.status,
    category: t.category,
    parameter_format: t.parameterFormat,
    components: t.components,
    ...(t.qualityScore !== null ? { quality_score: t.qualityScore } : {}),
    ...(t.rejectedReason !== null ? { rejected_reason: t.rejectedReason } : {}),
  };
}

export function templateRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  defineRoute(
    app,
    router,
    { method: 'GET', url: '/api/v1/templates', summary: 'The template library', access: 'native' },
    async () => ({ templates: (await deps.store.templates.list()).map(templateView) }),
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/templates/sync',
      summary: "Read every template of every number's WABA from Meta (all pages)",
      access: 'native',
    },
    async () => ({ synced: await syncTemplates(deps) }),
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/templates',
      summary: 'Create a template and submit it for review',
      access: 'native',
      body: CreateBody,
      status: 201,
    },
    async ({ body }) => {
      const issues = checkTemplate(body).map((i) => ({ path: i.path, message: i.message }));
      if (issues.length > 0) throw invalid(issues);
      const number = deps.numbers[0];
      const channel = number ? deps.channels.get(number.id) : undefined;
      if (number === undefined || channel === undefined)
        throw new ApiError(409, 'no_number', 'no business number is configured');
      const created = await channel.client.createTemplate(body);
      if (!created.ok) {
        if (created.error.reason === 'template_invalid' || created.error.httpStatus === 400)
          throw invalid([
            {
              path: '',
              message: [created.error.title, created.error.details].filter(Boolean).join(': '),
            },
          ]);
        throw new ApiError(
          502,
          'meta_unavailable',
          `Meta did not take the template: ${created.error.title}`,
        );
      }
      const record = {
        wabaId: number.wabaId,
        name: body.name,
        language: body.language,
        id: created.value.id,
        status: created.value.status,
        category: created.value.category,
        parameterFormat: (body.parameter_format ?? 'positional').toUpperCase(),
        components: body.components,
        qualityScore: null,
        rejectedReason: null,
      };
      await deps.store.templates.upsertMany([record]);
      deps.runner.catalog.invalidate();
      return { template: templateView({ ...record, updatedAt: deps.now() }) };
    },
  );
}

function invalid(issues: Array<{ path: string; message: string }>): ApiError {
  const [first] = issues;
  return new ApiError(
    422,
    'invalid_template',
    first ? `${first.path === '' ? '' : `${first.path}: `}${first.message}` : 'invalid template',
    { ...(first?.path ? { field: first.path } : {}), issues },
  );
}

/** Templates of every configured WABA into the store; returns how many were read. */
export async function syncTemplates(
  deps: Pick<ApiDeps, 'numbers' | 'channels' | 'store' | 'runner'>,
): Promise<number> {
  let synced = 0;
  const seen = new Set<string>();
  for (const number of deps.numbers) {
    if (seen.has(number.wabaId)) continue;
    seen.add(number.wabaId);
    const channel = deps.channels.get(number.id);
    if (channel === undefined) continue;
    const listed = await channel.client.listTemplates();
    if (!listed.ok)
      throw new ApiError(
        502,
        'meta_unavailable',
        `could not read templates of WABA ${number.wabaId}: ${listed.error.title}`,
      );
    await deps.store.templates.upsertMany(
      listed.value.templates.map((t) => ({
        wabaId: number.wabaId,
        name: t.name,
        language: t.language,
        id: t.id,
        status: t.status,
        category: t.category,
        parameterFormat: (t.parameter_format ?? 'positional').toUpperCase(),
        components: t.components,
        qualityScore: qualityOf(t.quality_score),
        rejectedReason: t.rejected_reason ?? null,
      })),
    );
    synced += listed.value.templates.length;
  }
  deps.runner.catalog.invalidate();
  return synced;
}

function qualityOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    'score' in value &&
    typeof value.score === 'string'
  )
    return value.score;
  return null;
}
