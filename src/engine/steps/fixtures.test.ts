import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STEP_TYPES } from '../../canvas/steps/registry.js';
import { loadSuite } from '../../conversation/load.js';
import { formatResults } from '../../conversation/report.js';
import { runSuite } from '../../conversation/run-suite.js';

// Step fixtures are data: testdata/<step_type>[.<aspect>].test.yaml, run on the pure engine.
const dir = new URL('./testdata/', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith('.test.yaml'));

describe('step fixtures', () => {
  it('exist for every step type', () => {
    const covered = new Set(files.map((f) => f.split('.')[0]));
    expect(STEP_TYPES.filter((t) => !covered.has(t))).toEqual([]);
  });

  for (const file of files) {
    it(file, async () => {
      const loaded = await loadSuite(join(dir, file));
      if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
      const results = runSuite(loaded.suite);
      expect(
        results.filter((r) => !r.ok),
        formatResults(file, results, false),
      ).toEqual([]);
    });
  }
});
