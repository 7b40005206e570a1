/**
 * A template send checked against the stored template, as Meta checks it: the template must
 * exist in that language (132001) and be APPROVED (PAUSED 132015, DISABLED 132016, others
 * 132001); parameters must match in number (132000) and format (132012). The result is what
 * the phone shows: text with parameters substituted, and the buttons with their payloads.
 */
import { WA_TEMPLATE_BODY_MAX, WA_TEMPLATE_HEADER_TEXT_MAX } from '../canvas/limits.js';
import { GraphError } from './errors.js';
import { isRecord, requireRecord, requireString, sub, type Json } from './json-fields.js';
import { countMismatch, formatMismatch, parseParams, type ParamValue } from './template-params.js';
import type { Template, TemplateComponentDef, TemplateStore } from './templates-store.js';
import { distinctPlaceholders, substitute } from './template-variables.js';

export interface TemplateSend {
  template: Template;
  /** What the phone shows. */
  content: Json;
  /** Quick-reply payload per template button index (the label when none was sent). */
  buttonPayloads: Record<number, string>;
}

interface GivenComponents {
  header?: ParamValue[];
  body?: ParamValue[];
  buttons: Map<number, { subType: string; params: ParamValue[] }>;
}

export function resolveTemplateSend(store: TemplateStore, wabaId: string, raw: Json): TemplateSend {
  const name = requireString(raw, 'name', 'template');
  const language = requireRecord(raw, 'language', 'template');
  const code = requireString(language, 'code', "template['language']");
  const template = store.find(wabaId, name, code);
  if (!template) throw new GraphError(132001, `template name (${name}) does not exist in ${code}`);
  if (template.status === 'PAUSED') throw new GraphError(132015);
  if (template.status === 'DISABLED') throw new GraphError(132016);
  if (template.status !== 'APPROVED')
    throw new GraphError(
      132001,
      `template name (${name}) in ${code} is not approved (status ${template.status})`,
    );
  const given = readComponents(raw.components);
  const header = component(template, 'HEADER');
  const body = component(template, 'BODY');
  const footer = component(template, 'FOOTER');
  const content: Json = {
    template: { name, language: code, category: template.category },
  };
  const renderedHeader = header && renderHeader(header, given.header ?? [], template);
  if (renderedHeader) content.header = renderedHeader;
  if (!header && (given.header?.length ?? 0) > 0)
    throw countMismatch('header', given.header?.length ?? 0, 0);
  content.body = fill(body?.text ?? '', given.body ?? [], 'body', template);
  if ([...String(content.body)].length > WA_TEMPLATE_BODY_MAX)
    throw new GraphError(132005, `body: hydrated text exceeds ${WA_TEMPLATE_BODY_MAX} characters`);
  if (footer?.text) content.footer = footer.text;
  const { buttons, payloads } = renderButtons(template, given);
  if (buttons.length > 0) content.buttons = buttons;
  return { template, content, buttonPayloads: payloads };
}

function component(template: Template, type: TemplateComponentDef['type']) {
  return template.components.find((c) => c.type === type);
}

function readComponents(raw: unknown): GivenComponents {
  const given: GivenComponents = { buttons: new Map() };
  if (raw === undefined || raw === null) return given;
  if (!Array.isArray(raw))
    throw new GraphError(100, "Param template['components'] must be an array.");
  raw.forEach((c, i) => {
    const path = sub("template['components']", i);
    if (!isRecord(c) || typeof c.type !== 'string')
      throw new GraphError(131008, `The parameter ${sub(path, 'type')} is required.`);
    const type = c.type.toLowerCase();
    const params = parseParams(c.parameters, sub(path, 'parameters'));
    if (type === 'header' || type === 'body') {
      if (given[type]) throw new GraphError(100, `Only one ${type} component may be given.`);
      given[type] = params;
    } else if (type === 'button') {
      const index = Number(c.index);
      if (c.index === undefined || !Number.isInteger(index) || index < 0 || index > 9)
        throw new GraphError(131009, `${sub(path, 'index')} must be a button index from 0 to 9.`);
      if (given.buttons.has(index))
        throw new GraphError(100, `Button index ${index} is given twice.`);
      const subType = typeof c.sub_type === 'string' ? c.sub_type.toLowerCase() : '';
      if (subType === '')
        throw new GraphError(131008, `The parameter ${sub(path, 'sub_type')} is required.`);
      given.buttons.set(index, { subType, params });
    } else {
      throw new GraphError(
        100,
        `Param ${sub(path, 'type')} must be one of {HEADER, BODY, BUTTON}.`,
      );
    }
  });
  return given;
}

