/**
 * Meta's limits on a message body (reference §2), checked before a request leaves, so that a
 * bad render fails here with the exact field and limit instead of as a vague code 100 or
 * 131009 from Meta after a network round trip and a throughput token.
 *
 * Lengths count UTF-16 code units (`string.length`), as the canvas validator does. Meta
 * does not say how it counts; code units are never fewer than characters, so a body that
 * passes here is never too long for Meta (an emoji may cost two).
 */
import {
  WA_BUTTON_PAYLOAD_MAX,
  WA_BUTTONS_BODY_MAX,
  WA_CALLBACK_DATA_MAX,
  WA_INTERACTIVE_FOOTER_MAX,
  WA_INTERACTIVE_HEADER_MAX,
  WA_LIST_BODY_MAX,
  WA_LIST_BUTTON_MAX,
  WA_LIST_ROW_DESCRIPTION_MAX,
  WA_LIST_ROW_ID_MAX,
  WA_LIST_ROW_TITLE_MAX,
  WA_LIST_ROWS_MAX,
  WA_LIST_SECTION_TITLE_MAX,
  WA_LIST_SECTIONS_MAX,
  WA_REPLY_BUTTON_ID_MAX,
  WA_REPLY_BUTTON_TITLE_MAX,
  WA_REPLY_BUTTONS_MAX,
  WA_TEMPLATE_BUTTONS_MAX,
  WA_TEMPLATE_NAME_MAX,
  WA_TEXT_BODY_MAX,
} from '../../canvas/limits.js';
import { formatPath, type PathSegment } from '../../canvas/issues.js';
import type {
  ListInteractive,
  OutboundBody,
  ReplyButtonsInteractive,
  TemplateBody,
} from '../../engine/outbound.js';
import { localError, type ChannelError } from './errors.js';

export interface OutboundViolation {
  /** Where in the body, e.g. `interactive.action.buttons[1].reply.title`. */
  path: string;
  message: string;
}

/** Every limit the body breaks, in document order; empty when it may be sent. */
export function checkOutbound(body: OutboundBody): OutboundViolation[] {
  const out = new Checker();
  if (body.biz_opaque_callback_data !== undefined) {
    out.text(['biz_opaque_callback_data'], body.biz_opaque_callback_data, 0, WA_CALLBACK_DATA_MAX);
  }
  if (body.context !== undefined) out.text(['context', 'message_id'], body.context.message_id, 1);
  switch (body.type) {
    case 'text':
      out.text(['text', 'body'], body.text.body, 1, WA_TEXT_BODY_MAX);
      break;
    case 'template':
      checkTemplate(out, body.template);
      break;
    case 'interactive':
      if (body.interactive.type === 'button') checkButtons(out, body.interactive);
      else checkList(out, body.interactive);
      break;
  }
  return out.violations;
}

/** The body's violations as one terminal ChannelError (reason `invalid_message`), if any. */
export function outboundLimitError(body: OutboundBody): ChannelError | undefined {
  const violations = checkOutbound(body);
  const [first] = violations;
  if (first === undefined) return undefined;
  return localError(
    'invalid_message',
    `${first.path}: ${first.message}`,
    violations.map((v) => `${v.path}: ${v.message}`).join('; '),
  );
}

class Checker {
  readonly violations: OutboundViolation[] = [];

  add(path: readonly PathSegment[], message: string): void {
    this.violations.push({ path: formatPath(path), message });
  }

  /** A string of `min` to `max` code units. */
  text(path: readonly PathSegment[], value: string, min: number, max = Infinity): void {
    if (value.length < min) this.add(path, min === 1 ? 'must not be empty' : `at least ${min}`);
    else if (value.length > max) this.add(path, `${value.length} characters; at most ${max}`);
  }

  count(path: readonly PathSegment[], n: number, min: number, max: number, noun: string): void {
    if (n < min || n > max) {
      this.add(path, `${n} ${noun}; WhatsApp allows ${min === max ? max : `${min} to ${max}`}`);
    }
  }

  unique(path: readonly PathSegment[], values: readonly string[], what: string): void {
    const seen = new Set<string>();
    values.forEach((v, i) => {
      if (seen.has(v)) this.add([...path, i], `duplicate ${what} "${v}"; ${what}s must be unique`);
      seen.add(v);
    });
  }
}

