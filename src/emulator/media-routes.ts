/**
 * Media retrieval in Meta's two steps: `GET /{media-id}` answers
 * `{messaging_product, url, mime_type, sha256, file_size, id}`; the `url` (valid for 5
 * minutes, Bearer token required like Meta's lookaside host) answers the bytes. An expired
 * or forged URL answers 404, as the lookaside host does.
 *
 * Unsure: the encoding of `sha256`. Meta's examples show a placeholder; payloads we have
 * seen carry base64, so we send base64.
 */
import { createHmac } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { EmulatorContext } from './context.js';
import type { Json } from './json-fields.js';
import type { MediaItem } from './media-store.js';
import { WA_MEDIA_URL_TTL_MS } from './meta-limits.js';

function urlHash(ctx: EmulatorContext, id: string, expires: string): string {
  return createHmac('sha256', ctx.config.appSecret)
    .update(`${id}:${expires}`)
    .digest('hex')
    .slice(0, 32);
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'audio/ogg': 'ogg',
  'application/pdf': 'pdf',
};

export function mediaJson(ctx: EmulatorContext, media: MediaItem, base: string): Json {
  const expires = String(Math.floor((ctx.scheduler.now() + WA_MEDIA_URL_TTL_MS) / 1000));
  const query = new URLSearchParams({
    mid: media.id,
    ext: expires,
    hash: urlHash(ctx, media.id, expires),
  });
  return {
    messaging_product: 'whatsapp',
    url: `${base}/whatsapp_business/attachments/?${query.toString()}`,
    mime_type: media.mimeType,
    sha256: media.sha256,
    file_size: media.bytes.length,
    id: media.id,
  };
}

/** The file extension Meta would use for a MIME type (for inbound `filename`s). */
export function extensionOf(mimeType: string): string {
  return EXTENSIONS[mimeType] ?? 'bin';
}

export async function downloadMedia(
  ctx: EmulatorContext,
  query: { mid?: string; ext?: string; hash?: string },
  reply: FastifyReply,
): Promise<FastifyReply> {
  const { mid, ext, hash } = query;
  const media = mid ? ctx.state.media.get(mid) : undefined;
  const valid =
    media !== undefined &&
    ext !== undefined &&
    hash === urlHash(ctx, media.id, ext) &&
    Number(ext) * 1000 >= ctx.scheduler.now();
  if (!valid || !media) return reply.status(404).type('text/plain').send('Not Found');
  return reply.type(media.mimeType).send(media.bytes);
}
