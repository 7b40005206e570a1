/**
 * Rendering a WhatsApp template send: checks the template is known and APPROVED, that the
 * person may receive its category, that the parameters match the template, and renders each
 * parameter strictly. A parameter that renders empty aborts the send: Meta would reject it,
 * and a blank in a customer's message is worse than no message.
 */
import type { StepOf } from '../../canvas/schema.js';
import type { TemplateSend } from '../../canvas/steps/message.js';
import { WA_TEMPLATE_HEADER_TEXT_MAX } from '../../canvas/limits.js';
import type {
  MediaParameter,
  TemplateBody,
  TemplateComponent,
  TextParameter,
} from '../outbound.js';
import { encodeButtonToken } from '../payload.js';
import type { Run } from '../run.js';
import type { TemplateInfo } from '../types.js';
import type { Built } from './message.js';
import type { z } from 'zod';

type MessageStep = StepOf<'message'>;
type Spec = { [K in keyof typeof TemplateSend]?: z.infer<(typeof TemplateSend)[K]> } & {
  template: string;
};
type Params = string[] | Record<string, string>;

export const DEFAULT_LANGUAGE = 'en_US';

export function renderTemplate(step: MessageStep, spec: Spec, run: Run): Built | undefined {
  const language = spec.language ?? DEFAULT_LANGUAGE;
  const info = run.ctx.templates(spec.template, language);
  if (info === undefined) {
    run.error(
      step.id,
      'template_unknown',
      `template "${spec.template}" (${language}) is not known; sync templates from the WABA`,
    );
    return undefined;
  }
  if (info.status !== 'APPROVED') {
    run.error(
      step.id,
      'template_not_approved',
      `template "${info.name}" (${info.language}) is ${info.status}; only APPROVED templates are sent`,
    );
    return undefined;
  }
  const number = run.number(step.whatsapp.number);
  if (info.category === 'MARKETING' && run.contact.subscriptions[number] === 'unsubscribed') {
    run.error(
      step.id,
      'marketing_unsubscribed',
      `the person is unsubscribed on "${number}"; marketing templates are not sent`,
    );
    return undefined;
  }

  const components: TemplateComponent[] = [];
  const scope = run.scope(step);

  // Header
  let headerText: string[] = [];
  if (
    info.header !== undefined &&
    info.header.format !== 'TEXT' &&
    info.header.format !== 'LOCATION'
  ) {
    const media =
      spec.header !== undefined && !Array.isArray(spec.header) ? spec.header : undefined;
    const link = media?.image ?? media?.video ?? media?.document;
    if (link === undefined) {
      run.error(
        step.id,
        'template_params',
        `template "${info.name}" has a ${info.header.format} header; give header: { ${info.header.format.toLowerCase()}: <url> }`,
      );
      return undefined;
    }
    const url = run.render(step, link, scope);
    if (url === undefined) return undefined;
    const kind =
      info.header.format === 'IMAGE'
        ? 'image'
        : info.header.format === 'VIDEO'
          ? 'video'
          : 'document';
    const param: MediaParameter = { type: kind, [kind]: { link: url } };
    components.push({ type: 'header', parameters: [param] });
  } else if (info.header !== undefined && info.header.params.length > 0) {
    const given =
      spec.header !== undefined && (Array.isArray(spec.header) || isParamRecord(spec.header))
        ? spec.header
        : undefined;
    const params = renderParams(step, run, info, 'header', info.header.params, given, scope);
    if (params === undefined) return undefined;
    headerText = params.map((p) => p.text);
    components.push({ type: 'header', parameters: params });
  }

  // Body
  const bodyParams = renderParams(step, run, info, 'body', info.bodyParams, spec.body, scope);
  if (bodyParams === undefined) return undefined;
  if (bodyParams.length > 0) components.push({ type: 'body', parameters: bodyParams });

  // Buttons: every quick reply gets a routing payload; URL buttons with a variable get their suffix.
  const labels: string[] = [];
  for (const [index, button] of info.buttons.entries()) {
    labels.push(button.text);
    const settings = spec.buttons?.[index];
    if (button.type === 'QUICK_REPLY') {
      const payload = encodeButtonToken({
        journeyId: run.journey.id,
        visit: run.journey.visit,
        button: index,
        ...(settings?.payload !== undefined ? { payload: settings.payload } : {}),
      });
      components.push({
        type: 'button',
        sub_type: 'quick_reply',
        index: String(index),
        parameters: [{ type: 'payload', payload }],
      });
    } else if (button.type === 'URL' && button.hasVariable) {
      if (settings?.url_suffix === undefined) {
        run.error(
          step.id,
          'template_params',
          `button ${index} ("${button.text}") has a URL variable; set buttons[${index}].url_suffix`,
        );
        return undefined;
      }
      const suffix = run.render(step, settings.url_suffix, scope);
      if (suffix === undefined) return undefined;
      components.push({
        type: 'button',
        sub_type: 'url',
        index: String(index),
        parameters: [{ type: 'text', text: suffix }],
      });
    }
  }

  const body: TemplateBody = {
    type: 'template',
    template: { name: info.name, language: { code: info.language }, components },
  };
  const quickReplies = info.buttons.filter((b) => b.type === 'QUICK_REPLY').map((b) => b.text);
  return {
    body,
    preview: preview(info, headerText, bodyParams),
    buttons: quickReplies.length > 0 ? labels : [],
    template: { name: info.name, language: info.language, category: info.category },
  };
}

function isParamRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !('image' in value || 'video' in value || 'document' in value)
  );
}

function renderParams(
  step: MessageStep,
  run: Run,
  info: TemplateInfo,
  where: 'header' | 'body',
  expected: string[],
  given: Params | undefined,
  scope: Record<string, unknown>,
): TextParameter[] | undefined {
  const named = info.parameterFormat === 'named';
  const values: Array<[string | undefined, string]> = [];
  if (given === undefined) {
    if (expected.length === 0) return [];
    run.error(
      step.id,
      'template_params',
      `template "${info.name}" ${where} takes ${expected.length} parameter(s); none given`,
    );
    return undefined;
  }
  if (Array.isArray(given)) {
    if (named) {
      run.error(
        step.id,
        'template_params',
        `template "${info.name}" uses named parameters (${expected.join(', ')}); give ${where} as a map`,
      );
      return undefined;
    }
    if (given.length !== expected.length) {
      run.error(
        step.id,
        'template_params',
        `template "${info.name}" ${where} takes ${expected.length} parameter(s); ${given.length} given`,
      );
      return undefined;
    }
    for (const source of given) values.push([undefined, source]);
  } else {
    if (!named) {
      run.error(
        step.id,
        'template_params',
        `template "${info.name}" uses positional parameters; give ${where} as a list`,
      );
      return undefined;
    }
    const missing = expected.filter((name) => given[name] === undefined);
    const extra = Object.keys(given).filter((name) => !expected.includes(name));
    if (missing.length > 0 || extra.length > 0) {
      run.error(
        step.id,
        'template_params',
        `template "${info.name}" ${where} takes ${expected.join(', ')}; ${missing.length > 0 ? `missing ${missing.join(', ')}` : `unknown ${extra.join(', ')}`}`,
      );
      return undefined;
    }
    for (const name of expected) values.push([name, given[name] ?? '']);
  }
  const out: TextParameter[] = [];
  for (const [i, [name, source]] of values.entries()) {
    const text = run.render(step, source, scope);
    if (text === undefined) return undefined;
    if (text.trim() === '') {
      run.error(
        step.id,
        'liquid_missing_variable',
        `${where} parameter ${name ?? i + 1} rendered empty; WhatsApp refuses empty parameters`,
      );
      return undefined;
    }
    if (where === 'header' && text.length > WA_TEMPLATE_HEADER_TEXT_MAX) {
      run.error(
        step.id,
        'message_limit',
        `header parameter is ${text.length} characters; WhatsApp allows ${WA_TEMPLATE_HEADER_TEXT_MAX}`,
      );
      return undefined;
    }
    out.push({ type: 'text', text, ...(name !== undefined ? { parameter_name: name } : {}) });
  }
  return out;
}

function preview(info: TemplateInfo, _header: string[], params: TextParameter[]): string {
  const byName = new Map(params.map((p, i) => [p.parameter_name ?? String(i + 1), p.text]));
  return info.bodyText.replace(
    /\{\{\s*([\w]+)\s*\}\}/g,
    (whole, key: string) => byName.get(key) ?? whole,
  );
}
