import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { provisionPubSub } from './pubsub/provision.js';
import { type Plan, type Resource, ResourceKind, StateSnapshot, type Target, defaultTarget, desiredState, diff, inScope, parseIamBindingName, readTarget, renderPlan } from './plan/index.js';
import { gcpClients } from './gcp/clients.js';
import { readLiveState } from './gcp/read-state.js';
import { applyCloudChanges } from './gcp/apply.js';

/** The functions' region (functions/src/runtime/trigger-options.ts): Pub/Sub, Firestore and the services side by side. */
const DEFAULT_REGION = 'europe-west1';

const HELP = `Usage: npm run infra -- plan|apply --project P [--region R] [--target FILE] [--state FILE]

Everything Cascade needs in a Google Cloud project besides what \`firebase deploy\` makes, declared as
data (infra/src/plan/desired.ts) and compared with what is there:
  - Pub/Sub: every topic and its dead-letter topic (<topic>.dlq); a 7-day hold subscription on each
    dead-letter topic (read by \`npm run cli -- dlq\`); the analytics pull subscriptions with retry and
    dead-letter policies; a dead-letter policy (5 attempts) on every Eventarc subscription
    \`firebase deploy\` created for the Pub/Sub-triggered functions;
  - service accounts cascade-functions, cascade-streamer, cascade-analytics, each with only the roles it
    needs (Firestore, publish on its topics, subscribe on its subscriptions, read its secrets);
  - Secret Manager secrets SENDGRID_API_KEY, CASCADE_API_KEY and those the target lists, created EMPTY
    when missing (values are never read or printed: add one with
    gcloud secrets versions add NAME --data-file=-);
  - Cloud Run services cascade-streamer and cascade-analytics (one per analytics shard), always on:
    min instances 1, CPU always allocated, images <region>-docker.pkg.dev/<project>/cascade/<service>:<tag>.

Commands:
  plan    print what apply would change: "+ create", "~ update (field: old → new)", "- delete" (only
          resources labelled managed-by: cascade, or grants to our service accounts). Exit code 2 when
          changes are pending, 0 when none, 1 on an error.
  apply   make the changes (idempotent: a second apply changes nothing). Run it after \`firebase deploy\`
          (Eventarc creates its subscriptions then) and after pushing new images.

Options:
  --project P     the Google Cloud project id (required; demo-* ids only against the emulators)
  --region R      Cloud Run region (default: the target's region, else ${DEFAULT_REGION}, the functions')
  --target FILE   JSON overriding sizes, images, image tag, analytics shards, extra secrets
                  (schema: infra/src/plan/target.ts; example: infra/targets/example.json)
  --state FILE    plan only: compare with a recorded state snapshot (JSON, infra/src/plan/resources.ts
                  StateSnapshot) instead of reading the project — works offline
  --save-state FILE  plan only: also write the state it read (a snapshot for --state)
  -h, --help      this help

Authenticate first: gcloud auth application-default login. With PUBSUB_EMULATOR_HOST set, the Pub/Sub
part runs against the emulator; CASCADE_GCP_API_ENDPOINT=http://host:port (tests) points the Cloud Run,
Secret Manager, IAM and Resource Manager clients at a local server such as test/fakes/gcp.`;

