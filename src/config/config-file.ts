/** Reading `--config riposte.config.json|yaml`: a missing or malformed file is a ConfigError. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { didYouMean } from '../canvas/suggest.js';
import { ConfigError, ConfigFile } from './settings.js';

export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError([`--config: cannot read ${path}`]);
  }
  let value: unknown;
  try {
    // YAML is a superset of JSON: one parser reads both.
    value = parse(text);
  } catch (error) {
    const why = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
    throw new ConfigError([`--config: ${path} is not valid JSON or YAML: ${why}`]);
  }
  const result = ConfigFile.safeParse(value ?? {});
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => {
        const where = i.path.map(String).join('.');
        if (i.code === 'unrecognized_keys') {
          const [key = ''] = i.keys;
          return `${path}: unknown setting "${key}"${didYouMean(key, Object.keys(ConfigFile.shape))}; known: ${Object.keys(ConfigFile.shape).join(', ')}`;
        }
        return `${path}${where ? ` ${where}` : ''}: ${i.message}`;
      }),
    );
  }
  return result.data;
}
