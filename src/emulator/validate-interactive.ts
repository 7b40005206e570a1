/**
 * Interactive messages: reply buttons, lists and call-to-action URL buttons. Structural
 * limits (counts, uniqueness, title lengths) are 131009 "Parameter value is not valid" with
 * details naming the field, as Meta reports button-title lengths; a missing field is 131008;
 * a header/body/footer text over its length is 100, as Graph words plain string limits.
 */
import {
  WA_BUTTONS_BODY_MAX,
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
} from '../canvas/limits.js';
import { GraphError, invalidValue } from './errors.js';
import {
  charLength,
  checkMax,
  isRecord,
  optionalRecord,
  optionalString,
  requireArray,
  requireRecord,
  requireString,
  sub,
  type Json,
} from './json-fields.js';
import { WA_CTA_DISPLAY_TEXT_MAX, WA_MEDIA_CAPTION_MAX } from './meta-limits.js';

const P = 'interactive';

/** A length limit inside an interactive structure: 131009 naming the field. */
function checkValueMax(value: string, max: number, path: string): void {
  if (charLength(value) > max)
    throw invalidValue(`${path} is too long: ${charLength(value)} characters, at most ${max}.`);
}

/** Returns what the phone shows. */
export function validateInteractive(interactive: Json): Json {
  const type = requireString(interactive, 'type', P);
  const body = requireRecord(interactive, 'body', P);
  const bodyText = requireString(body, 'text', sub(P, 'body'));
  const action = requireRecord(interactive, 'action', P);
  const shown: Json = { type };
  switch (type) {
    case 'button':
      checkMax(bodyText, WA_BUTTONS_BODY_MAX, `${P}['body']['text']`);
      shown.buttons = replyButtons(action);
      break;
    case 'list':
      checkMax(bodyText, WA_LIST_BODY_MAX, `${P}['body']['text']`);
      Object.assign(shown, listAction(action));
      break;
    case 'cta_url':
      checkMax(bodyText, WA_BUTTONS_BODY_MAX, `${P}['body']['text']`);
      shown.cta = ctaAction(action);
      break;
    default:
      throw new GraphError(
        100,
        `Param ${P}['type'] must be one of {BUTTON, LIST, CTA_URL} - got "${type}".`,
      );
  }
  const header = readHeader(interactive, type);
  if (header) shown.header = header;
  shown.body = bodyText;
  const footer = optionalRecord(interactive, 'footer', P);
  if (footer) {
    const text = requireString(footer, 'text', sub(P, 'footer'));
    checkMax(text, WA_INTERACTIVE_FOOTER_MAX, `${P}['footer']['text']`);
    shown.footer = text;
  }
  return shown;
}

function readHeader(interactive: Json, type: string): Json | undefined {
  const header = optionalRecord(interactive, 'header', P);
  if (!header) return undefined;
  const path = sub(P, 'header');
  const kind = requireString(header, 'type', path);
  if (kind === 'text') {
    const text = requireString(header, 'text', path);
    checkMax(text, WA_INTERACTIVE_HEADER_MAX, `${path}['text']`);
    return { type: 'text', text };
  }
  if (type === 'list' || !['image', 'video', 'document'].includes(kind))
    throw invalidValue(
      `${path}['type'] "${kind}" is not allowed for ${type} messages (${type === 'list' ? 'text only' : 'text, image, video or document'}).`,
    );
  const media = requireRecord(header, kind, path);
  if (typeof media.link !== 'string' && typeof media.id !== 'string')
    throw new GraphError(131008, `The parameter ${path}['${kind}']['link'] is required.`);
  const caption = optionalString(media, 'caption', sub(path, kind));
  if (caption !== undefined)
    checkMax(caption, WA_MEDIA_CAPTION_MAX, `${path}['${kind}']['caption']`);
  return { type: kind, ...media };
}

