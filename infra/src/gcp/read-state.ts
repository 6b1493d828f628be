import { EVENTARC_SUBSCRIPTION } from '../pubsub/eventarc-dead-letters.js';
import { type FieldValue, type Resource, ResourceKind, type StateSnapshot, iamBindingName, managedLabelField } from '../plan/resources.js';
import type { GcpClients } from './clients.js';
import { fromRunService } from './run-service.js';
import { alertPolicyFields, listAlertPolicies } from './alert-policy.js';

const short = (name: string): string => name.split('/').at(-1) ?? name;
const seconds = (d: { seconds?: unknown } | null | undefined): number | null => (d?.seconds === undefined || d.seconds === null ? null : Number(d.seconds));

/**
 * Read what exists now, through the real clients, as a snapshot. Read-only: nothing here writes, and
 * secrets are listed (name, labels) without ever accessing a version. `iamResources` are the resources
 * whose IAM policies matter (those the desired state binds roles on).
 */
export async function readLiveState(c: GcpClients, project: string, region: string, iamResources: readonly string[]): Promise<StateSnapshot> {
  const resources: Resource[] = [];
  const add = (kind: Resource['kind'], name: string, fields: Record<string, FieldValue> = {}) => void resources.push({ kind, name, fields });
  const [topics] = await c.pubsub.getTopics();
  for (const t of topics) add(ResourceKind.Topic, short(t.name));
  const [subs] = await c.pubsub.getSubscriptions();
  for (const s of subs) {
    const [m] = await s.getMetadata();
    const name = short(s.name);
    const topic = short(String(m.topic ?? ''));
    const dl = m.deadLetterPolicy?.deadLetterTopic ? { deadLetterTopic: m.deadLetterPolicy.deadLetterTopic, maxDeliveryAttempts: m.deadLetterPolicy.maxDeliveryAttempts ?? null } : { deadLetterTopic: null, maxDeliveryAttempts: null };
    if (EVENTARC_SUBSCRIPTION.test(name)) {
      add(ResourceKind.Subscription, name, { topic });
      add(ResourceKind.DeadLetterPolicy, name, { topic, ...dl });
      continue;
    }
    add(ResourceKind.Subscription, name, {
      topic,
      ackDeadlineSeconds: m.ackDeadlineSeconds ?? null,
      enableMessageOrdering: m.enableMessageOrdering ?? false,
      minBackoffSeconds: seconds(m.retryPolicy?.minimumBackoff),
      maxBackoffSeconds: seconds(m.retryPolicy?.maximumBackoff),
      messageRetentionSeconds: seconds(m.messageRetentionDuration),
      ...dl,
    });
  }
  // Conditional bindings are someone else's (ours are unconditional): not compared, never changed.
  const bindings = (resource: string, policy: { bindings?: { role?: string | null; members?: string[] | null; condition?: unknown }[] | null }) => {
    for (const b of policy.bindings ?? []) for (const m of b.members ?? []) if (b.role && !b.condition) add(ResourceKind.IamBinding, iamBindingName(resource, b.role, m));
  };
  if (!c.pubsubEmulator) {
    for (const r of iamResources) {
      const m = /^projects\/[^/]+\/(topics|subscriptions)\/([^/]+)$/.exec(r);
      if (!m) continue;
      const iam = m[1] === 'topics' ? c.pubsub.topic(m[2]!).iam : c.pubsub.subscription(m[2]!).iam;
      const [policy] = await iam.getPolicy().catch((e: { code?: number }) => (e.code === 5 ? [{}] : Promise.reject(e)));
      bindings(r, policy as never);
    }
  }
  let projectNumber: string | null = null;
  if (c.cloud) {
    const cloud = c.cloud;
    const [proj] = await cloud.projects.getProject({ name: `projects/${project}` });
    projectNumber = /^projects\/(\d+)$/.exec(proj.name ?? '')?.[1] ?? null;
    const list = (await cloud.iam('GET', `/v1/projects/${project}/serviceAccounts?pageSize=100`)) as { accounts?: { email: string; displayName?: string }[] };
    for (const a of list.accounts ?? []) add(ResourceKind.ServiceAccount, a.email, { displayName: a.displayName ?? '' });
    const [secrets] = await cloud.secrets.listSecrets({ parent: `projects/${project}` }, { autoPaginate: true });
    for (const s of secrets) {
      const f: Record<string, FieldValue> = { replication: s.replication?.automatic ? 'automatic' : 'user-managed' };
      for (const [k, v] of Object.entries(s.labels ?? {})) f[`label.${k}`] = v;
      if (!(managedLabelField in f)) f[managedLabelField] = null;
      add(ResourceKind.Secret, short(s.name ?? ''), f);
    }
    for (const a of await listAlertPolicies(cloud, project)) add(ResourceKind.AlertPolicy, a.displayName, alertPolicyFields(a));
    const [services] = await cloud.run.listServices({ parent: `projects/${project}/locations/${region}` }, { autoPaginate: true });
    for (const s of services) add(ResourceKind.RunService, short(s.name ?? ''), fromRunService(s));
    const [projectPolicy] = await cloud.projects.getIamPolicy({ resource: `projects/${project}`, options: { requestedPolicyVersion: 3 } });
    bindings(`projects/${project}`, projectPolicy);
    const existing = new Set(secrets.map((s) => short(s.name ?? '')));
    for (const r of iamResources) {
      const m = /^projects\/[^/]+\/secrets\/([^/]+)$/.exec(r);
      if (!m || !existing.has(m[1]!)) continue;
      const [policy] = await cloud.secrets.getIamPolicy({ resource: r, options: { requestedPolicyVersion: 3 } });
      bindings(r, policy);
    }
    const accounts = new Set((list.accounts ?? []).map((a) => a.email));
    for (const r of iamResources) {
      const sa = /^projects\/[^/]+\/serviceAccounts\/([^/]+)$/.exec(r);
      if (sa && accounts.has(sa[1]!)) bindings(r, (await cloud.iam('POST', `/v1/${r}:getIamPolicy`, { options: { requestedPolicyVersion: 3 } })) as never);
      const bucket = /^projects\/_\/buckets\/([^/]+)$/.exec(r);
      if (bucket) {
        const policy = await cloud.storage('GET', `/storage/v1/b/${encodeURIComponent(bucket[1]!)}/iam?optionsRequestedPolicyVersion=3`).catch((e: { status?: number; response?: { status?: number } }) => {
          if ((e.status ?? e.response?.status) === 404) throw new Error(`the reports bucket ${bucket[1]} does not exist: enable Storage in the Firebase console, or name the bucket with "reportsBucket" in --target (older projects: <project>.appspot.com)`);
          throw e;
        });
        bindings(r, policy as never);
      }
    }
  }
  return { project, projectNumber, region, scope: { cloud: c.cloud !== null, pubsubIam: !c.pubsubEmulator }, resources };
}
