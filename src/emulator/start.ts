/**
 * Run the emulator on its own, for `riposte emulator` (the CLI wires the flags) and demos.
 */
import { createEmulator, type Emulator } from './emulator.js';
import type { EmulatorOptions } from './options.js';

export interface StartOptions extends EmulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; loopback by default, since the emulator has no real security. */
  host?: string;
}

export interface RunningEmulator extends Emulator {
  /** Base URL, e.g. `http://127.0.0.1:4010`; the Graph base is `${url}/v23.0`. */
  url: string;
}

export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const { port = 0, host = '127.0.0.1', ...rest } = options;
  const emulator = createEmulator(rest);
  const url = await emulator.listen(port, host);
  return { ...emulator, url };
}