function checkTemplate(out: Checker, template: TemplateBody['template']): void {
  const at = (...rest: PathSegment[]): PathSegment[] => ['template', ...rest];
  out.text(at('name'), template.name, 1, WA_TEMPLATE_NAME_MAX);
  if (template.name !== '' && !/^[a-z0-9_]+$/.test(template.name)) {
    out.add(at('name'), 'uses lowercase letters, digits and "_" only');
  }
  out.text(at('language', 'code'), template.language.code, 1);
  const seen = new Map<string, number>();
  template.components.forEach((component, i) => {
    const path = at('components', i);
    if (component.type !== 'button') {
      const previous = seen.get(component.type);
      if (previous !== undefined) out.add(path, `second ${component.type} component`);
      seen.set(component.type, i);
      component.parameters.forEach((p, j) => {
        if (p.type === 'text') out.text([...path, 'parameters', j, 'text'], p.text, 1);
        else if (p[p.type]?.link === undefined) {
          out.add([...path, 'parameters', j, p.type], `${p.type} parameter needs a link`);
        }
      });
      return;
    }
    const index = Number(component.index);
    if (!/^\d+$/.test(component.index) || index >= WA_TEMPLATE_BUTTONS_MAX) {
      out.add([...path, 'index'], `button index "${component.index}" is not 0 to 9`);
    } else if (seen.has(`button ${index}`)) {
      out.add([...path, 'index'], `button index ${index} given twice`);
    }
    seen.set(`button ${index}`, i);
    if (component.sub_type === 'quick_reply') {
      const [param] = component.parameters;
      out.text([...path, 'parameters', 0, 'payload'], param.payload, 0, WA_BUTTON_PAYLOAD_MAX);
    } else {
      const [param] = component.parameters;
      out.text([...path, 'parameters', 0, 'text'], param.text, 1);
    }
  });
}

function checkInteractiveFrame(
  out: Checker,
  i: ReplyButtonsInteractive | ListInteractive,
  bodyMax: number,
): void {
  if (i.header !== undefined) {
    out.text(['interactive', 'header', 'text'], i.header.text, 1, WA_INTERACTIVE_HEADER_MAX);
  }
  out.text(['interactive', 'body', 'text'], i.body.text, 1, bodyMax);
  if (i.footer !== undefined) {
    out.text(['interactive', 'footer', 'text'], i.footer.text, 1, WA_INTERACTIVE_FOOTER_MAX);
  }
}

function checkButtons(out: Checker, i: ReplyButtonsInteractive): void {
  checkInteractiveFrame(out, i, WA_BUTTONS_BODY_MAX);
  const path = ['interactive', 'action', 'buttons'];
  const buttons = i.action.buttons;
  out.count(path, buttons.length, 1, WA_REPLY_BUTTONS_MAX, 'reply buttons');
  buttons.forEach((b, n) => {
    out.text([...path, n, 'reply', 'id'], b.reply.id, 1, WA_REPLY_BUTTON_ID_MAX);
    out.text([...path, n, 'reply', 'title'], b.reply.title, 1, WA_REPLY_BUTTON_TITLE_MAX);
  });
  out.unique(
    path,
    buttons.map((b) => b.reply.id),
    'button id',
  );
  out.unique(
    path,
    buttons.map((b) => b.reply.title),
    'button title',
  );
}

function checkList(out: Checker, i: ListInteractive): void {
  checkInteractiveFrame(out, i, WA_LIST_BODY_MAX);
  const action = ['interactive', 'action'];
  out.text([...action, 'button'], i.action.button, 1, WA_LIST_BUTTON_MAX);
  const sections = i.action.sections;
  out.count([...action, 'sections'], sections.length, 1, WA_LIST_SECTIONS_MAX, 'sections');
  const rows = sections.flatMap((s) => s.rows);
  out.count([...action, 'sections'], rows.length, 1, WA_LIST_ROWS_MAX, 'rows in total');
  const ids: string[] = [];
  sections.forEach((section, s) => {
    const path = [...action, 'sections', s];
    if (section.title !== undefined) {
      out.text([...path, 'title'], section.title, 1, WA_LIST_SECTION_TITLE_MAX);
    } else if (sections.length > 1) {
      out.add([...path, 'title'], 'required when a list has more than one section');
    }
    section.rows.forEach((row, r) => {
      out.text([...path, 'rows', r, 'id'], row.id, 1, WA_LIST_ROW_ID_MAX);
      out.text([...path, 'rows', r, 'title'], row.title, 1, WA_LIST_ROW_TITLE_MAX);
      if (row.description !== undefined) {
        out.text(
          [...path, 'rows', r, 'description'],
          row.description,
          0,
          WA_LIST_ROW_DESCRIPTION_MAX,
        );
      }
      if (ids.includes(row.id)) {
        out.add([...path, 'rows', r, 'id'], `duplicate row id "${row.id}"; row ids must be unique`);
      }
      ids.push(row.id);
    });
  });
}
