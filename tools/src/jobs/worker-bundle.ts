import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The job worker as one ES module: our workspaces bundled in by esbuild, every npm package left to
 * node_modules (as the services' build does). Why: a worker thread running the TypeScript sources
 * registers tsx's loader hooks and resolves and transforms ~280 files through them, about 0.55 s
 * of boot per worker on this 2-core machine (measured; 1.6 s while DuckDB still loaded eagerly), which
 * on a 5 s job is a tenth of what `--workers` can win. The bundle boots in ~0.1 s and is built in
 * ~0.2 s by esbuild's own process, while this thread already runs its share of the jobs.
 *
 * The file is written under `<repo>/.cascade/jobs/` so the bundle's bare imports resolve from the
 * repository's node_modules; it is this process's own (pid in the name) and removed by `dispose`.
 */
export interface WorkerBundle {
  readonly url: URL;
  dispose(): void;
}

const toolsSrc = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(toolsSrc, '..', '..');

/** The npm packages the worker's workspaces depend on: external, loaded from node_modules. */
function npmDependencies(): string[] {
  const deps = new Set<string>();
  for (const ws of ['core', 'adapters', 'tools']) {
    const pkg = JSON.parse(readFileSync(join(repoRoot, ws, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const name of Object.keys(pkg.dependencies ?? {})) if (!name.startsWith('@cascade/')) deps.add(name);
  }
  return [...deps];
}

export async function bundleJobWorker(): Promise<WorkerBundle> {
  const { build } = await import('esbuild');
  const dir = join(repoRoot, '.cascade', 'jobs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `job-worker-${process.pid}-${Date.now().toString(36)}.mjs`);
  await build({
    entryPoints: [join(toolsSrc, 'jobs', 'job-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: file,
    external: npmDependencies(),
    logLevel: 'silent',
  });
  return { url: pathToFileURL(file), dispose: () => rmSync(file, { force: true }) };
}