function fail(msg: string): never {
  throw Object.assign(new Error(msg), { usage: true });
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { project: { type: 'string' }, region: { type: 'string' }, target: { type: 'string' }, state: { type: 'string' }, 'save-state': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const command = positionals[0];
  if (command !== 'plan' && command !== 'apply') fail(`say what to do: plan or apply (got ${command ? `"${command}"` : 'nothing'})`);
  const project = values.project ?? fail(`${command} needs --project P (the Google Cloud project)`);
  const target: Target = values.target ? readTarget(values.target) : defaultTarget();
  const region = values.region ?? target.region ?? DEFAULT_REGION;
  if (values.state && command === 'apply') fail('--state is for plan only: apply always reads the live project');

  if (values.state) {
    const snapshot = readSnapshot(values.state);
    if (snapshot.project !== project) fail(`--state ${values.state} records project "${snapshot.project}", not "${project}"`);
    const plan = makePlan(project, snapshot.projectNumber, region, target, snapshot.resources, snapshot.scope);
    console.log(renderPlan(plan));
    return plan.changes.length > 0 ? 2 : 0;
  }

  const emulated = Boolean(process.env.PUBSUB_EMULATOR_HOST) || Boolean(process.env.CASCADE_GCP_API_ENDPOINT);
  if (project.startsWith('demo-') && !emulated) fail(`"${project}" is a demo project id (emulator only); set PUBSUB_EMULATOR_HOST or name a real project`);
  const clients = gcpClients(project, process.env);
  try {
    const scope = { cloud: clients.cloud !== null, pubsubIam: !clients.pubsubEmulator };
    if (!scope.cloud) console.log('Pub/Sub emulator only: Cloud Run, Secret Manager and IAM are left out (set CASCADE_GCP_API_ENDPOINT to include them).');
    if (scope.cloud && !scope.pubsubIam) console.log('Pub/Sub emulator: topic and subscription IAM are left out (the emulator has no IAM).');
    const read = async () => {
      const probe = desiredState({ project, projectNumber: '0', region, target, existingSubscriptions: [] });
      const iamResources = [...new Set(probe.filter((r) => r.kind === ResourceKind.IamBinding).map((r) => parseIamBindingName(r.name).resource))];
      return readLiveState(clients, project, region, iamResources);
    };
    const state = await read();
    if (values['save-state']) (await import('node:fs')).writeFileSync(values['save-state'], `${JSON.stringify(state, null, 2)}\n`);
    const plan = makePlan(project, state.projectNumber, region, target, state.resources, scope);
    console.log(renderPlan(plan));
    if (command === 'plan') return plan.changes.length > 0 ? 2 : 0;

    // Pub/Sub first, with the provisioning code the local stack uses (idempotent, so it always runs).
    const r = await provisionPubSub(clients.pubsub, { projectId: project, target: 'gcp', pushEndpoint: () => null, log: (l) => console.log(l) });
    console.log(`${r.topics.length} topics, ${r.subscriptions.length} subscriptions in place; ${r.deadLetterPolicies.length} Eventarc subscription(s) given a dead-letter policy`);
    // The plan again after Pub/Sub: IAM on topics that did not exist before is now planned against real topics.
    const after = makePlan(project, state.projectNumber, region, target, (await read()).resources, scope);
    await applyCloudChanges(clients, project, region, after.changes, (l) => console.log(l));
    console.log(`Applied: ${after.changes.filter((c) => !isPubSub(c.resource)).length} change(s) besides Pub/Sub.`);
    return 0;
  } finally {
    await clients.close();
  }
}

function isPubSub(r: Resource): boolean {
  return r.kind === ResourceKind.Topic || r.kind === ResourceKind.Subscription || r.kind === ResourceKind.DeadLetterPolicy;
}

function makePlan(project: string, projectNumber: string | null, region: string, target: Target, current: readonly Resource[], scope: { cloud: boolean; pubsubIam: boolean }): Plan {
  const existingSubscriptions = current.filter((r) => r.kind === ResourceKind.Subscription).map((r) => ({ name: r.name, topic: String(r.fields.topic ?? '') }));
  const keep = inScope(scope);
  const desired = desiredState({ project, projectNumber, region, target, existingSubscriptions }).filter(keep);
  const ours = new RegExp(`^serviceAccount:cascade-[a-z]+@${project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.iam\\.gserviceaccount\\.com$`);
  return diff(desired, current.filter(keep), (m) => ours.test(m));
}

function readSnapshot(path: string): StateSnapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    fail(`--state ${path}: cannot read it as JSON (${(e as Error).message}); write one with plan --save-state FILE`);
  }
  const r = StateSnapshot.safeParse(raw);
  if (!r.success) fail(`--state ${path} is not a state snapshot:\n${r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`);
  return r.data;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const err = e as Error & { usage?: boolean };
    console.error(`infra: ${err.message}${err.usage ? '\n(npm run infra -- --help for the commands and options)' : ''}`);
    process.exit(1);
  },
);
