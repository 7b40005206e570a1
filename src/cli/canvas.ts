/**
 * `riposte canvas push <file> | pull <id> | publish <id>` against a running server. Push
 * creates the canvas or saves its draft (YAML or JSON as written, comments kept) and prints
 * its issues; pull prints the draft's YAML; publish prints the new version or the issues
 * that block it.
 */
import { readFileSync } from 'node:fs';
import { formatIssue, type CanvasIssue } from '../canvas/issues.js';
import { validateCanvasText } from '../canvas/validate.js';
import { call, describeError, remoteOf, type Answer } from './remote.js';

type RemoteOpts = { url?: string; key?: string };

export async function canvasPush(file: string, opts: RemoteOpts): Promise<number> {
  const remote = remoteOf(opts);
  if (typeof remote === 'string') return fail(remote);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return fail(`cannot read ${file}`);
  }
  const parsed = validateCanvasText(text);
  if (!parsed.ok) return printIssues(parsed.issues, 1);
  const body = { type: /\.json$/i.test(file) ? 'application/json' : 'application/yaml', text };
  const id = encodeURIComponent(parsed.canvas.id);
  const existing = await call(remote, 'GET', `/api/v1/canvases/${id}`);
  const saved =
    existing.status === 404
      ? await call(remote, 'POST', '/api/v1/canvases', body)
      : await call(remote, 'PUT', `/api/v1/canvases/${id}`, body);
  if (saved.status >= 400) return failAnswer(saved);
  const detail = (existing.status === 404 ? field(saved.body, 'canvas') : saved.body) as {
    issues?: CanvasIssue[];
  };
  process.stdout.write(`saved ${parsed.canvas.id} (draft)\n`);
  return printIssues(detail.issues ?? [], 0);
}

export async function canvasPull(id: string, opts: RemoteOpts): Promise<number> {
  const remote = remoteOf(opts);
  if (typeof remote === 'string') return fail(remote);
  const answer = await call(remote, 'GET', `/api/v1/canvases/${encodeURIComponent(id)}`);
  if (answer.status >= 400) return failAnswer(answer);
  process.stdout.write(String(field(answer.body, 'yaml') ?? ''));
  return 0;
}

export async function canvasPublish(
  id: string,
  opts: RemoteOpts & { move?: boolean },
): Promise<number> {
  const remote = remoteOf(opts);
  if (typeof remote === 'string') return fail(remote);
  const answer = await call(remote, 'POST', `/api/v1/canvases/${encodeURIComponent(id)}/publish`, {
    type: 'application/json',
    text: JSON.stringify({ migrate: opts.move ? 'move' : 'stay' }),
  });
  if (answer.status === 409) {
    const issues = (field(field(answer.body, 'error'), 'issues') ?? []) as CanvasIssue[];
    process.stderr.write(`${describeError(answer)}\n`);
    return printIssues(issues, 1);
  }
  if (answer.status >= 400) return failAnswer(answer);
  process.stdout.write(`published ${id} version ${String(field(answer.body, 'version'))}\n`);
  return 0;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function printIssues(issues: readonly CanvasIssue[], code: number): number {
  for (const issue of issues) process.stdout.write(`${formatIssue(issue)}\n`);
  return issues.some((i) => i.severity === 'error') ? Math.max(code, 1) : code;
}

function fail(message: string): number {
  process.stderr.write(`riposte: ${message}\n`);
  return 2;
}

function failAnswer(answer: Answer): number {
  process.stderr.write(`riposte: ${describeError(answer)}\n`);
  return 1;
}
