/** Settings for the server commands: the environment over `--config`, or the problems. */
import { readConfigFile } from '../config/config-file.js';
import { ConfigError, loadSettings, type Settings } from '../config/settings.js';

export function settingsOrProblems(configPath: string | undefined): Settings | string {
  try {
    return loadSettings(process.env, configPath ? readConfigFile(configPath) : {});
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
}
