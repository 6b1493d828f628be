import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const tsx = createRequire(import.meta.url).resolve('tsx');

// Stand-ins for gcloud, npm and npx, first on PATH: each appends its command line to $FAKE_LOG, so the
// test sees exactly what the deploy ran. `artifacts repositories describe` fails (a fresh project has
// no repository); $FAKE_FAIL makes any command containing it fail.
const bin = mkdtempSync(join(tmpdir(), 'cascade-deploy-bin-'));
for (const p of ['gcloud', 'npm', 'npx']) {
  const f = join(bin, p);
  writeFileSync(
    f,
    `#!/bin/sh
echo "$(basename "$0") $*" >> "$FAKE_LOG"
case "$*" in *"artifacts repositories describe"*) exit 1;; esac
if [ -n "$FAKE_FAIL" ]; then case "$*" in *"$FAKE_FAIL"*) exit 1;; esac; fi
exit 0
`,
  );
  chmodSync(f, 0o755);
}
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function deploy(args: string[], env: Record<string, string> = {}) {
  const log = join(bin, `log-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync(process.execPath, ['--import', tsx, join(repoRoot, 'tools/src/deploy/main.ts'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, FAKE_LOG: log, ...env },
  });
  const ran = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { code: r.status, out: r.stdout, err: r.stderr, ran };
}

describe('npm run deploy', () => {
  it('refuses a demo- project id, even in a dry run, and says what to pass instead', () => {
    const r = deploy(['--project', 'demo-check', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/"demo-check" is a demo project id.*--project <your-project-id>/);
    expect(r.ran).toEqual([]);
  });

  it('--dry-run prints every step with its exact command and runs nothing', () => {
    const r = deploy(['--project', 'my-project', '--dry-run', '--tag', 't1']);
    expect(r.code).toBe(0);
    expect(r.ran).toEqual([]);
    for (const line of [
      '$ npm run build',
      '$ npm run build:services',
      '$ gcloud builds submit run-services/dist/streamer --project my-project --tag europe-west1-docker.pkg.dev/my-project/cascade/streamer:t1',
      '$ gcloud builds submit run-services/dist/analytics --project my-project --tag europe-west1-docker.pkg.dev/my-project/cascade/analytics:t1',
      '$ npm run infra -- apply --project my-project --region europe-west1 --target .cascade/deploy/target.json',
      '$ npx --no-install firebase deploy --project my-project --only functions,firestore,storage,hosting',
    ])
      expect(r.out).toContain(line);
  });

  it('runs the commands it prints, in order, creating the missing repository', () => {
    const r = deploy(['--project', 'my-project', '--region', 'us-central1', '--tag', 't2']);
    expect(r.code).toBe(0);
    expect(r.ran.map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
      'gcloud services enable',
      'npm run build',
      'npm run build:services',
      'gcloud artifacts repositories',
      'gcloud artifacts repositories',
      'gcloud builds submit',
      'gcloud builds submit',
      'npm run infra',
      'npx --no-install firebase',
      'npm run infra',
    ]);
    expect(r.ran[4]).toContain('artifacts repositories create cascade --repository-format docker --location us-central1');
    expect(r.ran[6]).toBe('gcloud builds submit run-services/dist/analytics --project my-project --tag us-central1-docker.pkg.dev/my-project/cascade/analytics:t2');
    expect(JSON.parse(readFileSync(join(repoRoot, '.cascade/deploy/target.json'), 'utf8'))).toEqual({ imageTag: 't2' });
  });

  it('stops at the first failing step and names it', () => {
    const r = deploy(['--project', 'my-project', '--tag', 't3'], { FAKE_FAIL: 'builds submit run-services/dist/streamer' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/step 5 failed: Build and push the streamer image/);
    // Nothing after the failed push ran: no analytics image, no infra, no firebase deploy.
    expect(r.ran.at(-1)).toContain('builds submit run-services/dist/streamer');
  });

  it('--help lists the steps and options', () => {
    const r = deploy(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--project P[\s\S]*--dry-run[\s\S]*firebase deploy --only functions,firestore,storage,hosting/);
  });
});
