/**
 * Loading a conversation-test file and what it points at (canvases, templates), with every
 * problem reported as an issue line rather than thrown.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { formatIssue } from '../canvas/issues.js';
import type { Canvas } from '../canvas/schema.js';
import {
  TemplatesFile,
  templateLookup,
  toTemplateInfo,
  type TemplateInfo,
} from '../canvas/templates.js';
import { validateCanvasText } from '../canvas/validate.js';
import { parseCanvasText } from '../canvas/parse.js';
import { formatPath, type PathSegment } from '../canvas/issues.js';
import { TestFile } from './spec.js';

export interface LoadedSuite {
  file: string;
  spec: TestFile;
  canvases: Map<string, Canvas>;
  templates: (name: string, language: string | undefined) => TemplateInfo | undefined;
}

export type LoadResult = { ok: true; suite: LoadedSuite } | { ok: false; problems: string[] };

async function readOrProblem(path: string, problems: string[]): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    problems.push(`${path}: cannot read the file`);
    return undefined;
  }
}

export async function loadSuite(file: string): Promise<LoadResult> {
  const problems: string[] = [];
  const text = await readOrProblem(file, problems);
  if (text === undefined) return { ok: false, problems };
  const parsed = parseCanvasText(text);
  if (!parsed.ok)
    return { ok: false, problems: parsed.issues.map((i) => `${file}: ${formatIssue(i)}`) };
  const spec = TestFile.safeParse(parsed.value);
  if (!spec.success) {
    return {
      ok: false,
      problems: spec.error.issues.map((i) => {
        const pos = parsed.source.locate(i.path as PathSegment[]);
        return `${file}: ${formatPath(i.path as PathSegment[])}: ${i.message}${pos ? ` (line ${pos.line}, column ${pos.column})` : ''}`;
      }),
    };
  }
  const dir = dirname(file);
  const canvases = new Map<string, Canvas>();
  for (const rel of spec.data.canvases ?? [spec.data.canvas ?? '']) {
    const path = resolve(dir, rel);
    const source = await readOrProblem(path, problems);
    if (source === undefined) continue;
    const result = validateCanvasText(source);
    if (result.ok) canvases.set(result.canvas.id, result.canvas);
    else problems.push(...result.issues.map((i) => `${path}: ${formatIssue(i)}`));
  }
  let templates: TemplateInfo[] = [];
  if (spec.data.templates !== undefined) {
    const path = resolve(dir, spec.data.templates);
    const source = await readOrProblem(path, problems);
    if (source !== undefined) {
      const list = TemplatesFile.safeParse(parseYaml(source));
      if (list.success) templates = list.data.map(toTemplateInfo);
      else
        problems.push(
          ...list.error.issues.map(
            (i) => `${path}: ${formatPath(i.path as PathSegment[])}: ${i.message}`,
          ),
        );
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    suite: { file, spec: spec.data, canvases, templates: templateLookup(templates) },
  };
}
