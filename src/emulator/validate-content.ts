/**
 * Free-form message objects other than interactive: text, media by link (or a known media
 * id), location, contacts and reactions. Each returns what the phone shows.
 */
import { WA_TEXT_BODY_MAX } from '../canvas/limits.js';
import { GraphError, invalidValue } from './errors.js';
import {
  checkMax,
  isRecord,
  optionalString,
  requireArray,
  requireString,
  sub,
  type Json,
} from './json-fields.js';
import { WA_MEDIA_CAPTION_MAX } from './meta-limits.js';

export const MEDIA_TYPES = ['image', 'video', 'document', 'audio', 'sticker'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export function isMediaType(type: string): type is MediaType {
  return (MEDIA_TYPES as readonly string[]).includes(type);
}

export function validateText(text: Json): Json {
  const body = requireString(text, 'body', 'text');
  checkMax(body, WA_TEXT_BODY_MAX, "text['body']");
  const preview = text.preview_url;
  if (preview !== undefined && typeof preview !== 'boolean')
    throw new GraphError(100, "Param text['preview_url'] must be a boolean.");
  return { body, ...(preview ? { preview_url: true } : {}) };
}

/**
 * Media by `link` (an http(s) URL, which the emulator does not fetch: there is no network)
 * or by `id` of media it knows. Captions on image, video and document only.
 */
export function validateMedia(
  type: MediaType,
  media: Json,
  knownId: (id: string) => boolean,
): Json {
  const link = optionalString(media, 'link', type);
  const id = optionalString(media, 'id', type);
  if (link === undefined && id === undefined)
    throw new GraphError(131008, `The parameter ${type}['link'] or ${type}['id'] is required.`);
  if (link !== undefined && id !== undefined)
    throw invalidValue(`Only one of ${type}['link'] and ${type}['id'] may be given.`);
  if (link !== undefined && !/^https?:\/\/\S+$/.test(link))
    throw new GraphError(100, `Param ${type}['link'] must be a valid http(s) URL.`);
  if (id !== undefined && !knownId(id))
    throw new GraphError(100, `Param ${type}['id'] (${id}) is not a valid media id.`);
  const shown: Json = link !== undefined ? { link } : { id };
  const caption = optionalString(media, 'caption', type);
  if (caption !== undefined) {
    if (type === 'audio' || type === 'sticker')
      throw new GraphError(100, `Param ${type}['caption'] is not supported for ${type} messages.`);
    checkMax(caption, WA_MEDIA_CAPTION_MAX, `${type}['caption']`);
    shown.caption = caption;
  }
  const filename = optionalString(media, 'filename', type);
  if (filename !== undefined) {
    if (type !== 'document')
      throw new GraphError(100, `Param ${type}['filename'] is only for documents.`);
    shown.filename = filename;
  }
  return shown;
}

export function validateLocation(location: Json): Json {
  const lat = location.latitude;
  const lng = location.longitude;
  if (lat === undefined || lat === null)
    throw new GraphError(131008, "The parameter location['latitude'] is required.");
  if (lng === undefined || lng === null)
    throw new GraphError(131008, "The parameter location['longitude'] is required.");
  const latitude = Number(lat);
  const longitude = Number(lng);
  if (!Number.isFinite(latitude) || Math.abs(latitude) > 90)
    throw invalidValue("location['latitude'] must be a number from -90 to 90.");
  if (!Number.isFinite(longitude) || Math.abs(longitude) > 180)
    throw invalidValue("location['longitude'] must be a number from -180 to 180.");
  const shown: Json = { latitude, longitude };
  const name = optionalString(location, 'name', 'location');
  const address = optionalString(location, 'address', 'location');
  if (name !== undefined) shown.name = name;
  if (address !== undefined) shown.address = address;
  return shown;
}

export function validateContacts(message: Json): Json {
  const contacts = requireArray(message, 'contacts', '');
  if (contacts.length === 0) throw new GraphError(131008, 'The parameter contacts is required.');
  contacts.forEach((c, i) => {
    const path = sub('contacts', i);
    const name = isRecord(c) ? c.name : undefined;
    if (!isRecord(name) || typeof name.formatted_name !== 'string')
      throw new GraphError(131008, `The parameter ${path}['name']['formatted_name'] is required.`);
  });
  return { contacts };
}

/** A reaction; `emoji: ""` removes one. The message it targets is checked by the caller. */
export function validateReaction(reaction: Json): { messageId: string; emoji: string } {
  const messageId = requireString(reaction, 'message_id', 'reaction');
  const emoji = reaction.emoji;
  if (emoji === undefined || emoji === null)
    throw new GraphError(131008, "The parameter reaction['emoji'] is required.");
  if (typeof emoji !== 'string')
    throw new GraphError(100, "Param reaction['emoji'] must be a string.");
  if (emoji !== '' && !isSingleEmoji(emoji))
    throw invalidValue(
      `reaction['emoji'] must be a single emoji (or "" to remove); got "${emoji}".`,
    );
  return { messageId, emoji };
}

function isSingleEmoji(value: string): boolean {
  const segments = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(value)];
  return segments.length === 1 && /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(value);
}
