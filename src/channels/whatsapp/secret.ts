/**
 * A secret string (access token, app secret, verify token) that cannot leak by accident:
 * `String(secret)`, `JSON.stringify`, template literals and `console.log` / `util.inspect`
 * all print `[redacted]`. Only `reveal()` gives the value, so every use is greppable.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';

export const REDACTED = '[redacted]';

export class Secret {
  readonly #value: string;
  #key: KeyObject | undefined;

  constructor(value: string) {
    this.#value = value;
  }

  /** The real value: for an Authorization header or an HMAC key, never for output. */
  reveal(): string {
    return this.#value;
  }

  /**
   * The value as an HMAC key, imported once: every signed webhook is checked with it, and
   * `createHmac` with a string key imports the key again on each call (about half its
   * cost). A KeyObject prints no key material either.
   */
  hmacKey(): KeyObject {
    this.#key ??= createSecretKey(Buffer.from(this.#value, 'utf8'));
    return this.#key;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/**
 * Replace every occurrence of the given secrets in a text (e.g. an error message echoed by a
 * server or a proxy) by `[redacted]`. Empty secrets are ignored so that nothing is mangled.
 */
export function scrub(text: string, secrets: readonly Secret[]): string {
  let out = text;
  for (const secret of secrets) {
    const value = secret.reveal();
    if (value !== '') out = out.split(value).join(REDACTED);
  }
  return out;
}
