import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseBusinessNumberConfig, redact, type BusinessNumberConfig } from './config.js';

const TOKEN = 'EAAG-super-secret-token-123';
const APP_SECRET = 'app-secret-456';
const VERIFY = 'verify-789';

const valid = {
  id: 'main',
  phoneNumberId: '106540352242922',
  wabaId: '102290129340398',
  displayPhoneNumber: '15550783881',
  accessToken: TOKEN,
  appSecret: APP_SECRET,
  verifyToken: VERIFY,
};

function parsed(input: unknown): BusinessNumberConfig {
  const result = parseBusinessNumberConfig(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

describe('parseBusinessNumberConfig', () => {
  it('fills the documented defaults', () => {
    const config = parsed(valid);
    expect(config.graphBaseUrl).toBe('https://graph.facebook.com');
    expect(config.apiVersion).toBe('v23.0');
    expect(config.throughputPerSecond).toBe(80);
    expect(config.subscriptionKeywords).toBeUndefined();
    expect(config.accessToken.reveal()).toBe(TOKEN);
  });

  it('keeps given values', () => {
    const config = parsed({
      ...valid,
      graphBaseUrl: 'http://127.0.0.1:4010/graph',
      apiVersion: 'v24.0',
      throughputPerSecond: 1000,
      subscriptionKeywords: { unsubscribe: { add: ['DESINSCREVER'] } },
    });
    expect(config.graphBaseUrl).toBe('http://127.0.0.1:4010/graph');
    expect(config.apiVersion).toBe('v24.0');
    expect(config.throughputPerSecond).toBe(1000);
    expect(config.subscriptionKeywords).toEqual({ unsubscribe: { add: ['DESINSCREVER'] } });
  });

  it('reports each bad field with its path and rule', () => {
    const result = parseBusinessNumberConfig({
      ...valid,
      phoneNumberId: 'abc',
      throughputPerSecond: 1001,
      apiVersion: '23',
      wabaId: undefined,
      extra: 1,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual(
      expect.arrayContaining([
        { path: '', message: 'unknown field extra' },
        { path: 'phoneNumberId', message: 'phoneNumberId is a string of digits, as Meta shows it' },
        {
          path: 'wabaId',
          message: 'wabaId is required (a string of digits, as Meta shows it)',
        },
        { path: 'apiVersion', message: 'apiVersion looks like "v23.0"' },
        {
          path: 'throughputPerSecond',
          message: "throughputPerSecond is at most 1000 (Meta's highest tier)",
        },
      ]),
    );
    expect(result.issues).toHaveLength(5);
  });

  it('rejects a base URL with credentials or a query', () => {
    const result = parseBusinessNumberConfig({
      ...valid,
      graphBaseUrl: 'https://user:pw@graph.example?x=1',
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'graphBaseUrl', message: 'graphBaseUrl takes no query, fragment or credentials' },
      ],
    });
  });

  it('never echoes a secret, even one pasted in the wrong field', () => {
    const result = parseBusinessNumberConfig({
      ...valid,
      phoneNumberId: TOKEN,
      displayPhoneNumber: APP_SECRET,
      accessToken: 42,
      verifyToken: '',
    });
    expect(result.ok).toBe(false);
    const text = JSON.stringify(result);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(APP_SECRET);
    expect(text).toContain('accessToken is required (a string)');
    expect(text).toContain('verifyToken must not be empty');
  });

  it('rejects a keyword in both lists', () => {
    const result = parseBusinessNumberConfig({
      ...valid,
      subscriptionKeywords: { subscribe: { add: ['stop'] } },
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: 'subscriptionKeywords',
          message: '"STOP" is both a subscribe and an unsubscribe keyword',
        },
      ],
    });
  });
});

describe('secrets in output', () => {
  const config = parsed(valid);

  it('JSON, String and inspect print [redacted]', () => {
    const outputs = [
      JSON.stringify(config),
      String(config.accessToken),
      `${config.appSecret}`,
      inspect(config, { depth: 5 }),
    ];
    for (const out of outputs) {
      expect(out).not.toContain(TOKEN);
      expect(out).not.toContain(APP_SECRET);
      expect(out).not.toContain(VERIFY);
    }
    expect(JSON.parse(JSON.stringify(config))).toMatchObject({
      accessToken: '[redacted]',
      appSecret: '[redacted]',
      verifyToken: '[redacted]',
    });
  });

  it('redact gives a plain object without secrets', () => {
    expect(redact(config)).toEqual({
      id: 'main',
      phoneNumberId: '106540352242922',
      wabaId: '102290129340398',
      displayPhoneNumber: '15550783881',
      accessToken: '[redacted]',
      appSecret: '[redacted]',
      verifyToken: '[redacted]',
      graphBaseUrl: 'https://graph.facebook.com',
      apiVersion: 'v23.0',
      throughputPerSecond: 80,
    });
  });
});
