import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hubSignature, metaJson } from './meta-json.js';

describe('metaJson', () => {
  it('is compact JSON with every non-ASCII UTF-16 unit escaped', () => {
    const text = metaJson({ body: 'Olá 👍', name: 'Zoë', n: 1, list: [true, null] });
    expect(text).toBe(
      '{"body":"Ol\\u00e1 \\ud83d\\udc4d","name":"Zo\\u00eb","n":1,"list":[true,null]}',
    );
    expect(JSON.parse(text)).toEqual({ body: 'Olá 👍', name: 'Zoë', n: 1, list: [true, null] });
  });

  it('leaves ASCII, DEL included, as it is', () => {
    expect(metaJson({ a: 'x\u007fy/z' })).toBe('{"a":"x\u007fy/z"}');
  });
});

describe('hubSignature', () => {
  it('is sha256= and the hex HMAC of the exact bytes', () => {
    const body = metaJson({ x: 'é' });
    const expected = createHmac('sha256', 'fake-secret').update(Buffer.from(body)).digest('hex');
    expect(hubSignature('fake-secret', body)).toBe(`sha256=${expected}`);
  });
});