function replyButtons(action: Json): Json[] {
  const path = sub(P, 'action');
  const buttons = requireArray(action, 'buttons', path);
  if (buttons.length < 1 || buttons.length > WA_REPLY_BUTTONS_MAX)
    throw invalidValue(
      `Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: ${WA_REPLY_BUTTONS_MAX}`,
    );
  const ids = new Set<string>();
  const titles = new Set<string>();
  return buttons.map((raw, i) => {
    const bpath = sub(sub(path, 'buttons'), i);
    if (!isRecord(raw)) throw new GraphError(131008, `The parameter ${bpath} is required.`);
    const type = requireString(raw, 'type', bpath);
    if (type !== 'reply') throw invalidValue(`${bpath}['type'] must be "reply".`);
    const reply = requireRecord(raw, 'reply', bpath);
    const id = requireString(reply, 'id', sub(bpath, 'reply'));
    const title = requireString(reply, 'title', sub(bpath, 'reply'));
    checkValueMax(id, WA_REPLY_BUTTON_ID_MAX, `${bpath}['reply']['id']`);
    checkValueMax(title, WA_REPLY_BUTTON_TITLE_MAX, `${bpath}['reply']['title']`);
    if (ids.has(id))
      throw invalidValue(
        `Duplicate button id "${id}" at ${bpath}['reply']['id']; ids must be unique.`,
      );
    if (titles.has(title))
      throw invalidValue(
        `Duplicate button title "${title}" at ${bpath}['reply']['title']; titles must be unique.`,
      );
    ids.add(id);
    titles.add(title);
    return { index: i, id, title };
  });
}

function listAction(action: Json): Json {
  const path = sub(P, 'action');
  const button = requireString(action, 'button', path);
  checkValueMax(button, WA_LIST_BUTTON_MAX, `${path}['button']`);
  const sections = requireArray(action, 'sections', path);
  if (sections.length < 1 || sections.length > WA_LIST_SECTIONS_MAX)
    throw invalidValue(
      `Invalid sections count. Min allowed sections: 1, Max allowed sections: ${WA_LIST_SECTIONS_MAX}`,
    );
  const rowIds = new Set<string>();
  let rowCount = 0;
  const shownSections = sections.map((raw, s) => {
    const spath = sub(sub(path, 'sections'), s);
    if (!isRecord(raw)) throw new GraphError(131008, `The parameter ${spath} is required.`);
    const title = optionalString(raw, 'title', spath);
    if (title === undefined && sections.length > 1)
      throw new GraphError(
        131008,
        `The parameter ${spath}['title'] is required when there is more than one section.`,
      );
    if (title !== undefined) checkValueMax(title, WA_LIST_SECTION_TITLE_MAX, `${spath}['title']`);
    const rows = requireArray(raw, 'rows', spath);
    if (rows.length === 0) throw invalidValue(`${spath}['rows'] needs at least one row.`);
    rowCount += rows.length;
    if (rowCount > WA_LIST_ROWS_MAX)
      throw invalidValue(`Total row count exceed max allowed count: ${WA_LIST_ROWS_MAX}`);
    const shownRows = rows.map((row, r) => {
      const rpath = sub(sub(spath, 'rows'), r);
      if (!isRecord(row)) throw new GraphError(131008, `The parameter ${rpath} is required.`);
      const id = requireString(row, 'id', rpath);
      const rowTitle = requireString(row, 'title', rpath);
      const description = optionalString(row, 'description', rpath);
      checkValueMax(id, WA_LIST_ROW_ID_MAX, `${rpath}['id']`);
      checkValueMax(rowTitle, WA_LIST_ROW_TITLE_MAX, `${rpath}['title']`);
      if (description !== undefined)
        checkValueMax(description, WA_LIST_ROW_DESCRIPTION_MAX, `${rpath}['description']`);
      if (rowIds.has(id))
        throw invalidValue(`Duplicate row id "${id}" at ${rpath}['id']; row ids must be unique.`);
      rowIds.add(id);
      return { id, title: rowTitle, ...(description !== undefined ? { description } : {}) };
    });
    return { ...(title !== undefined ? { title } : {}), rows: shownRows };
  });
  return { button, sections: shownSections };
}

function ctaAction(action: Json): Json {
  const path = sub(P, 'action');
  const name = requireString(action, 'name', path);
  if (name !== 'cta_url') throw invalidValue(`${path}['name'] must be "cta_url".`);
  const parameters = requireRecord(action, 'parameters', path);
  const displayText = requireString(parameters, 'display_text', sub(path, 'parameters'));
  const url = requireString(parameters, 'url', sub(path, 'parameters'));
  checkValueMax(displayText, WA_CTA_DISPLAY_TEXT_MAX, `${path}['parameters']['display_text']`);
  if (!/^https?:\/\/\S+$/.test(url))
    throw invalidValue(`${path}['parameters']['url'] is not a valid URL.`);
  return { display_text: displayText, url };
}
