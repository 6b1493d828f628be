// Builds the Cloud Run services' container contexts in run-services/dist/<service>/: main.js (our
// workspaces bundled in by esbuild), package.json listing only the npm packages the bundle imports,
// a package-lock.json cut from the monorepo's lock (so the image's `npm ci` installs exactly the
// versions the tests ran), and the service's Dockerfile. That folder is the whole build context:
// `gcloud builds submit run-services/dist/<service> --tag …` or `docker build run-services/dist/<service>`.
//
//   node run-services/scripts/build.mjs [streamer|analytics …]     (npm run build:services)
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { subsetLock } from './lock-subset.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const svcDir = join(here, '..');
const root = join(svcDir, '..');
const services = ['streamer', 'analytics'];

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(`Usage: npm run build:services [-- streamer|analytics …]

Bundles each Cloud Run service into run-services/dist/<service>/ (main.js, package.json,
package-lock.json, Dockerfile): the build context of its image. Default: both services.`);
  process.exit(0);
}
const wanted = args.length > 0 ? args : services;
for (const s of wanted) {
  if (!services.includes(s)) {
    console.error(`build:services: unknown service "${s}" (one of: ${services.join(', ')})`);
    process.exit(2);
  }
}

const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
// Every npm dependency of the services and the workspaces they bundle stays external: DuckDB ships a
// native binding, ccxt and the Google clients load files at run time (protos, lazy exchange modules),
// and keeping all of them out keeps the bundle what we wrote.
const ranges = {};
for (const ws of ['core', 'adapters', 'run-services']) Object.assign(ranges, readJson(join(root, ws, 'package.json')).dependencies);
for (const k of Object.keys(ranges)) if (k.startsWith('@cascade/')) delete ranges[k];
const lock = readJson(join(root, 'package-lock.json'));

for (const service of wanted) {
  const out = join(svcDir, 'dist', service);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const result = await build({
    entryPoints: [join(svcDir, 'src', service, 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile: join(out, 'main.js'),
    external: Object.keys(ranges),
    sourcemap: true,
    logLevel: 'warning',
    metafile: true,
  });
  const imported = new Set();
  for (const o of Object.values(result.metafile.outputs)) for (const i of o.imports) if (i.external) imported.add(packageOf(i.path));
  imported.delete(null);
  const deps = Object.fromEntries(Object.entries(ranges).filter(([k]) => imported.has(k)).sort(([a], [b]) => a.localeCompare(b)));
  const missing = [...imported].filter((k) => !(k in deps) && !isBuiltin(k));
  if (missing.length > 0) throw new Error(`${service}: the bundle imports ${missing.join(', ')}, which no workspace declares as a dependency`);
  const pkg = { name: `cascade-${service}`, private: true, type: 'module', main: 'dist/main.js', engines: { node: '22' }, dependencies: deps };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(out, 'package-lock.json'), `${JSON.stringify(subsetLock(lock, pkg, ['core', 'adapters', 'run-services']), null, 2)}\n`);
  copyFileSync(join(svcDir, 'docker', `${service}.Dockerfile`), join(out, 'Dockerfile'));
  console.log(`${service}: run-services/dist/${service}/ (main.js ${kb(result.metafile.outputs, 'main.js')} kB; npm packages: ${Object.keys(deps).join(', ')})`);
}

function packageOf(path) {
  if (path.startsWith('node:')) return null;
  const parts = path.split('/');
  return path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isBuiltin(name) {
  return builtinModules.includes(name);
}

function kb(outputs, file) {
  const e = Object.entries(outputs).find(([p]) => p.endsWith(file));
  return e ? Math.round(e[1].bytes / 1024) : '?';
}
