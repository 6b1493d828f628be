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
const infraPkg = JSON.parse(readFileSync(join(fnDir, '../infra/package.json'), 'utf8'));
const deps = { ...corePkg.dependencies, ...infraPkg.dependencies, ...pkg.dependencies };
for (const k of Object.keys(deps)) if (k.startsWith('@cascade/')) delete deps[k];

mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(fnDir, 'src/index.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  outfile: join(out, 'index.js'),
  external: [...external, ...Object.keys(deps)],
  sourcemap: true,
  logLevel: 'info',
});
writeFileSync(
  join(out, 'package.json'),
  JSON.stringify({ name: 'cascade-functions', private: true, type: 'module', main: 'index.js', engines: { node: '22' }, dependencies: deps }, null, 2),
);
console.log(`functions bundle written to ${out}`);
