/**
 * Webhook bodies byte for byte as Meta sends them: compact JSON, every non-ASCII character
 * escaped as `\uXXXX` (UTF-16 code units, so 👍 is `\ud83d\udc4d`), signed with
 * HMAC-SHA256 of the app secret over those exact bytes.
 *
 * Unsure: the case of the hex digits. Meta's backend is Hack (HHVM), whose json_encode
 * writes lowercase (`\u00e9`); we write lowercase. A receiver that verifies the signature
 * over the raw bytes, as it must, is unaffected either way.
 */
import { createHmac } from 'node:crypto';

export function metaJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (char) => '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}

/** The `X-Hub-Signature-256` header value for a body. */
export function hubSignature(appSecret: string, body: string | Buffer): string {
  return 'sha256=' + createHmac('sha256', appSecret).update(body).digest('hex');
}

/** The legacy `X-Hub-Signature` header value (HMAC-SHA1), which Meta also sends. */
export function legacySignature(appSecret: string, body: string | Buffer): string {
  return 'sha1=' + createHmac('sha1', appSecret).update(body).digest('hex');
}
