import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateSnapshot, Target, defaultTarget, desiredState, diff, inScope, renderPlan, ResourceKind } from '../../../infra/src/plan/index.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const snapshot = (name: string) => StateSnapshot.parse(JSON.parse(readFileSync(join(fixtures, name), 'utf8')));
const twoShards = Target.parse(JSON.parse(readFileSync(join(fixtures, 'target-two-shards.json'), 'utf8')));
const ours = (m: string) => /^serviceAccount:cascade-[a-z]+@acme-trading\.iam\.gserviceaccount\.com$/.test(m);

function planText(state: StateSnapshot, target: Target): string {
  const existingSubscriptions = state.resources.filter((r) => r.kind === ResourceKind.Subscription).map((r) => ({ name: r.name, topic: String(r.fields.topic) }));
  const keep = inScope(state.scope);
  const desired = desiredState({ project: state.project, projectNumber: state.projectNumber, region: state.region, target, existingSubscriptions }).filter(keep);
  return renderPlan(diff(desired, state.resources.filter(keep), ours));
}

function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'infra/src/main.ts', ...args], { cwd: join(import.meta.dirname, '../../..'), env: { ...process.env, PUBSUB_EMULATOR_HOST: '', CASCADE_GCP_API_ENDPOINT: '' } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

// Fixtures: recorded-after-apply.json is the state `plan --save-state` read from the Pub/Sub emulator and
// test/fakes/gcp right after `apply` (test/integration/infra-plan-apply.test.ts), the project id renamed.
// drifted.json is that recording with these hand edits: streamer image :v1 → :v0, cpuIdle true, an extra env
// CASCADE_PUBLISH_TWICE=1; an extra labelled service cascade-analytics-c and an unlabelled billing-exporter;
// secret ops-token and its binding removed; roles/owner added for cascade-streamer and for user:alice; a
// labelled secret old-webhook added; the Eventarc subscription's maxDeliveryAttempts 5 → 10; the dead-letter
// alert's rate limit 300 → 3600 s; a labelled alert policy cascade-old-alert and an unlabelled billing-spike added.
describe('infra plan on recorded states', () => {
  it('a recorded state right after apply plans no changes', () => {
    expect(planText(snapshot('recorded-after-apply.json'), twoShards)).toBe('No changes: the project matches the desired state.');
  });

  it('a drifted state plans exactly the hand-written diff: only our resources deleted, secrets kept, values never shown', () => {
    // Expected, written from the edit list above: each edit back, except the unlabelled service, alice's
    // grant (not ours) and the secret (never deleted: a note).
    const expected = [
      '~ update dead-letter-policy eventarc-europe-west1-executesignal-812563-sub-120',
      '    maxDeliveryAttempts: 10 → 5',
      '+ create secret ops-token',
      '    label.managed-by: cascade',
      '    replication: automatic',
      '~ update run-service cascade-streamer',
      '    cpuIdle: true → false',
      '    env.CASCADE_PUBLISH_TWICE: 1 → (unset)',
      '    image: europe-west1-docker.pkg.dev/acme-trading/cascade/streamer:v0 → europe-west1-docker.pkg.dev/acme-trading/cascade/streamer:v1',
      '~ update alert-policy cascade-dead-letters',
      '    rateLimitSeconds: 3600 → 300',
      '+ create iam-binding projects/acme-trading/secrets/ops-token roles/secretmanager.secretAccessor serviceAccount:cascade-analytics@acme-trading.iam.gserviceaccount.com',
      '- delete run-service cascade-analytics-c',
      '- delete iam-binding projects/acme-trading roles/owner serviceAccount:cascade-streamer@acme-trading.iam.gserviceaccount.com',
      '- delete alert-policy cascade-old-alert',
      '  note: secret old-webhook is no longer used; kept (delete it by hand: gcloud secrets delete old-webhook)',
      'Plan: 2 to create, 3 to update, 3 to delete.',
    ].join('\n');
    expect(planText(snapshot('drifted.json'), twoShards)).toBe(expected);
  });

  it('an empty project plans every resource as a create (63, counted by hand)', () => {
    // Default target, project number known. Topics 5 + 5 dead-letter = 10; subscriptions 5 holds + 2 analytics
    // pulls = 7; service accounts 3; secrets 2 (SENDGRID_API_KEY, CASCADE_API_KEY); services 2 (streamer,
    // analytics default shard). Grants: datastore.user 3 + logWriter 3 + publisher (streamer 2, analytics 5,
    // functions 8) + analytics subscriber 2 + functions secretAccessor 2 + Pub/Sub agent (publisher on 5
    // dead-letter topics, subscriber on 2 pulls) + functions eventReceiver, run.invoker, storage.objectAdmin on
    // the reports bucket, tokenCreator on itself 4 = 36. Alert policies 3 (dead letters, breaker trip, stream
    // loss). 10 + 7 + 3 + 2 + 2 + 36 + 3 = 63.
    const text = planText(snapshot('empty-project.json'), defaultTarget());
    expect(text.split('\n').at(-1)).toBe('Plan: 63 to create, 0 to update, 0 to delete.');
    expect(text).toContain('+ create alert-policy cascade-dead-letters\n    label.managed-by: cascade\n    filter: jsonPayload.message:"dead-lettered a "\n');
    expect(text).toContain('+ create iam-binding projects/_/buckets/acme-trading.firebasestorage.app roles/storage.objectAdmin serviceAccount:cascade-functions@acme-trading.iam.gserviceaccount.com');
    expect(text).toContain('+ create iam-binding projects/acme-trading roles/run.invoker serviceAccount:cascade-functions@acme-trading.iam.gserviceaccount.com');
    expect(text).toContain('+ create iam-binding projects/acme-trading/topics/trading.signals.dlq roles/pubsub.publisher serviceAccount:service-555@gcp-sa-pubsub.iam.gserviceaccount.com');
    // Always on and never throttled (issue 12): min 1 instance, CPU always allocated, analytics one instance per shard.
    expect(text).toContain('+ create run-service cascade-analytics\n    label.managed-by: cascade\n    image: europe-west1-docker.pkg.dev/acme-trading/cascade/analytics:latest\n    minInstances: 1\n    maxInstances: 1\n    cpu: 1\n    memory: 512Mi\n    cpuIdle: false\n');
  });

  it('the target file refuses what would break the design, naming the field', () => {
    expect(() => Target.parse({ streamer: { minInstances: 0 } })).toThrow(/minInstances ≥ 1/);
    expect(Target.safeParse({ analytics: { shards: ['Bad_Shard'] } }).success).toBe(false);
    expect(Target.safeParse({ analytics: { env: { 'lower-case': 'x' } } }).success).toBe(false);
    expect(Target.safeParse({ imagetag: 'v1' }).success).toBe(false); // typo: strict, not silently ignored
  });
});

describe('infra CLI offline (--state)', () => {
  it('exits 2 when changes are pending, 0 when none, 1 on a bad snapshot, and --help lists every option', async () => {
    const target = join(fixtures, 'target-two-shards.json');
    const drifted = await cli(['plan', '--project', 'acme-trading', '--target', target, '--state', join(fixtures, 'drifted.json')]);
    expect(drifted.code).toBe(2);
    expect(drifted.stdout).toContain('Plan: 2 to create, 3 to update, 3 to delete.');
    const clean = await cli(['plan', '--project', 'acme-trading', '--target', target, '--state', join(fixtures, 'recorded-after-apply.json')]);
    expect(clean.code).toBe(0);
    const wrong = await cli(['plan', '--project', 'other', '--state', join(fixtures, 'drifted.json')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('records project "acme-trading", not "other"');
    const bad = await cli(['plan', '--project', 'acme-trading', '--state', target]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('is not a state snapshot');
    const help = await cli(['--help']);
    for (const opt of ['--project', '--region', '--target', '--state', '--save-state', 'plan', 'apply']) expect(help.stdout).toContain(opt);
  });
});
