/**
 * Template management, Meta's shapes:
 * - `GET /{WABA}/message_templates?fields&limit&after&before&name&status&category&language`
 *   → `{data: [...], paging: {cursors: {before, after}, next?, previous?}}` (newest first;
 *   `summary=total_count` adds `summary.total_count`)
 * - `POST /{WABA}/message_templates` `{name, language, category, parameter_format?, components}`
 *   → `{id, status: "PENDING", category}`, then review (template-review.ts)
 * - `DELETE /{WABA}/message_templates?name=…[&hsm_id=…]` → `{success: true}`
 * - `POST /{TEMPLATE_ID}` `{category?, components?}` → `{success: true}`, then re-review
 */
import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from './context.js';
import { GraphError } from './errors.js';
import { checkVersion, versioned } from './graph-paths.js';
import { unknownObject } from './graph-nodes.js';
import { newGraphId } from './ids.js';
import { isRecord, type Json } from './json-fields.js';
import { WA_DELETED_TEMPLATE_NAME_BLOCK_MS } from './meta-limits.js';
import { invalidTemplate, templateError, TEMPLATE_SUBCODES } from './template-errors.js';
import { cancelReview, scheduleReview } from './template-review.js';
import {
  parseCategory,
  validateComponents,
  validateTemplateDefinition,
} from './template-validate.js';
import { templateJson, type Template } from './templates-store.js';
import { pageOf } from './template-paging.js';

type Params = { version?: string; id: string };
type ListQuery = {
  fields?: string;
  limit?: string;
  after?: string;
  before?: string;
  name?: string;
  status?: string;
  category?: string;
  language?: string;
  summary?: string;
};

export function registerTemplateRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const wabaOf = (id: string, method: 'get' | 'post' | 'delete') => {
    if (!ctx.config.numbers.some((n) => n.wabaId === id)) throw unknownObject(method, id);
    return id;
  };
  for (const url of versioned('/:id/message_templates')) {
    app.get<{ Params: Params; Querystring: ListQuery }>(url, async (request) => {
      checkVersion(request.params.version);
      const wabaId = wabaOf(request.params.id, 'get');
      const { fields, limit, after, before, summary, ...filter } = request.query;
      const all = ctx.state.templates.list(wabaId, filter);
      const wanted = fields
        ?.split(',')
        .map((f) => f.trim())
        .filter((f) => f !== '');
      const self = `${request.protocol}://${request.host}${request.url}`;
      const page = pageOf(all, { limit, after, before }, self);
      const body: Json = {
        data: page.items.map((t) => templateJson(t, wanted)),
        paging: page.paging,
      };
      if (summary?.split(',').includes('total_count')) body.summary = { total_count: all.length };
      return body;
    });
    app.post<{ Params: Params }>(url, async (request) => {
      checkVersion(request.params.version);
      const wabaId = wabaOf(request.params.id, 'post');
      const template = createTemplate(ctx, wabaId, request.body, 'PENDING');
      scheduleReview(ctx, template);
      return { id: template.id, status: template.status, category: template.category };
    });
    app.delete<{ Params: Params; Querystring: { name?: string; hsm_id?: string } }>(
      url,
      async (request) => {
        checkVersion(request.params.version);
        const wabaId = wabaOf(request.params.id, 'delete');
        return deleteTemplates(ctx, wabaId, request.query.name, request.query.hsm_id);
      },
    );
  }
}

/** Validate and store a template (the create endpoint, and seed templates at start). */
export function createTemplate(
  ctx: EmulatorContext,
  wabaId: string,
  body: unknown,
  status: Template['status'],
  id?: string,
): Template {
  const definition = validateTemplateDefinition(body);
  const { name, language } = definition;
  const blockedUntil = ctx.state.blockedTemplateNames.get(`${wabaId}|${name}|${language}`);
  if (blockedUntil !== undefined && blockedUntil > ctx.scheduler.now())
    throw templateError(
      TEMPLATE_SUBCODES.beingDeleted,
      'Message template language is being deleted',
      `New ${language} content can't be added while the existing ${language} content is being deleted. Try again in 4 weeks or make a new message template.`,
    );
  if (ctx.state.templates.find(wabaId, name, language))
    throw templateError(
      TEMPLATE_SUBCODES.alreadyExists,
      'Message template already exists',
      `There is already ${language} content for this template. You can create a new template and try again.`,
    );
  if (ctx.state.templates.count(wabaId) >= ctx.config.maxTemplatesPerWaba)
    throw templateError(
      TEMPLATE_SUBCODES.countLimit,
      'Message template count limit exceeded',
      `You have reached the limit of ${ctx.config.maxTemplatesPerWaba} message templates for this WhatsApp Business Account.`,
    );
  const template: Template = {
    id: id ?? newGraphId(ctx.random),
    wabaId,
    ...definition,
    status,
    rejectedReason: 'NONE',
    createdAt: ctx.scheduler.now(),
  };
  ctx.state.templates.add(template);
  return template;
}

function deleteTemplates(
  ctx: EmulatorContext,
  wabaId: string,
  name: string | undefined,
  hsmId: string | undefined,
): { success: true } {
  if (!name) throw new GraphError(100, 'The parameter name is required.');
  const targets = ctx.state.templates
    .list(wabaId)
    .filter((t) => t.name === name && (hsmId === undefined || t.id === hsmId));
  if (targets.length === 0)
    throw invalidTemplate(`Message template "${name}"${hsmId ? ` (${hsmId})` : ''} was not found.`);
  if (targets.some((t) => t.status === 'DISABLED'))
    throw invalidTemplate('Disabled message templates cannot be deleted.');
  const now = ctx.scheduler.now();
  for (const template of targets) {
    cancelReview(ctx, template.id);
    ctx.state.templates.delete(template.id);
    if (template.status === 'APPROVED')
      ctx.state.blockedTemplateNames.set(
        `${wabaId}|${template.name}|${template.language}`,
        now + WA_DELETED_TEMPLATE_NAME_BLOCK_MS,
      );
  }
  return { success: true };
}

const EDITABLE = new Set(['APPROVED', 'REJECTED', 'PAUSED']);

/** `POST /{TEMPLATE_ID}`: replace category and/or components, then review again. */
export function editTemplate(ctx: EmulatorContext, id: string, body: unknown): { success: true } {
  const template = ctx.state.templates.get(id);
  if (!template) throw unknownObject('post', id);
  if (!isRecord(body)) throw invalidTemplate('The request body must be a JSON object.');
  if (!EDITABLE.has(template.status))
    throw invalidTemplate(`Templates with status ${template.status} cannot be edited.`);
  if (body.category === undefined && body.components === undefined)
    throw invalidTemplate('Give category and/or components to edit.');
  const category =
    typeof body.category === 'string' ? parseCategory(body.category) : template.category;
  if (template.status === 'APPROVED' && category !== template.category)
    throw invalidTemplate("The category of an approved template can't be changed.");
  const components =
    body.components === undefined
      ? template.components
      : validateComponents(body.components, category, template.parameterFormat);
  template.category = category;
  template.components = components;
  template.status = 'PENDING';
  template.rejectedReason = 'NONE';
  scheduleReview(ctx, template);
  return { success: true };
}
