/**
 * A bare stand-in for Meta's Graph API in benchmarks: answers every send with a wamid at
 * once and records when each request arrived. (The emulator is faithful, which makes it far
 * heavier than Meta looks from here; a benchmark of Riposte must not measure it.) It runs in
 * its own process, like Meta: arrival times — the pacing and turnaround figures — are taken
 * on an event loop the process under test cannot pause.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface Arrival {
  at: number;
  /** The text body of a text message (turnaround matches it to what was sent). */
  text: string | null;
}

export interface FakeGraph {
  url: string;
  /** Sends received so far, the arrivals from the `from`-th on, and statuses still to post. */
  arrivals(from?: number): Promise<{
    total: number;
    arrivals: Arrival[];
    statusesPending: number;
    statusesFailed: number;
  }>;
  /**
   * From now on, each send is followed by `sent`, `delivered` and `read` status webhooks to
   * `webhookUrl`, signed with the number's app secret, as Meta posts them.
   */
  sendStatuses(to: { webhookUrl: string; appSecret: string; phoneNumberId: string }): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeGraph(): Promise<FakeGraph> {
  const child = spawn(process.execPath, [join(process.cwd(), 'bench/fake-graph-server.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8').trim()));
    child.once('exit', (code) => reject(new Error(`fake Graph API exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async arrivals(from = 0) {
      const response = await fetch(`${url}/__arrivals?from=${from}`);
      const body = (await response.json()) as {
        total: number;
        arrivals: Array<[number, string]>;
        statusesPending: number;
        statusesFailed: number;
      };
      return {
        total: body.total,
        arrivals: body.arrivals.map(([at, text]) => ({ at, text })),
        statusesPending: body.statusesPending,
        statusesFailed: body.statusesFailed,
      };
    },
    sendStatuses: (to) =>
      new Promise((resolve) => {
        child.once('message', () => resolve());
        child.send({
          statusesTo: to.webhookUrl,
          appSecret: to.appSecret,
          phoneNumberId: to.phoneNumberId,
        });
      }),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
