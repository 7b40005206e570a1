/**
 * Template BUTTONS checks: at most 10 buttons; quick replies (≤10) grouped together before
 * or after the others; ≤2 URL, ≤1 phone, ≤1 copy-code; labels ≤25; a URL has at most one
 * variable, at its end, with an example; OTP buttons only in authentication templates.
 */
import type { TemplateCategory } from '../engine/outbound.js';
import {
  WA_TEMPLATE_BUTTON_LABEL_MAX,
  WA_TEMPLATE_BUTTONS_MAX,
  WA_TEMPLATE_QUICK_REPLIES_MAX,
} from '../canvas/limits.js';
import { isRecord } from './json-fields.js';
import {
  WA_TEMPLATE_COPY_CODE_BUTTONS_MAX,
  WA_TEMPLATE_COPY_CODE_MAX,
  WA_TEMPLATE_PHONE_BUTTONS_MAX,
  WA_TEMPLATE_PHONE_NUMBER_MAX,
  WA_TEMPLATE_URL_BUTTONS_MAX,
  WA_TEMPLATE_URL_MAX,
} from './meta-limits.js';
import { characterLimit, invalidTemplate } from './template-errors.js';
import { placeholders } from './template-variables.js';
import type { TemplateButtonDef } from './templates-store.js';

const BUTTON_TYPES = [
  'QUICK_REPLY',
  'URL',
  'PHONE_NUMBER',
  'COPY_CODE',
  'OTP',
  'VOICE_CALL',
  'FLOW',
  'CATALOG',
  'MPM',
  'SPM',
  'REQUEST_CONTACT_INFO',
];

/** Types whose `text` (the label) is required. */
const LABELLED = new Set(['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'VOICE_CALL', 'FLOW']);

const PER_TYPE_MAX: Record<string, number> = {
  QUICK_REPLY: WA_TEMPLATE_QUICK_REPLIES_MAX,
  URL: WA_TEMPLATE_URL_BUTTONS_MAX,
  PHONE_NUMBER: WA_TEMPLATE_PHONE_BUTTONS_MAX,
  COPY_CODE: WA_TEMPLATE_COPY_CODE_BUTTONS_MAX,
  VOICE_CALL: 1,
  OTP: 1,
};

export function validateTemplateButtons(
  raw: unknown[],
  category: TemplateCategory,
): TemplateButtonDef[] {
  if (raw.length === 0) throw invalidTemplate('The BUTTONS component needs at least one button.');
  if (raw.length > WA_TEMPLATE_BUTTONS_MAX)
    throw invalidTemplate(`A template has at most ${WA_TEMPLATE_BUTTONS_MAX} buttons.`);
  const buttons = raw.map((b, i) => checkButton(b, i, category));
  const counts = new Map<string, number>();
  for (const b of buttons) counts.set(b.type, (counts.get(b.type) ?? 0) + 1);
  for (const [type, count] of counts) {
    const max = PER_TYPE_MAX[type];
    if (max !== undefined && count > max)
      throw invalidTemplate(
        `A template has at most ${max} ${type} button(s); this one has ${count}.`,
      );
  }
  if (!quickRepliesGrouped(buttons.map((b) => b.type === 'QUICK_REPLY')))
    throw invalidTemplate(
      'Quick reply buttons must be grouped together, before or after the other buttons.',
    );
  if (category === 'AUTHENTICATION' && buttons.some((b) => b.type !== 'OTP'))
    throw invalidTemplate('Authentication templates take a single OTP button.');
  return buttons;
}

function checkButton(raw: unknown, i: number, category: TemplateCategory): TemplateButtonDef {
  if (!isRecord(raw) || typeof raw.type !== 'string')
    throw invalidTemplate(`buttons[${i}] needs a type.`);
  const type = raw.type.toUpperCase();
  if (!BUTTON_TYPES.includes(type))
    throw invalidTemplate(`buttons[${i}]: unknown button type "${raw.type}".`);
  if (type === 'OTP' && category !== 'AUTHENTICATION')
    throw invalidTemplate('OTP buttons are for authentication templates only.');
  const button: TemplateButtonDef = { ...raw, type };
  const text = raw.text;
  if (text !== undefined && typeof text !== 'string')
    throw invalidTemplate(`buttons[${i}].text must be a string.`);
  if (LABELLED.has(type) && (text === undefined || text.trim() === ''))
    throw invalidTemplate(`buttons[${i}] (${type}) needs text, its label.`);
  if (text !== undefined && [...text].length > WA_TEMPLATE_BUTTON_LABEL_MAX)
    throw characterLimit(`label of buttons[${i}]`, WA_TEMPLATE_BUTTON_LABEL_MAX);
  if (type === 'URL') checkUrlButton(button, i);
  if (type === 'PHONE_NUMBER') {
    const phone = raw.phone_number;
    if (typeof phone !== 'string' || phone === '')
      throw invalidTemplate(`buttons[${i}] (PHONE_NUMBER) needs phone_number.`);
    if (phone.length > WA_TEMPLATE_PHONE_NUMBER_MAX)
      throw characterLimit(`phone_number of buttons[${i}]`, WA_TEMPLATE_PHONE_NUMBER_MAX);
  }
  if (type === 'COPY_CODE') {
    const example = raw.example;
    if (typeof example !== 'string' || example === '')
      throw invalidTemplate(`buttons[${i}] (COPY_CODE) needs example, a sample code.`);
    if (example.length > WA_TEMPLATE_COPY_CODE_MAX)
      throw characterLimit(`example of buttons[${i}]`, WA_TEMPLATE_COPY_CODE_MAX);
  }
  return button;
}

function checkUrlButton(button: TemplateButtonDef, i: number) {
  const url = button.url;
  if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url))
    throw invalidTemplate(`buttons[${i}] (URL) needs url, an http(s) address.`);
  if (url.length > WA_TEMPLATE_URL_MAX)
    throw characterLimit(`url of buttons[${i}]`, WA_TEMPLATE_URL_MAX);
  const vars = placeholders(url);
  if (vars.length === 0) return;
  if (vars.length > 1 || vars[0] !== '1' || !url.endsWith('{{1}}'))
    throw invalidTemplate(`buttons[${i}] (URL): a URL takes one variable, {{1}}, at its end.`);
  const example = button.example;
  const sample = Array.isArray(example) ? example[0] : example;
  if (typeof sample !== 'string' || sample === '')
    throw invalidTemplate(`buttons[${i}] (URL) has a variable and needs example: [full URL].`);
}

/** True when the quick replies form one contiguous run (QR, URL, QR is refused). */
function quickRepliesGrouped(isQuickReply: boolean[]): boolean {
  let runs = 0;
  for (let i = 0; i < isQuickReply.length; i++)
    if (isQuickReply[i] && (i === 0 || !isQuickReply[i - 1])) runs++;
  return runs <= 1;
}
