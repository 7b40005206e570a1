/**
 * `message`: render and send one WhatsApp message, then go on (Braze: a Message step
 * advances whether the message was sent or aborted). Aborts are coded errors plus an
 * `aborted` metric; they never throw. See canvas/steps/message.ts for the format.
 */
import type { StepOf } from '../../canvas/schema.js';
import type { Interactive, WhatsAppMessage } from '../../canvas/steps/message.js';
import {
  CUSTOMER_SERVICE_WINDOW_MS,
  WA_BUTTONS_BODY_MAX,
  WA_LIST_BODY_MAX,
  WA_LIST_ROW_DESCRIPTION_MAX,
  WA_LIST_ROW_TITLE_MAX,
  WA_LIST_SECTION_TITLE_MAX,
  WA_REPLY_BUTTON_TITLE_MAX,
  WA_TEXT_BODY_MAX,
} from '../../canvas/limits.js';
import type { InteractiveBody, OutboundBody, TextBody } from '../outbound.js';
import { callbackData, encodeButtonToken } from '../payload.js';
import type { Outcome, Run } from '../run.js';
import type { SendWhatsApp } from '../types.js';
import { renderTemplate } from './message-template.js';

type MessageStep = StepOf<'message'>;

export function arrive(step: MessageStep, run: Run): Outcome {
  const next: Outcome = { kind: 'next', next: step.next };
  const wa = step.whatsapp;
  const number = run.number(wa.number);

  // Braze: a person without a valid address exits any step that sends WhatsApp.
  if (run.contact.phone === undefined && run.contact.userId === undefined) {
    run.error(step.id, 'no_address', 'the person has no WhatsApp phone number or user id');
    run.metric(step.id, 'aborted', 'no_address');
    return { kind: 'end', reason: 'error' };
  }

  let built: Built | undefined;
  if (wa.template !== undefined) {
    built = renderTemplate(step, { ...wa, template: wa.template }, run);
  } else if (windowOpen(run, number)) {
    built =
      wa.text !== undefined
        ? buildText(step, wa, run)
        : buildInteractive(step, wa.interactive, run);
  } else {
    const policy = wa.outside_window ?? 'skip';
    run.error(step.id, 'window_closed', 'the 24 h window is closed; only templates may be sent');
    if (policy === 'exit') {
      run.metric(step.id, 'skipped', 'window_closed');
      return { kind: 'end', reason: 'window_closed' };
    }
    if (policy === 'skip') {
      run.metric(step.id, 'skipped', 'window_closed');
      return next;
    }
    built = renderTemplate(step, policy, run);
  }
  if (built === undefined) {
    run.metric(step.id, 'aborted');
    return next;
  }

  const { body, preview, buttons, template } = built;
  if (wa.reply_to_inbound && run.journey.whatsApp)
    body.context = { message_id: run.journey.whatsApp.inbound_message_id };
  body.biz_opaque_callback_data = callbackData(run.journey.id, run.journey.visit, step.id);
  const send: SendWhatsApp = {
    type: 'send_whatsapp',
    key: run.arrivalKey(),
    stepId: step.id,
    number,
    body,
    buttons,
    preview,
    ...(template !== undefined ? { template } : {}),
  };
  run.emit(send);
  run.metric(step.id, 'sent');
  if (buttons.length > 0)
    run.journey.pendingSends.push({ visit: run.journey.visit, step: step.id });
  return next;
}

export interface Built {
  body: OutboundBody;
  preview: string;
  buttons: string[];
  template?: SendWhatsApp['template'];
}

function windowOpen(run: Run, number: string): boolean {
  const last = run.contact.lastInboundAt[number];
  return last !== undefined && run.now - last < CUSTOMER_SERVICE_WINDOW_MS;
}

/** Renders text and checks a WhatsApp length limit; records the failure and returns undefined. */
export function renderLimited(
  step: MessageStep,
  run: Run,
  source: string,
  max: number,
  field: string,
): string | undefined {
  const text = run.render(step, source);
  if (text === undefined) return undefined;
  if (text.length > max) {
    run.error(
      step.id,
      'message_limit',
      `${field} is ${text.length} characters after rendering; WhatsApp allows ${max}`,
    );
    return undefined;
  }
  return text;
}

