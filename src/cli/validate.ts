import { readFile } from 'node:fs/promises';
import { formatIssue, hasErrors, type CanvasIssue } from '../canvas/issues.js';
import { validateCanvasText } from '../canvas/validate.js';

export async function validateCommand(
  file: string,
  _opts: { templates?: string; publish?: boolean },
): Promise<number> {
  const text = await readText(file);
  if (text === undefined) return 2;
  const result = validateCanvasText(text);
  const issues: CanvasIssue[] = result.ok ? [] : result.issues;
  for (const issue of issues) console.log(`${file}: ${formatIssue(issue)}`);
  if (issues.length === 0) console.log(`${file}: ok`);
  return hasErrors(issues) ? 1 : 0;
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
