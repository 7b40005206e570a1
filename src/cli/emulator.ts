/**
 * `riposte emulator`: the WhatsApp Cloud API emulator on its own (for pointing a real
 * deployment's WHATSAPP_GRAPH_BASE_URL at it, or for demos), until SIGTERM / SIGINT.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { startEmulator, type SeedTemplate } from '../emulator/index.js';

export interface EmulatorFlags {
  port?: string;
  host?: string;
  webhookUrl?: string;
  templates?: string;
  reviewDelay?: string;
}

export async function emulatorCommand(flags: EmulatorFlags): Promise<number> {
  const port = Number(flags.port ?? '4010');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return problem('--port: expected 0 to 65535');
  const reviewDelay = flags.reviewDelay === undefined ? undefined : Number(flags.reviewDelay);
  if (reviewDelay !== undefined && (!Number.isFinite(reviewDelay) || reviewDelay < 0))
    return problem('--review-delay: expected milliseconds');
  let templates: SeedTemplate[] = [];
  if (flags.templates !== undefined) {
    try {
      const list: unknown = parse(readFileSync(flags.templates, 'utf8'));
      if (!Array.isArray(list)) return problem(`${flags.templates}: expected a list of templates`);
      templates = list as SeedTemplate[];
    } catch (error) {
      return problem(
        `${flags.templates}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const emulator = await startEmulator({
    port,
    host: flags.host ?? '127.0.0.1',
    templates,
    ...(flags.webhookUrl ? { webhookUrl: flags.webhookUrl } : {}),
    ...(reviewDelay !== undefined ? { templateReview: { delayMs: reviewDelay } } : {}),
  });
  process.stdout.write(
    `WhatsApp emulator at ${emulator.url} (Graph base ${emulator.url}/v23.0, control API ${emulator.url}/_emulator)\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await emulator.close();
  return 0;
}

function problem(message: string): number {
  process.stderr.write(`riposte: ${message}\n`);
  return 2;
}
