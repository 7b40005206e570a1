/**
 * Loading a conversation-test file and what it points at (canvases, templates — as paths
 * or written inline), with every problem reported as an issue line rather than thrown.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { formatIssue, formatPath, type PathSegment } from '../canvas/issues.js';
import { parseCanvasText } from '../canvas/parse.js';
import type { Canvas } from '../canvas/schema.js';
import {
  TemplatesFile,
  templateLookup,
  toTemplateInfo,
  type TemplateInfo,
} from '../canvas/templates.js';
import { validateCanvas, validateCanvasText, type ValidateResult } from '../canvas/validate.js';
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

async function readCanvas(path: string, problems: string[]): Promise<ValidateResult | undefined> {
  const source = await readOrProblem(path, problems);
  return source === undefined ? undefined : validateCanvasText(source);
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
        const path = i.path as PathSegment[];
        const pos = parsed.source.locate(path);
        return `${file}: ${formatPath(path)}: ${i.message}${pos ? ` (line ${pos.line}, column ${pos.column})` : ''}`;
      }),
    };
  }
  const dir = dirname(file);

  const canvases = new Map<string, Canvas>();
  for (const [index, item] of (spec.data.canvases ?? [spec.data.canvas ?? '']).entries()) {
    const where = typeof item === 'string' ? resolve(dir, item) : `${file} canvases[${index}]`;
    const result =
      typeof item === 'string' ? await readCanvas(where, problems) : validateCanvas(item);
    if (result === undefined) continue;
    if (result.ok) canvases.set(result.canvas.id, result.canvas);
    else problems.push(...result.issues.map((i) => `${where}: ${formatIssue(i)}`));
  }

  let templates: TemplateInfo[] = [];
  const given = spec.data.templates;
  if (given !== undefined) {
    const where = typeof given === 'string' ? resolve(dir, given) : `${file} templates`;
    const source = typeof given === 'string' ? await readOrProblem(where, problems) : undefined;
    const value: unknown =
      typeof given === 'string' ? (source === undefined ? undefined : parseYaml(source)) : given;
    if (value !== undefined) {
      const list = TemplatesFile.safeParse(value);
      if (list.success) templates = list.data.map(toTemplateInfo);
      else
        problems.push(
          ...list.error.issues.map(
            (i) => `${where}: ${formatPath(i.path as PathSegment[])}: ${i.message}`,
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
