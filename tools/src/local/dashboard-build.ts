import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Newest modification time under `path` (files only), 0 when absent. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let m = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) if (e.name !== 'node_modules' && e.name !== 'dist') m = Math.max(m, newest(join(path, e.name)));
  return m;
}

/**
 * `vite build` of the dashboard when its sources (or core's, which it bundles) are newer than the last
 * build; a second or two. Returns whether it built. Throws with vite's output when the build fails.
 */
export function buildDashboardIfStale(repoRoot: string, log: (line: string) => void = () => undefined): boolean {
  const app = join(repoRoot, 'dashboard');
  const built = join(app, 'dist/index.html');
  const sources = Math.max(newest(join(app, 'src')), newest(join(app, 'index.html')), newest(join(app, 'vite.config.ts')), newest(join(repoRoot, 'core/src')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return false;
  log('building the dashboard (vite build)…');
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: app, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.status !== 0) throw new Error(`dashboard build failed:\n${r.stdout}${r.stderr}`);
  return true;
}
