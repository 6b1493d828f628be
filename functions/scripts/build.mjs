// Builds the deployable functions package in functions/dist: our workspaces (@cascade/*) are bundled
// in, npm dependencies stay external and are listed in a generated package.json, because Cloud Build
// installs the functions directory on its own and cannot see the monorepo's workspaces.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const fnDir = join(here, '..');
const out = join(fnDir, 'dist');
const pkg = JSON.parse(readFileSync(join(fnDir, 'package.json'), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((d) => !d.startsWith('@cascade/'));
// Dependencies of the bundled workspaces that must be installed beside the bundle.
const corePkg = JSON.parse(readFileSync(join(fnDir, '../core/package.json'), 'utf8'));
const adaptersPkg = JSON.parse(readFileSync(join(fnDir, '../adapters/package.json'), 'utf8'));
const deps = { ...corePkg.dependencies, ...adaptersPkg.dependencies, ...pkg.dependencies };
for (const k of Object.keys(deps)) if (k.startsWith('@cascade/')) delete deps[k];

mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: [join(fnDir, 'src/index.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  outfile: join(out, 'index.js'),
  external: [...external, ...Object.keys(deps)],
  sourcemap: true,
  logLevel: 'info',
  metafile: true,
});
// Only the npm packages the bundle really imports go into its package.json (the adapters workspace
// also serves the Cloud Run services, whose DuckDB the functions never load).
const imported = new Set();
for (const o of Object.values(result.metafile.outputs)) for (const i of o.imports) if (i.external) imported.add(i.path.startsWith('@') ? i.path.split('/').slice(0, 2).join('/') : i.path.split('/')[0]);
for (const k of Object.keys(deps)) if (!imported.has(k)) delete deps[k];
writeFileSync(
  join(out, 'package.json'),
  JSON.stringify({ name: 'cascade-functions', private: true, type: 'module', main: 'index.js', engines: { node: '22' }, dependencies: deps }, null, 2),
);
// firebase deploy reads the source folder's .env into the functions' environment: structured logs there.
// The test-only params get their production values here too, so `firebase deploy` never asks for them.
writeFileSync(join(out, '.env'), ['# Written by functions/scripts/build.mjs.', 'CASCADE_LOG_FORMAT=json', 'CASCADE_PUBLISH_TWICE=0', 'CASCADE_VENUE_URLS=', 'CASCADE_REPORTS_DIR=', ''].join('\n'));
console.log(`functions bundle written to ${out}`);
