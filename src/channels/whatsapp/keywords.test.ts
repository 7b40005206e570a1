import { describe, expect, it } from 'vitest';
import { KeywordMatcher, normalizeKeyword, SubscriptionKeywordsConfig } from './keywords.js';

describe('normalizeKeyword', () => {
  it.each([
    ['stop', 'STOP'],
    ['  Stop  Promotions \n', 'STOP PROMOTIONS'],
    ['Arrêt !', 'ARRET'],
    ['ＳＴＯＰ', 'STOP'], // full-width letters fold under NFKC
    ['S\u200BTOP', 'STOP'], // zero-width space
    ['Démarrer 🙂', 'DEMARRER'],
    ['¡Baja!', 'BAJA'],
    ['👍', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeKeyword(input)).toBe(expected);
  });
});

describe('KeywordMatcher with the defaults', () => {
  const matcher = new KeywordMatcher();

  it.each([
    ['STOP', 'unsubscribe'],
    ['stop', 'unsubscribe'],
    ['Stop promotions', 'unsubscribe'],
    ['unsubscribe', 'unsubscribe'],
    ['parar', 'unsubscribe'],
    ['Baja', 'unsubscribe'],
    ['ARRÊT', 'unsubscribe'],
    ['arret', 'unsubscribe'],
    ['Stopp', 'unsubscribe'],
    ['annulla', 'unsubscribe'],
    ['Cancelar', 'unsubscribe'],
    ['sair', 'unsubscribe'],
    ['START', 'subscribe'],
    ['comenzar', 'subscribe'],
    ['Iniciar', 'subscribe'],
    ['démarrer', 'subscribe'],
    ['DEMARRER', 'subscribe'],
  ] as const)('%j → %s', (text, intent) => {
    expect(matcher.match(text)).toBe(intent);
  });

  it.each(['please stop', 'stop it', 'STOPPED', 'start over', 'hmm maybe', ''])(
    'does not match the partial message %j',
    (text) => {
      expect(matcher.match(text)).toBeUndefined();
    },
  );
});

describe('KeywordMatcher with a per-number config', () => {
  it('extends a list and removes a word', () => {
    const matcher = new KeywordMatcher({
      unsubscribe: { add: ['Desinscrever'], remove: ['cancel'] },
    });
    expect(matcher.match('desinscrever')).toBe('unsubscribe');
    expect(matcher.match('cancel')).toBeUndefined();
    expect(matcher.match('stop')).toBe('unsubscribe');
  });

  it('replaces a list', () => {
    const matcher = new KeywordMatcher({ subscribe: { replace: ['Volver', 'Yes please'] } });
    expect(matcher.keywords('subscribe')).toEqual(['VOLVER', 'YES PLEASE']);
    expect(matcher.match('start')).toBeUndefined();
    expect(matcher.match('yes   PLEASE')).toBe('subscribe');
    expect(matcher.match('stop')).toBe('unsubscribe');
  });

  it('validates the config shape', () => {
    const both = SubscriptionKeywordsConfig.safeParse({
      unsubscribe: { replace: ['STOP'], add: ['X'] },
    });
    expect(both.success).toBe(false);
    expect(both.error?.issues.map((i) => i.message)).toEqual([
      'use either "replace", or "add" and "remove"',
    ]);
    const empty = SubscriptionKeywordsConfig.safeParse({ subscribe: { add: ['!!'] } });
    expect(empty.error?.issues.map((i) => i.message)).toEqual([
      'a keyword needs at least one letter or digit',
    ]);
  });
});
