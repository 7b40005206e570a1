/**
 * Media the virtual phones send (inbound image, document, …), fetched as Meta serves it:
 * `GET /{media-id}` gives `{messaging_product, url, mime_type, sha256, file_size, id}`, then
 * the `url` (valid 5 minutes, Bearer token required) gives the bytes.
 */
import { createHash } from 'node:crypto';
import { newGraphId, type Random } from './ids.js';

export interface MediaItem {
  id: string;
  mimeType: string;
  sha256: string;
  bytes: Buffer;
  filename?: string;
  createdAt: number;
}

const MAX_MEDIA = 500;

/** A 1×1 transparent PNG, the stand-in picture when a test sends "an image". */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Placeholder bytes per media type, so a downloaded file is at least the right kind. */
export function placeholderBytes(mimeType: string): Buffer {
  if (mimeType.startsWith('image/')) return PIXEL_PNG;
  if (mimeType === 'application/pdf')
    return Buffer.from('%PDF-1.4\n%emulator placeholder\n%%EOF\n', 'latin1');
  return Buffer.from(`emulator placeholder (${mimeType})\n`, 'utf8');
}

export class MediaStore {
  private readonly items = new Map<string, MediaItem>();

  constructor(private readonly random: Random) {}

  add(bytes: Buffer, mimeType: string, now: number, filename?: string): MediaItem {
    const item: MediaItem = {
      id: newGraphId(this.random),
      mimeType,
      sha256: createHash('sha256').update(bytes).digest('base64'),
      bytes,
      createdAt: now,
    };
    if (filename !== undefined) item.filename = filename;
    this.items.set(item.id, item);
    if (this.items.size > MAX_MEDIA) {
      const oldest = this.items.keys().next();
      if (!oldest.done) this.items.delete(oldest.value);
    }
    return item;
  }

  get(id: string): MediaItem | undefined {
    return this.items.get(id);
  }

  clear(): void {
    this.items.clear();
  }
}
