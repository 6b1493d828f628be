import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Command, type Step, commandLine, deploySteps, imageTagFor, refuseProject, renderSteps } from './steps.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The functions' region (functions/src/runtime/trigger-options.ts) and infra's default. */
const DEFAULT_REGION = 'europe-west1';

const HELP = `Usage: npm run deploy -- --project P [--region R] [--target FILE] [--tag T] [--dry-run]

Deploys Cascade to your Google Cloud / Firebase project, in this order:
  1. enable the APIs it uses (gcloud services enable …)
  2. build the functions bundle (npm run build) and the service bundles (npm run build:services)
  3. create the Artifact Registry repository "cascade" in R if missing
  4. build and push the streamer and analytics images with Cloud Build, tagged with the git commit
  5. npm run infra -- apply: Pub/Sub, service accounts, secrets, the Cloud Run services on those images
  6. firebase deploy --only functions,firestore,storage,hosting (firebase-tools pinned; hosting = the dashboard)
  7. npm run infra -- apply again: dead-letter policies on the subscriptions step 6 created
Every step is idempotent: after a failure, fix what it says and run the same command again.

Options:
  --project P     your Google Cloud project id (required; demo-* ids are emulator-only and refused)
  --region R      Cloud Run and Artifact Registry region (default ${DEFAULT_REGION}, where the functions run)
  --target FILE   infra target JSON (sizes, shards, extra secrets: infra/src/plan/target.ts); its
                  imageTag is replaced by this deploy's tag
  --tag T         image tag (default: the git commit; with uncommitted changes <commit>-dirty-<time>)
  --dry-run       print every step and the exact command it would run; run nothing, write nothing
  -h, --help      this help

Before the first deploy: gcloud auth login, gcloud auth application-default login, firebase login
(npx firebase login), and Firestore created in the project (Firebase console → Firestore).
Secrets are created empty by infra; give them values before the functions need them:
  printf %s "$KEY" | gcloud secrets versions add SENDGRID_API_KEY --data-file=- --project P`;

class UsageError extends Error {}

function gitTag(now: number): string {
  const rev = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
  if (rev.status !== 0) throw new UsageError('cannot read the git commit for the image tag (not a git checkout?); pass --tag T');
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8' }).stdout.trim() !== '';
  return imageTagFor(rev.stdout.trim(), dirty, now);
}

function readTargetJson(path: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--target ${path}: cannot read it as JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`--target ${path}: expected a JSON object (infra/src/plan/target.ts)`);
  // Validated by infra apply itself, which names each bad field.
  return raw as Record<string, unknown>;
}

/** Runs one command with the terminal attached; true when it (or its fallback) succeeded. */
function run(c: Command): boolean {
  console.log(`$ ${commandLine(c)}`);
  const r = spawnSync(c.program, [...c.args], { cwd: repoRoot, stdio: c.quiet ? 'ignore' : 'inherit' });
  if (r.error) {
    const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
    console.error(missing ? `${c.program} is not installed or not on PATH${c.program === 'gcloud' ? ' (install the Google Cloud CLI: https://cloud.google.com/sdk/docs/install)' : ''}` : r.error.message);
    return false;
  }
  if (r.status === 0) return true;
  if (c.orElse) return run(c.orElse);
  return false;
}

function execute(steps: readonly Step[]): number {
  for (const [i, s] of steps.entries()) {
    console.log(`\n[${i + 1}/${steps.length}] ${s.title}`);
    if (s.writes) {
      mkdirSync(dirname(join(repoRoot, s.writes.path)), { recursive: true });
      writeFileSync(join(repoRoot, s.writes.path), s.writes.content);
    }
    for (const c of s.commands) {
      if (!run(c)) {
        console.error(`\ndeploy: step ${i + 1} failed: ${s.title}\nFix what the output above says and run the same command again (every step is idempotent).`);
        return 1;
      }
    }
  }
  return 0;
}

function main(argv: readonly string[], now: number): number {
  const { values } = parseArgs({
    args: [...argv],
    options: { project: { type: 'string' }, region: { type: 'string' }, target: { type: 'string' }, tag: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.project) throw new UsageError('--project P is required: the id of your Google Cloud project (gcloud projects list)');
  const refused = refuseProject(values.project);
  if (refused) throw new UsageError(refused);
  const region = values.region ?? DEFAULT_REGION;
  if (!/^[a-z]+-[a-z]+\d+$/.test(region)) throw new UsageError(`--region ${region} is not a region like europe-west1`);
  const imageTag = values.tag ?? gitTag(now);
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(imageTag)) throw new UsageError(`--tag ${imageTag}: a Docker tag is letters, digits, _ . - (at most 128)`);
  const steps = deploySteps({ project: values.project, region, imageTag, target: values.target ? readTargetJson(values.target) : {}, targetPath: '.cascade/deploy/target.json' });
  if (values['dry-run']) {
    console.log(`Dry run: deploy of ${values.project} (${region}), images tagged ${imageTag}. Nothing below runs.\n`);
    console.log(renderSteps(steps));
    return 0;
  }
  console.log(`Deploying Cascade to ${values.project} (${region}), images tagged ${imageTag}.`);
  const code = execute(steps);
  if (code === 0) console.log(`\nDeployed. Cloud Run: https://console.cloud.google.com/run?project=${values.project}  Functions: https://console.firebase.google.com/project/${values.project}/functions`);
  return code;
}

try {
  process.exitCode = main(process.argv.slice(2), Date.now());
} catch (e) {
  const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(`deploy: ${(e as Error).message}${usage ? '\n(npm run deploy -- --help for the steps and options)' : ''}`);
  process.exitCode = usage ? 2 : 1;
}