function buildText(step: MessageStep, wa: WhatsAppMessage, run: Run): Built | undefined {
  const text = renderLimited(step, run, wa.text ?? '', WA_TEXT_BODY_MAX, 'text');
  if (text === undefined) return undefined;
  if (text.trim() === '') {
    run.error(step.id, 'message_limit', 'text is empty after rendering');
    return undefined;
  }
  const body: TextBody = {
    type: 'text',
    text: { body: text, ...(wa.preview_url ? { preview_url: true } : {}) },
  };
  return { body, preview: text, buttons: [] };
}

function buildInteractive(
  step: MessageStep,
  spec: Interactive | undefined,
  run: Run,
): Built | undefined {
  if (spec === undefined) return undefined;
  const isList = spec.list !== undefined;
  const text = renderLimited(
    step,
    run,
    spec.body,
    isList ? WA_LIST_BODY_MAX : WA_BUTTONS_BODY_MAX,
    'body',
  );
  if (text === undefined) return undefined;
  const header =
    spec.header === undefined ? undefined : renderLimited(step, run, spec.header, 60, 'header');
  const footer =
    spec.footer === undefined ? undefined : renderLimited(step, run, spec.footer, 60, 'footer');
  if (
    (spec.header !== undefined && header === undefined) ||
    (spec.footer !== undefined && footer === undefined)
  )
    return undefined;
  const common = {
    ...(header !== undefined ? { header: { type: 'text' as const, text: header } } : {}),
    body: { text },
    ...(footer !== undefined ? { footer: { text: footer } } : {}),
  };
  const token = (index: number, id: string | undefined) =>
    encodeButtonToken({
      journeyId: run.journey.id,
      visit: run.journey.visit,
      button: index,
      ...(id !== undefined ? { payload: id } : {}),
    });

  if (spec.buttons !== undefined) {
    const titles: string[] = [];
    for (const [i, b] of spec.buttons.entries()) {
      const title = renderLimited(
        step,
        run,
        b.title,
        WA_REPLY_BUTTON_TITLE_MAX,
        `buttons[${i}].title`,
      );
      if (title === undefined) return undefined;
      titles.push(title);
    }
    const body: InteractiveBody = {
      type: 'interactive',
      interactive: {
        type: 'button',
        ...common,
        action: {
          buttons: spec.buttons.map((b, i) => ({
            type: 'reply',
            reply: { id: token(i, b.id), title: titles[i] ?? '' },
          })),
        },
      },
    };
    return { body, preview: `${text}\n${titles.map((t) => `[${t}]`).join(' ')}`, buttons: titles };
  }

  const list = spec.list;
  if (list === undefined) return undefined;
  const button = renderLimited(step, run, list.button, 20, 'list.button');
  if (button === undefined) return undefined;
  const labels: string[] = [];
  const sections = [];
  let index = 0;
  for (const [s, section] of list.sections.entries()) {
    const title =
      section.title === undefined
        ? undefined
        : renderLimited(
            step,
            run,
            section.title,
            WA_LIST_SECTION_TITLE_MAX,
            `sections[${s}].title`,
          );
    if (section.title !== undefined && title === undefined) return undefined;
    const rows = [];
    for (const [r, row] of section.rows.entries()) {
      const rowTitle = renderLimited(
        step,
        run,
        row.title,
        WA_LIST_ROW_TITLE_MAX,
        `sections[${s}].rows[${r}].title`,
      );
      const description =
        row.description === undefined
          ? undefined
          : renderLimited(
              step,
              run,
              row.description,
              WA_LIST_ROW_DESCRIPTION_MAX,
              `sections[${s}].rows[${r}].description`,
            );
      if (rowTitle === undefined || (row.description !== undefined && description === undefined))
        return undefined;
      rows.push({
        id: token(index, row.id),
        title: rowTitle,
        ...(description !== undefined ? { description } : {}),
      });
      labels.push(rowTitle);
      index++;
    }
    sections.push({ ...(title !== undefined ? { title } : {}), rows });
  }
  const body: InteractiveBody = {
    type: 'interactive',
    interactive: { type: 'list', ...common, action: { button, sections } },
  };
  return { body, preview: `${text}\n[${button}: ${labels.join(' | ')}]`, buttons: labels };
}
