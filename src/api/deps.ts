/** What the route groups are built from: the composition root (server/riposte.ts) passes it. */
import type { BusinessNumberConfig } from '../channels/whatsapp/config.js';
import type { RunningEmulator } from '../emulator/index.js';
import type { ChannelSet } from '../runner/channels.js';
import type { Runner } from '../runner/runner.js';
import type { Store } from '../store/open.js';

export interface ApiDeps {
  store: Store;
  runner: Runner;
  channels: ChannelSet;
  numbers: readonly BusinessNumberConfig[];
  /** The embedded emulator, when no Meta credentials are configured. */
  emulator?: RunningEmulator;
  now: () => number;
  /** Set the session cookie's Secure flag (behind HTTPS). */
  secureCookies?: boolean;
}
