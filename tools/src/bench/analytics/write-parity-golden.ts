// Writes analytics-parity.golden.json: run once on the code before the issue-14 speed-ups (commit 8f803b4),
// so the parity test compares every later version with the results of that code, not with itself.
// Usage: node --import tsx tools/src/bench/analytics/write-parity-golden.ts [--help]
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parityCases } from './parity-digest.js';

if (process.argv.includes('--help')) {
  process.stdout.write('write-parity-golden: records every SymbolAnalytics outcome digest of the parity runs into\n  tools/src/bench/analytics/analytics-parity.golden.json. Only for the pre-change code: the golden must not come from the code it guards.\n');
  process.exit(0);
}
const out: Record<string, unknown> = {};
for (const [name, run] of Object.entries(parityCases)) {
  process.stderr.write(`parity: ${name}…\n`);
  out[name] = run();
}
const file = fileURLToPath(new URL('./analytics-parity.golden.json', import.meta.url));
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
process.stderr.write(`wrote ${file}\n`);
