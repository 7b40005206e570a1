import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile } from './config-file.js';
import { ConfigError, loadSettings } from './settings.js';

const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

const META = {
  WHATSAPP_PHONE_NUMBER_ID: '1234',
  WHATSAPP_WABA_ID: '5678',
  WHATSAPP_DISPLAY_PHONE_NUMBER: '+1 555 000 1111',
  WHATSAPP_ACCESS_TOKEN: 'EAAG-very-secret',
  WHATSAPP_APP_SECRET: 'app-secret-value',
  WHATSAPP_VERIFY_TOKEN: 'verify-me',
};

describe('settings', () => {
  it('has defaults: SQLite file, port 3000, loopback, info, the emulator', () => {
    expect(loadSettings({})).toEqual({
      databaseUrl: 'sqlite:./data/riposte.db',
      port: 3000,
      host: '127.0.0.1',
      logLevel: 'info',
      numbers: [],
    });
  });

  it('names each bad setting and why', () => {
    expect(
      problemsOf(() =>
        loadSettings({
          DATABASE_URL: 'mysql://x',
          PORT: '70000',
          LOG_LEVEL: 'loud',
          JOURNEY_RETENTION_DAYS: '0',
        }),
      ),
    ).toEqual([
      'DATABASE_URL: expected sqlite:… or postgres://…',
      'PORT: expected 0 to 65535',
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent',
      'JOURNEY_RETENTION_DAYS: expected 1 day or more (leave it unset to keep ended journeys)',
    ]);
    expect(problemsOf(() => loadSettings({ JOURNEY_RETENTION_DAYS: '1.5' }))).toEqual([
      'JOURNEY_RETENTION_DAYS: expected a whole number of days',
    ]);
  });

  it('keeps ended journeys unless a retention is set', () => {
    expect(loadSettings({}).journeyRetentionDays).toBeUndefined();
    expect(loadSettings({ JOURNEY_RETENTION_DAYS: '90' }).journeyRetentionDays).toBe(90);
  });

  it('reads one number from WHATSAPP_* and never echoes a secret', () => {
    const settings = loadSettings({ ...META, WHATSAPP_THROUGHPUT_PER_SECOND: '200' });
    expect(settings.numbers.map((n) => [n.id, n.phoneNumberId, n.throughputPerSecond])).toEqual([
      ['main', '1234', 200],
    ]);
    expect(JSON.stringify(settings)).not.toContain('EAAG-very-secret');
    const problems = problemsOf(() =>
      loadSettings({ ...META, WHATSAPP_APP_SECRET: '', WHATSAPP_WABA_ID: 'EAAG-very-secret' }),
    );
    expect(problems).toEqual([
      'WHATSAPP_WABA_ID: is a string of digits, as Meta shows it',
      'WHATSAPP_APP_SECRET: is required (a string)',
    ]);
    expect(problems.join(' ')).not.toContain('EAAG-very-secret');
  });

  it('reads a JSON or YAML config file, the environment winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-config-'));
    const yaml = join(dir, 'riposte.config.yaml');
    writeFileSync(
      yaml,
      [
        'port: 4000',
        'databaseUrl: postgres://u@localhost/riposte',
        'numbers:',
        '  - { id: support, phoneNumberId: "1", wabaId: "2", displayPhoneNumber: "15550001111", accessToken: t, appSecret: s, verifyToken: v }',
      ].join('\n'),
    );
    const settings = loadSettings({ PORT: '5000' }, readConfigFile(yaml));
    expect([settings.port, settings.databaseUrl, settings.numbers.map((n) => n.id)]).toEqual([
      5000,
      'postgres://u@localhost/riposte',
      ['support'],
    ]);
    const json = join(dir, 'bad.json');
    writeFileSync(json, '{"prot": 1}');
    expect(problemsOf(() => readConfigFile(json))).toEqual([
      `${json}: unknown setting "prot" (did you mean "port"?); known: databaseUrl, port, host, logLevel, journeyRetentionDays, numbers`,
    ]);
    writeFileSync(json, '{"numbers": [{"id": "x"}]}');
    expect(problemsOf(() => loadSettings({}, readConfigFile(json)))).toEqual([
      'numbers[0].phoneNumberId: is required (a string of digits, as Meta shows it)',
      'numbers[0].wabaId: is required (a string of digits, as Meta shows it)',
      'numbers[0].displayPhoneNumber: is required',
      'numbers[0].accessToken: is required (a string)',
      'numbers[0].appSecret: is required (a string)',
      'numbers[0].verifyToken: is required (a string)',
    ]);
    expect(problemsOf(() => readConfigFile(join(dir, 'missing.yaml')))).toEqual([
      `--config: cannot read ${join(dir, 'missing.yaml')}`,
    ]);
  });
});
