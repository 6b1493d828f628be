import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { PubSub } from '@google-cloud/pubsub';
import { Topic } from '@cascade/core';
import { type FakeGcp, startFakeGcp } from '../fakes/gcp/index.js';
import { uniqueProjectId } from '../support/stack-harness.js';
import { repoRoot } from '../../tools/src/local/stack.js';

/** The parts of a Cloud Run v2 Service (REST JSON) the assertions read. */
interface RunServiceJson {
  labels: Record<string, string>;
  template: { serviceAccount: string; scaling: Record<string, number>; containers: [{ image: string; env: unknown[]; resources: { cpuIdle: boolean; limits: Record<string, string> } }] };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run infra -- …` as a user runs it; resolves with the exit code instead of throwing on 2. */
function infra(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'infra/src/main.ts', ...args], { cwd: repoRoot, env, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

// Issue 12 item 2: plan/apply of the whole project (Pub/Sub on the emulator; Cloud Run, Secret Manager,
// IAM and Resource Manager through the real clients in REST mode against test/fakes/gcp).
describe('npm run infra -- plan|apply (Pub/Sub emulator + GCP REST fake)', () => {
  let fake: FakeGcp;
  let env: NodeJS.ProcessEnv;
  let projectId: string;
  let pubsub: PubSub;
  const dir = mkdtempSync(join(tmpdir(), 'infra-target-'));
  const target = join(dir, 'target.json');
  const eventarc = 'eventarc-europe-west1-executesignal-812563-sub-120';

  beforeAll(async () => {
    fake = await startFakeGcp({ projectNumber: '424242424242' });
    projectId = uniqueProjectId('infra-all');
    env = { ...process.env, PUBSUB_EMULATOR_HOST: inject('pubsubHost'), CASCADE_GCP_API_ENDPOINT: fake.url, METADATA_SERVER_DETECTION: 'none' };
    pubsub = new PubSub({ projectId, apiEndpoint: inject('pubsubHost'), emulatorMode: true });
    // What `firebase deploy` leaves behind: a topic and Eventarc's subscription without a dead-letter policy.
    const [topic] = await pubsub.createTopic(Topic.TradingSignals);
    await topic.createSubscription(eventarc, { pushConfig: { pushEndpoint: 'https://executesignal-abc-ew.a.run.app/' } });
    writeFileSync(target, JSON.stringify({ imageTag: 'v1', analytics: { shards: ['default', 'b'], memory: '1Gi', secretEnv: { CASCADE_SECRET_OPS_TOKEN: { secret: 'ops-token' } } }, secrets: ['binance-credentials'] }));
  });
  afterAll(async () => {
    await pubsub.close();
    await fake.close();
  });

  it('plans everything on an empty project, applies it, and a second apply writes nothing', async () => {
    const plan = await infra(['plan', '--project', projectId, '--region', 'europe-west1', '--target', target], env);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('+ create run-service cascade-streamer');
    expect(plan.stdout).toContain('+ create run-service cascade-analytics-b');
    expect(plan.stdout).toContain('+ create secret ops-token');
    expect(plan.stdout).toContain(`~ update dead-letter-policy ${eventarc}\n    deadLetterTopic: (none) → projects/${projectId}/topics/trading.signals.dlq`);
    expect(plan.stdout).toContain('Pub/Sub emulator: topic and subscription IAM are left out');
    expect(fake.writes()).toEqual([]); // plan reads only

    const first = await infra(['apply', '--project', projectId, '--region', 'europe-west1', '--target', target], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`subscription ${eventarc}: dead-letter policy → projects/${projectId}/topics/trading.signals.dlq after 5 attempts`);

    // Cloud Run: always on, CPU always allocated, its own service account, the image naming h11's Dockerfiles push to.
    const streamer = fake.services.get(`projects/${projectId}/locations/europe-west1/services/cascade-streamer`) as unknown as RunServiceJson;
    expect(streamer.labels).toEqual({ 'managed-by': 'cascade' });
    expect(streamer.template.scaling).toEqual({ minInstanceCount: 1, maxInstanceCount: 1 });
    expect(streamer.template.serviceAccount).toBe(`cascade-streamer@${projectId}.iam.gserviceaccount.com`);
    expect(streamer.template.containers[0].image).toBe(`europe-west1-docker.pkg.dev/${projectId}/cascade/streamer:v1`);
    expect(streamer.template.containers[0].resources.cpuIdle).toBe(false);
    const shardB = fake.services.get(`projects/${projectId}/locations/europe-west1/services/cascade-analytics-b`) as unknown as RunServiceJson;
    expect(shardB.template.containers[0].env).toContainEqual({ name: 'CASCADE_ANALYTICS_SHARD', value: 'b' });
    expect(shardB.template.containers[0].env).toContainEqual({ name: 'CASCADE_SECRET_OPS_TOKEN', valueSource: { secretKeyRef: { secret: 'ops-token', version: 'latest' } } });
    expect(shardB.template.containers[0].resources.limits).toEqual({ cpu: '1', memory: '1Gi' });
    // Secrets: created empty, labelled, never a value read or written.
    expect([...fake.secrets.keys()].sort()).toEqual(['CASCADE_API_KEY', 'SENDGRID_API_KEY', 'binance-credentials', 'ops-token'].map((s) => `projects/${projectId}/secrets/${s}`).sort());
    expect(fake.valueRequests).toEqual([]);
    // IAM: one account per deployable; Firestore at project level; each secret readable only by who needs it.
    expect([...fake.serviceAccounts.keys()].sort()).toEqual(['analytics', 'functions', 'streamer'].map((d) => `cascade-${d}@${projectId}.iam.gserviceaccount.com`));
    const projectPolicy = fake.policies.get(`projects/${projectId}`)!;
    expect(projectPolicy.bindings.find((b) => b.role === 'roles/datastore.user')?.members.sort()).toEqual(['analytics', 'functions', 'streamer'].map((d) => `serviceAccount:cascade-${d}@${projectId}.iam.gserviceaccount.com`));
    expect(fake.policies.get(`projects/${projectId}/secrets/ops-token`)!.bindings).toEqual([{ role: 'roles/secretmanager.secretAccessor', members: [`serviceAccount:cascade-analytics@${projectId}.iam.gserviceaccount.com`] }]);
    expect(fake.policies.get(`projects/${projectId}/secrets/binance-credentials`)!.bindings).toEqual([{ role: 'roles/secretmanager.secretAccessor', members: [`serviceAccount:cascade-functions@${projectId}.iam.gserviceaccount.com`] }]);
    // The functions run as cascade-functions (not the default compute account): Eventarc delivers to it, it
    // invokes the functions, writes reports to the default bucket only and signs their links as itself.
    const fnMember = `serviceAccount:cascade-functions@${projectId}.iam.gserviceaccount.com`;
    for (const role of ['roles/eventarc.eventReceiver', 'roles/run.invoker']) expect(projectPolicy.bindings.find((b) => b.role === role)?.members).toEqual([fnMember]);
    expect(fake.policies.get(`projects/_/buckets/${projectId}.firebasestorage.app`)!.bindings).toEqual([{ role: 'roles/storage.objectAdmin', members: [fnMember] }]);
    expect(fake.policies.get(`projects/${projectId}/serviceAccounts/cascade-functions@${projectId}.iam.gserviceaccount.com`)!.bindings).toEqual([{ role: 'roles/iam.serviceAccountTokenCreator', members: [fnMember] }]);
    // Alerts (issue 12 item 5): one log-match policy each for dead letters, breaker trips and stream loss,
    // rate-limited as the Monitoring API requires for log conditions.
    const alerts = [...fake.alertPolicies.values()] as { displayName: string; userLabels: Record<string, string>; conditions: { conditionMatchedLog: { filter: string } }[]; alertStrategy: { notificationRateLimit: { period: string } } }[];
    expect(alerts.map((a) => a.displayName).sort()).toEqual(['cascade-breaker-tripped', 'cascade-dead-letters', 'cascade-stream-lost']);
    expect(alerts.every((a) => a.userLabels['managed-by'] === 'cascade' && a.alertStrategy.notificationRateLimit.period === '300s')).toBe(true);
    expect(alerts.find((a) => a.displayName === 'cascade-dead-letters')?.conditions[0]?.conditionMatchedLog.filter).toBe('jsonPayload.message:"dead-lettered a "');

    const writes = fake.writes().length;
    const second = await infra(['apply', '--project', projectId, '--region', 'europe-west1', '--target', target], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes: the project matches the desired state.');
    expect(second.stdout).toContain('0 Eventarc subscription(s) given a dead-letter policy');
    expect(second.stdout).toContain('Applied: 0 change(s) besides Pub/Sub.');
    expect(fake.writes().length).toBe(writes);
    // The state plan reads can be saved and planned against offline: the same answer, no project needed.
    const saved = join(dir, 'state.json');
    const again = await infra(['plan', '--project', projectId, '--region', 'europe-west1', '--target', target, '--save-state', saved], env);
    expect(again.code).toBe(0);
    const offline = await infra(['plan', '--project', projectId, '--region', 'europe-west1', '--target', target, '--state', saved], { ...process.env, PUBSUB_EMULATOR_HOST: '', CASCADE_GCP_API_ENDPOINT: '' });
    expect(offline.stderr).toBe('');
    expect(offline.stdout).toBe('No changes: the project matches the desired state.\n');
    expect(offline.code).toBe(0);
    if (process.env.CASCADE_INFRA_RECORD) writeFileSync(process.env.CASCADE_INFRA_RECORD, readFileSync(saved));
  });

  it('a changed target plans an update field by field and a dropped shard as a delete; apply makes the plan empty', async () => {
    writeFileSync(target, JSON.stringify({ imageTag: 'v2', analytics: { shards: ['default'], memory: '1Gi', secretEnv: { CASCADE_SECRET_OPS_TOKEN: { secret: 'ops-token' } } }, secrets: ['binance-credentials'] }));
    const plan = await infra(['plan', '--project', projectId, '--target', target], env);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain(`~ update run-service cascade-streamer\n    image: europe-west1-docker.pkg.dev/${projectId}/cascade/streamer:v1 → europe-west1-docker.pkg.dev/${projectId}/cascade/streamer:v2`);
    expect(plan.stdout).toContain('- delete run-service cascade-analytics-b');
    expect(plan.stdout).toContain('Plan: 0 to create, 2 to update, 1 to delete.');
    const applied = await infra(['apply', '--project', projectId, '--target', target], env);
    expect(applied.code).toBe(0);
    expect(fake.services.has(`projects/${projectId}/locations/europe-west1/services/cascade-analytics-b`)).toBe(false);
    expect((await infra(['plan', '--project', projectId, '--target', target], env)).code).toBe(0);
  });

  it('refuses a demo- project outside the emulators and a bad target, saying what to do', async () => {
    const bare = { ...process.env, PUBSUB_EMULATOR_HOST: '', CASCADE_GCP_API_ENDPOINT: '' };
    const demo = await infra(['apply', '--project', 'demo-check'], bare);
    expect(demo.code).toBe(1);
    expect(demo.stderr).toContain('"demo-check" is a demo project id (emulator only)');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ streamer: { minInstances: 0 } }));
    const bad = await infra(['plan', '--project', 'p', '--target', join(dir, 'bad.json'), '--state', join(dir, 'bad.json')], bare);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('streamer.minInstances: the streamer must always run: minInstances ≥ 1');
  });
});
