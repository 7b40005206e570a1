import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { inspect } from '../canvas/inspect/index.js';
import {
  formatIssue,
  formatPath,
  hasErrors,
  type CanvasIssue,
  type PathSegment,
} from '../canvas/issues.js';
import { TemplatesFile, toTemplateInfo, type TemplateInfo } from '../canvas/templates.js';
import { validateCanvasText } from '../canvas/validate.js';

/** `riposte validate <canvas> [--templates f] [--publish]`: issues with paths; exit 1 on errors. */
export async function validateCommand(
  file: string,
  opts: { templates?: string; publish?: boolean },
): Promise<number> {
  const text = await readText(file);
  if (text === undefined) return 2;
  let templates: TemplateInfo[] = [];
  if (opts.templates !== undefined) {
    const loaded = await loadTemplates(opts.templates);
    if (!loaded.ok) {
      for (const problem of loaded.problems) console.error(problem);
      return 2;
    }
    templates = loaded.templates;
  }
  const result = validateCanvasText(text);
  const issues: CanvasIssue[] = result.ok
    ? inspect(result.canvas, templates, { mode: opts.publish ? 'publish' : 'draft' })
    : result.issues;
  for (const issue of issues) console.log(`${file}: ${formatIssue(issue)}`);
  if (issues.length === 0) console.log(`${file}: ok`);
  return hasErrors(issues) ? 1 : 0;
}

export async function loadTemplates(
  file: string,
): Promise<{ ok: true; templates: TemplateInfo[] } | { ok: false; problems: string[] }> {
  const text = await readText(file);
  if (text === undefined) return { ok: false, problems: [] };
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    return {
      ok: false,
      problems: [
        `${file}: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`,
      ],
    };
  }
  const parsed = TemplatesFile.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map(
        (i) => `${file}: ${formatPath(i.path as PathSegment[])}: ${i.message}`,
      ),
    };
  }
  return { ok: true, templates: parsed.data.map(toTemplateInfo) };
}

export async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(
      `${file}: cannot read (${code === 'ENOENT' ? 'no such file' : (code ?? 'error')})`,
    );
    return undefined;
  }
}
