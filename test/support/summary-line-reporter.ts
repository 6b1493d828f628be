import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the one plain line CI reads: `N passed, N failed` (skipped tests are reported after it).
 * A file that failed to load or whose hooks failed counts as a failure, so it cannot pass as "0 failed".
 */
export default class SummaryLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      let failedHere = 0;
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed') passed += 1;
        else if (s === 'failed') failedHere += 1;
        else skipped += 1;
      }
      // A file that failed without a failing test (load error, failing beforeAll) is one failure.
      if (failedHere === 0 && m.state() === 'failed') failedHere = 1;
      failed += failedHere;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
