/**
 * Identifiers that look like Meta's: wamids, numeric Graph ids, fbtrace ids, BSUIDs.
 * Randomness is injected so tests can fix it.
 */

/** A source of numbers in [0, 1), like Math.random. */
export type Random = () => number;

/** A small seeded generator (mulberry32), for reproducible runs and tests. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = '0123456789ABCDEF';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function pick(alphabet: string, length: number, random: Random): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

export function randomDigits(length: number, random: Random): string {
  return String(1 + Math.floor(random() * 9)) + pick('0123456789', length - 1, random);
}

/**
 * A wamid shaped like Meta's: `wamid.` + base64 of a small protobuf-like record holding the
 * user's id and a random hex key, e.g. `wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVC…AA==`.
 * Clients must treat it as opaque; the look only keeps log-reading humans at home.
 */
export function newWamid(userKey: string, random: Random): string {
  const user = Buffer.from(userKey, 'ascii');
  const key = Buffer.from(pick(HEX, 20, random), 'ascii');
  const bytes = Buffer.concat([
    Buffer.from([0x1c, 0x18, user.length]),
    user,
    Buffer.from([0x15, 0x02, 0x00, 0x11, 0x18, key.length]),
    key,
    Buffer.from([0x00]),
  ]);
  return `wamid.${bytes.toString('base64')}`;
}

/** Graph trace id returned with every error, e.g. `AZ9or2yhqkZfEZ-_4Qn_Bam`. */
export function newFbtraceId(random: Random): string {
  return 'A' + pick(BASE64URL, 22, random);
}

/**
 * A numeric Graph id as a string (templates, media). 16 digits below 2^53, so the integer
 * form in `message_template_status_update` (`message_template_id`) stays exact in JSON.
 */
export function newGraphId(random: Random): string {
  const max = 9_000_000_000_000_000;
  const min = 1_000_000_000_000_000;
  return String(min + Math.floor(random() * (max - min)));
}

/** A business-scoped user id like `US.13491208655302741918`. */
export function newBsuid(country: string, random: Random): string {
  return `${country.toUpperCase()}.${randomDigits(20, random)}`;
}

/** Conversation ids in status webhooks: 32 lowercase hex characters. */
export function newConversationId(random: Random): string {
  return pick(HEX, 32, random).toLowerCase();
}
