/**
 * What `npm run deploy` does, as data: the ordered steps and the exact commands of each. `--dry-run`
 * prints this list; a real run executes the same list, so what a user reviews is what runs.
 */

/** One program run. `orElse` runs only when this one fails (an idempotent "create if missing"). */
export interface Command {
  readonly program: string;
  readonly args: readonly string[];
  readonly orElse?: Command;
  /** Output is not shown (a probe whose failure only means "missing"). */
  readonly quiet?: boolean;
}

export interface Step {
  readonly title: string;
  /** Files the step writes before its commands run (the merged infra target). */
  readonly writes?: { readonly path: string; readonly content: string };
  readonly commands: readonly Command[];
}

export interface DeployInput {
  readonly project: string;
  readonly region: string;
  readonly imageTag: string;
  /** The infra target the user gave (`--target FILE`), parsed JSON; the deploy adds the image tag. */
  readonly target: Record<string, unknown>;
  /** Where the merged target is written (repo-relative). */
  readonly targetPath: string;
}

export const SERVICES = ['streamer', 'analytics'] as const;
/** The Artifact Registry repository the images go to; infra's default image names use it too. */
export const REPOSITORY = 'cascade';

/** APIs a fresh project must have before anything else can be created. */
export const REQUIRED_APIS = [
  'artifactregistry.googleapis.com',
  'cloudbuild.googleapis.com',
  'run.googleapis.com',
  'pubsub.googleapis.com',
  'secretmanager.googleapis.com',
  'iam.googleapis.com',
  'cloudresourcemanager.googleapis.com',
  'firestore.googleapis.com',
  'cloudfunctions.googleapis.com',
  'eventarc.googleapis.com',
  'cloudscheduler.googleapis.com',
  'logging.googleapis.com',
  'monitoring.googleapis.com',
] as const;

export function imageName(input: Pick<DeployInput, 'project' | 'region' | 'imageTag'>, service: (typeof SERVICES)[number]): string {
  return `${input.region}-docker.pkg.dev/${input.project}/${REPOSITORY}/${service}:${input.imageTag}`;
}

const gcloud = (...args: string[]): Command => ({ program: 'gcloud', args });
const npmRun = (script: string, ...args: string[]): Command => ({ program: 'npm', args: ['run', script, ...(args.length > 0 ? ['--', ...args] : [])] });

export function deploySteps(input: DeployInput): Step[] {
  const { project, region } = input;
  const infraApply = npmRun('infra', 'apply', '--project', project, '--region', region, '--target', input.targetPath);
  return [
    { title: 'Enable the Google Cloud APIs Cascade uses (no-op when already on)', commands: [gcloud('services', 'enable', ...REQUIRED_APIS, '--project', project)] },
    { title: 'Build the functions bundle (functions/dist)', commands: [npmRun('build')] },
    { title: 'Build the Cloud Run service bundles (run-services/dist/streamer, run-services/dist/analytics)', commands: [npmRun('build:services')] },
    {
      title: `Make sure the Artifact Registry repository "${REPOSITORY}" exists in ${region}`,
      commands: [
        {
          ...gcloud('artifacts', 'repositories', 'describe', REPOSITORY, '--location', region, '--project', project),
          quiet: true,
          orElse: gcloud('artifacts', 'repositories', 'create', REPOSITORY, '--repository-format', 'docker', '--location', region, '--project', project, '--description', 'Cascade Cloud Run service images'),
        },
      ],
    },
    ...SERVICES.map((s) => ({
      title: `Build and push the ${s} image with Cloud Build`,
      commands: [gcloud('builds', 'submit', `run-services/dist/${s}`, '--project', project, '--tag', imageName(input, s))],
    })),
    {
      title: 'Provision Pub/Sub, service accounts, secrets and the Cloud Run services on the new images (infra apply)',
      writes: { path: input.targetPath, content: `${JSON.stringify({ ...input.target, imageTag: input.imageTag }, null, 2)}\n` },
      commands: [infraApply],
    },
    { title: 'Deploy the functions, Firestore rules and indexes, Storage rules, and the dashboard (Hosting)', commands: [{ program: 'npx', args: ['--no-install', 'firebase', 'deploy', '--project', project, '--only', 'functions,firestore,storage,hosting'] }] },
    // Eventarc creates the functions' push subscriptions during firebase deploy; only then can infra give them dead-letter policies.
    { title: 'infra apply again: dead-letter policies on the subscriptions firebase deploy just created', commands: [infraApply] },
  ];
}

/** `gcloud builds submit ...` as a user would type it (arguments with spaces or quotes quoted). */
export function commandLine(c: Command): string {
  const quote = (a: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return [c.program, ...c.args].map(quote).join(' ');
}

/** The dry-run listing: numbered steps, each command, and the fallbacks. */
export function renderSteps(steps: readonly Step[]): string {
  const lines: string[] = [];
  steps.forEach((s, i) => {
    lines.push(`${i + 1}. ${s.title}`);
    if (s.writes) lines.push(`   write ${s.writes.path}: ${s.writes.content.trim().replace(/\s*\n\s*/g, ' ')}`);
    for (const c of s.commands) {
      lines.push(`   $ ${commandLine(c)}`);
      if (c.orElse) lines.push(`     if that fails: $ ${commandLine(c.orElse)}`);
    }
  });
  return lines.join('\n');
}

/**
 * A Google Cloud project id (6–30 characters: lower-case letters, digits, hyphens; starts with a
 * letter, does not end with a hyphen), and not a `demo-` id: those exist only in the emulators, so a
 * deploy to one could only fail halfway. Returns the reason it is refused, or null.
 */
export function refuseProject(project: string): string | null {
  if (project.startsWith('demo-')) {
    return `"${project}" is a demo project id: demo-* ids exist only in the local emulators (npm start, npm test) and cannot be deployed to. Create a project (https://console.cloud.google.com/projectcreate) and pass its id: npm run deploy -- --project <your-project-id>`;
  }
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(project)) {
    return `"${project}" is not a Google Cloud project id (6–30 characters: lower-case letters, digits and hyphens, starting with a letter); find yours with: gcloud projects list`;
  }
  return null;
}

/**
 * The image tag: the commit, so a running revision names its source. A tree with uncommitted changes
 * gets `-dirty-<UTC time>`: the same tag twice would leave Cloud Run on the old revision (infra sees
 * no change in the image name).
 */
export function imageTagFor(sha: string, dirty: boolean, nowMs: number): string {
  if (!dirty) return sha;
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').replace('T', 't');
  return `${sha}-dirty-${stamp}`;
}
