import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from './load.js';
import { formatResults } from './report.js';
import { runSuite } from './run-suite.js';

// Every conversation test under examples/ runs in CI: they are the seed story's acceptance tests.
const root = new URL('../../examples/', import.meta.url).pathname;
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.yaml'))
  .map((f) => join(root, f));

describe('example conversation tests', () => {
  it('finds the seed story tests', () => {
    expect(files.map((f) => f.slice(root.length)).sort()).toEqual([
      'order-feedback/order-feedback.test.yaml',
      'order-feedback/two-canvases.test.yaml',
    ]);
  });

  for (const file of files) {
    it(file.slice(root.length), async () => {
      const loaded = await loadSuite(file);
      if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
      const results = runSuite(loaded.suite);
      const failed = results.filter((r) => !r.ok);
      expect(failed, formatResults(file, results, false)).toEqual([]);
      expect(results.length).toBeGreaterThan(0);
    });
  }
});
