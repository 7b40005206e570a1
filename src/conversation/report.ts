/**
 * Printing conversation-test results: a line per test, and for a failure the step and a
 * line diff of expected against actual, in YAML so it reads like the test file.
 */
import { diffLines } from 'diff';
import { stringify } from 'yaml';
import type { TestResult } from './run-suite.js';

export function formatResults(file: string, results: TestResult[], color: boolean): string {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines = [file];
  for (const r of results) {
    lines.push(`  ${r.ok ? paint(32, '✓') : paint(31, '✗')} ${r.name}`);
    if (!r.failure) continue;
    if ('error' in r.failure) {
      lines.push(`      step ${r.failure.step}: ${r.failure.error}`);
      continue;
    }
    for (const m of r.failure.mismatches) {
      lines.push(
        `      step ${r.failure.step}, ${m.field}: ${paint(32, '- expected')} ${paint(31, '+ actual')}`,
      );
      for (const part of diffLines(toYaml(m.expected), toYaml(m.actual))) {
        const mark = part.added ? '+' : part.removed ? '-' : ' ';
        const code = part.added ? 31 : part.removed ? 32 : 2;
        for (const line of part.value.replace(/\n$/, '').split('\n'))
          lines.push(paint(code, `        ${mark} ${line}`));
      }
    }
  }
  return lines.join('\n');
}

function toYaml(value: unknown): string {
  return stringify(value ?? null, { lineWidth: 0 });
}