/** Substitute variables; positional by order, named by `parameter_name`. */
function fill(text: string, params: ParamValue[], where: string, template: Template): string {
  const names = distinctPlaceholders(text);
  if (params.length !== names.length) throw countMismatch(where, params.length, names.length);
  const values = new Map<string, string>();
  params.forEach((param, i) => {
    if (param.kind !== 'text') throw formatMismatch(where, 'TEXT', param);
    if (template.parameterFormat === 'NAMED') {
      if (param.name === undefined || !names.includes(param.name))
        throw new GraphError(
          132000,
          `${where}: parameter_name (${param.name ?? ''}) does not match a variable of the template (${names.join(', ')})`,
        );
      values.set(param.name, param.value);
    } else values.set(String(i + 1), param.value);
  });
  if (values.size !== names.length) throw countMismatch(where, values.size, names.length);
  return substitute(text, values);
}

function renderHeader(header: TemplateComponentDef, params: ParamValue[], template: Template) {
  const format = header.format ?? 'TEXT';
  if (format === 'TEXT') {
    const text = fill(header.text ?? '', params, 'header', template);
    if ([...text].length > WA_TEMPLATE_HEADER_TEXT_MAX)
      throw new GraphError(
        132005,
        `header: hydrated text exceeds ${WA_TEMPLATE_HEADER_TEXT_MAX} characters`,
      );
    return { type: 'text', text };
  }
  // Meta words a missing media parameter as a format mismatch ("received UNKNOWN").
  const param = params[0];
  if (params.length > 1) throw countMismatch('header', params.length, 1);
  if (format === 'LOCATION') {
    if (param?.kind !== 'location') throw formatMismatch('header', 'LOCATION', param);
    return { type: 'location', ...param.location };
  }
  // Unsure: GIF headers are sent as a video parameter (an MP4), as Meta's GIF docs show.
  const expected = format === 'GIF' ? 'VIDEO' : format;
  if (param?.kind !== 'media' || param.format !== expected)
    throw formatMismatch('header', expected, param);
  return { type: format.toLowerCase(), ...param.media };
}

function renderButtons(template: Template, given: GivenComponents) {
  const defs = component(template, 'BUTTONS')?.buttons ?? [];
  const buttons: Json[] = [];
  const payloads: Record<number, string> = {};
  for (const index of given.buttons.keys())
    if (index >= defs.length)
      throw new GraphError(131009, `button at index ${index} does not exist in the template`);
  defs.forEach((def, index) => {
    const where = `button at index ${index}`;
    const sent = given.buttons.get(index);
    const label = def.text ?? '';
    // Authentication OTP buttons are sent as sub_type "url" carrying the code.
    const expectedSubType = def.type === 'OTP' ? 'url' : def.type.toLowerCase();
    if (sent && sent.subType !== expectedSubType)
      throw formatMismatch(where, def.type, { kind: 'other', type: sent.subType });
    const params = sent?.params ?? [];
    if (def.type === 'QUICK_REPLY') {
      if (params.length > 1) throw countMismatch(where, params.length, 1);
      const param = params[0];
      if (param && param.kind !== 'payload') throw formatMismatch(where, 'PAYLOAD', param);
      // Unsure: with no payload parameter, libraries observe the label comes back as payload.
      payloads[index] = param?.kind === 'payload' ? param.value : label;
      buttons.push({ index, type: 'QUICK_REPLY', text: label, payload: payloads[index] });
    } else if (def.type === 'URL') {
      const expected = distinctPlaceholders(def.url).length;
      if (params.length !== expected) throw countMismatch(where, params.length, expected);
      const param = params[0];
      if (param && param.kind !== 'text') throw formatMismatch(where, 'TEXT', param);
      const url = substitute(def.url ?? '', new Map(param ? [['1', param.value]] : []));
      buttons.push({ index, type: 'URL', text: label, url });
    } else if (def.type === 'COPY_CODE') {
      const param = params[0];
      if (param?.kind !== 'coupon_code') throw formatMismatch(where, 'COUPON_CODE', param);
      buttons.push({ index, type: 'COPY_CODE', text: label || 'Copy code', code: param.value });
    } else if (def.type === 'OTP') {
      const param = params[0];
      if (param?.kind !== 'text') throw formatMismatch(where, 'TEXT', param);
      buttons.push({ index, type: 'OTP', text: label || 'Copy code', code: param.value });
    } else {
      buttons.push({ index, type: def.type, text: label });
    }
  });
  return { buttons, payloads };
}
