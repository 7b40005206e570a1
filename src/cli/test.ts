import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSuite } from '../conversation/load.js';
import { formatResults } from '../conversation/report.js';
import { runSuite } from '../conversation/run-suite.js';

/** `riposte test <file-or-folder>`: runs conversation tests; exit 1 when any fails. */
export async function testCommand(targets: string[]): Promise<number> {
  const files: string[] = [];
  for (const target of targets) {
    const found = await findTestFiles(target);
    if (found === undefined) {
      console.error(`${target}: no such file or folder`);
      return 2;
    }
    files.push(...found);
  }
  if (files.length === 0) {
    console.error(`${targets.join(', ')}: no conversation tests (*.test.yaml) found`);
    return 2;
  }
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const loaded = await loadSuite(file);
    if (!loaded.ok) {
      console.log(`${file}\n${loaded.problems.map((p) => `  ${p}`).join('\n')}`);
      failed++;
      continue;
    }
    const results = runSuite(loaded.suite);
    console.log(formatResults(file, results, process.stdout.isTTY === true));
    for (const r of results) {
      if (r.ok) passed++;
      else failed++;
    }
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

async function findTestFiles(target: string): Promise<string[] | undefined> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return undefined;
  if (info.isFile()) return [target];
  const out: string[] = [];
  for (const entry of await readdir(target, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.test\.ya?ml$/.test(entry.name))
      out.push(join(entry.parentPath, entry.name));
  }
  return out.sort();
}
