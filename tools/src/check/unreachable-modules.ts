/**
 * `npm run check:layout` (or `node --import tsx tools/src/check/unreachable-modules.ts`): prints every
 * non-test module under {core,adapters,functions,run-services,tools,infra}/src that no entry point reaches,
 * one a line with the reason, and exits 1 when there is any. Entry points are listed in entry-points.ts.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { awaitingWiring, entryPoints } from './entry-points.js';
import { findUnreachableInRepo, missingEntryPoints } from './find-unreachable.js';

const help = `Usage: node --import tsx tools/src/check/unreachable-modules.ts [--help]

Lists every non-test module under {core,adapters,functions,run-services,tools,infra}/src that production
does not run: not reachable from an entry point by following imported symbols (a barrel's export * does
not make a folder reachable). Exits 1 when the list is not empty, 2 when an entry point is missing.

Entry points (tools/src/check/entry-points.ts):
${entryPoints.map((e) => `  ${e}`).join('\n')}
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(help);
  process.exit(0);
}
if (args.length > 0) {
  process.stderr.write(`unknown argument: ${args.join(' ')}\n\n${help}`);
  process.exit(2);
}

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const missing = missingEntryPoints(repoRoot);
if (missing.length > 0) {
  process.stderr.write(`entry points that do not exist (update tools/src/check/entry-points.ts):\n${missing.map((m) => `  ${m}`).join('\n')}\n`);
  process.exit(2);
}
const waiting = new Set(awaitingWiring.map((w) => w.module));
const found = findUnreachableInRepo(repoRoot);
for (const w of awaitingWiring) if (found.some((u) => u.file === w.module)) process.stdout.write(`awaiting wiring (issue ${w.issue}): ${w.module}: ${w.why}\n`);
const unreachable = found.filter((u) => !waiting.has(u.file));
for (const { file, reason } of unreachable) process.stdout.write(`${file}: ${reason}\n`);
if (unreachable.length > 0) {
  process.stderr.write(`${unreachable.length} module(s) under src/ that no entry point reaches: wire them in or delete them.\n`);
  process.exit(1);
}
process.stdout.write(waiting.size > 0 ? 'every other module under src/ is reachable from an entry point\n' : 'every module under src/ is reachable from an entry point\n');
