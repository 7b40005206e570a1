/**
 * Template BUTTONS rules (reference §8.2): at most 10 buttons, quick replies grouped
 * together, per-type counts and field limits.
 */
import {
  WA_TEMPLATE_BUTTON_LABEL_MAX,
  WA_TEMPLATE_BUTTONS_MAX,
  WA_TEMPLATE_QUICK_REPLIES_MAX,
} from '../../canvas/limits.js';
import type { PathSegment } from '../../canvas/issues.js';
import type { TemplateButtonDef } from './template-types.js';
import { findVariables } from './template-variables.js';

/** Meta: URL buttons' url. */
export const WA_TEMPLATE_URL_MAX = 2000;
/** Meta: PHONE_NUMBER buttons' phone_number. */
export const WA_TEMPLATE_PHONE_MAX = 20;
/** Meta: COPY_CODE buttons' example code. */
export const WA_TEMPLATE_COPY_CODE_MAX = 15;

/** How many buttons of a type one template may have. */
const MAX_PER_TYPE: Readonly<Record<string, number>> = {
  QUICK_REPLY: WA_TEMPLATE_QUICK_REPLIES_MAX,
  URL: 2,
  PHONE_NUMBER: 1,
  COPY_CODE: 1,
  VOICE_CALL: 1,
};

/** Button types whose `text` is a label shown to the person. */
const LABELLED = new Set(['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'VOICE_CALL']);

interface Sink {
  add(path: readonly PathSegment[], message: string, metaCode?: number): void;
  length(path: readonly PathSegment[], text: string, max: number): void;
}

export function checkButtons(
  out: Sink,
  buttons: readonly TemplateButtonDef[],
  path: PathSegment[],
): void {
  if (buttons.length === 0) out.add(path, 'a BUTTONS component needs at least one button');
  if (buttons.length > WA_TEMPLATE_BUTTONS_MAX) {
    out.add(path, `${buttons.length} buttons; at most ${WA_TEMPLATE_BUTTONS_MAX} in total`);
  }
  const counts = new Map<string, number>();
  for (const b of buttons) counts.set(b.type, (counts.get(b.type) ?? 0) + 1);
  for (const [type, n] of counts) {
    const max = MAX_PER_TYPE[type];
    if (max !== undefined && n > max) out.add(path, `${n} ${type} buttons; at most ${max}`);
  }
  // Quick replies form one run: before or after the other buttons, never around them.
  const runs = buttons.filter(
    (b, i) => b.type === 'QUICK_REPLY' && buttons[i - 1]?.type !== 'QUICK_REPLY',
  );
  if (runs.length > 1) {
    out.add(path, 'quick replies must be grouped together, before or after the other buttons');
  }
  buttons.forEach((b, i) => checkButton(out, b, [...path, i]));
}

function checkButton(out: Sink, b: TemplateButtonDef, path: PathSegment[]): void {
  if (LABELLED.has(b.type)) {
    if (!b.text?.trim()) out.add([...path, 'text'], `a ${b.type} button needs a label`);
    else out.length([...path, 'text'], b.text, WA_TEMPLATE_BUTTON_LABEL_MAX);
  }
  if (b.type === 'URL') {
    const url = b.url ?? '';
    if (!/^https?:\/\/\S+$/.test(url))
      return out.add([...path, 'url'], 'a URL button needs an http(s) url');
    out.length([...path, 'url'], url, WA_TEMPLATE_URL_MAX);
    const vars = findVariables(url);
    const trailing = vars.length === 1 && url.endsWith(vars[0]?.raw ?? '\0');
    if (vars.length > 0 && !trailing) {
      out.add([...path, 'url'], 'a URL takes one variable, at its very end ({{1}})');
    }
    const example = Array.isArray(b.example) ? b.example[0] : b.example;
    if (trailing && (example === undefined || example === '')) {
      out.add([...path, 'example'], 'a URL with a variable needs an example full URL');
    }
  } else if (b.type === 'PHONE_NUMBER') {
    const phone = b.phone_number ?? '';
    if (!/^\+?\d[\d\s-]*$/.test(phone))
      out.add([...path, 'phone_number'], 'a phone number, e.g. +15550783881');
    else out.length([...path, 'phone_number'], phone, WA_TEMPLATE_PHONE_MAX);
  } else if (b.type === 'COPY_CODE') {
    const code = Array.isArray(b.example) ? b.example[0] : b.example;
    if (code === undefined || code === '')
      out.add([...path, 'example'], 'a COPY_CODE button needs an example code');
    else out.length([...path, 'example'], code, WA_TEMPLATE_COPY_CODE_MAX);
  }
}
