import type { Change } from '../plan/diff.js';
import { ResourceKind, parseIamBindingName } from '../plan/resources.js';
import type { CloudClients, GcpClients } from './clients.js';
import { toRunService } from './run-service.js';
import { applyAlertPolicy } from './alert-policy.js';

type Policy = { version?: number | null; bindings?: { role?: string | null; members?: string[] | null; condition?: unknown }[] | null; etag?: unknown };

/**
 * Execute the non-Pub/Sub part of a plan (Pub/Sub is provisionPubSub's, which main runs first). Order
 * matters: service accounts and secrets exist before a binding or a service names them; grants come
 * before the services that need them; removals of grants come last.
 */
export async function applyCloudChanges(c: GcpClients, project: string, region: string, changes: readonly Change[], log: (l: string) => void): Promise<void> {
  const of = (kind: string, action?: Change['action']) => changes.filter((x) => x.resource.kind === kind && (action === undefined || x.action === action));
  const cloud = c.cloud;
  if (cloud) {
    for (const x of of(ResourceKind.ServiceAccount, 'create')) {
      const accountId = x.resource.name.split('@')[0]!;
      await cloud.iam('POST', `/v1/projects/${project}/serviceAccounts`, { accountId, serviceAccount: { displayName: x.resource.fields.displayName } });
      log(`service account ${x.resource.name} created`);
    }
    for (const x of of(ResourceKind.Secret)) await applySecret(cloud, project, x, log);
  }
  const grants = of(ResourceKind.IamBinding, 'create');
  await applyBindings(c, grants, 'add', log);
  if (cloud) {
    const parent = `projects/${project}/locations/${region}`;
    for (const x of of(ResourceKind.RunService)) {
      const name = `${parent}/services/${x.resource.name}`;
      if (x.action === 'delete') {
        const [op] = await cloud.run.deleteService({ name });
        await op.promise();
        log(`Cloud Run service ${x.resource.name} deleted`);
        continue;
      }
      const service = toRunService(x.action === 'create' ? '' : name, x.resource.fields);
      const [op] = x.action === 'create' ? await cloud.run.createService({ parent, serviceId: x.resource.name, service }) : await cloud.run.updateService({ service });
      await op.promise();
      log(`Cloud Run service ${x.resource.name} ${x.action === 'create' ? 'created' : 'updated'}`);
    }
  }
  if (cloud) for (const x of of(ResourceKind.AlertPolicy)) await applyAlertPolicy(cloud, project, x, log);
  await applyBindings(c, of(ResourceKind.IamBinding, 'delete'), 'remove', log);
}

async function applySecret(cloud: CloudClients, project: string, x: Change, log: (l: string) => void): Promise<void> {
  const labels = Object.fromEntries(Object.entries(x.resource.fields).filter(([k]) => k.startsWith('label.')).map(([k, v]) => [k.slice(6), String(v)]));
  if (x.action === 'create') {
    // Created empty: a person adds the value (gcloud secrets versions add NAME --data-file=-); it is never read here.
    await cloud.secrets.createSecret({ parent: `projects/${project}`, secretId: x.resource.name, secret: { replication: { automatic: {} }, labels } });
    log(`secret ${x.resource.name} created (empty: add its value with gcloud secrets versions add ${x.resource.name} --data-file=-)`);
  } else if (x.action === 'update') {
    const name = `projects/${project}/secrets/${x.resource.name}`;
    const [cur] = await cloud.secrets.getSecret({ name });
    await cloud.secrets.updateSecret({ secret: { name, labels: { ...(cur.labels ?? {}), ...labels } }, updateMask: { paths: ['labels'] } });
    log(`secret ${x.resource.name} labelled`);
  }
}

/** Read-modify-write of each resource's IAM policy (with its etag), one write per resource. */
async function applyBindings(c: GcpClients, changes: readonly Change[], how: 'add' | 'remove', log: (l: string) => void): Promise<void> {
  const byResource = new Map<string, { role: string; member: string }[]>();
  for (const x of changes) {
    const b = parseIamBindingName(x.resource.name);
    byResource.set(b.resource, [...(byResource.get(b.resource) ?? []), b]);
  }
  for (const [resource, wanted] of byResource) {
    const io = policyIo(c, resource);
    if (!io) {
      log(`IAM on ${resource}: skipped (${c.pubsubEmulator ? 'the Pub/Sub emulator has no IAM' : 'no client for this resource'})`);
      continue;
    }
    const policy = await io.get();
    // Every other binding is kept as it is, conditions included; ours are unconditional.
    const bindings = (policy.bindings ?? []).map((b) => ({ ...b, members: [...(b.members ?? [])] }));
    for (const w of wanted) {
      let b = bindings.find((x) => x.role === w.role && !x.condition);
      if (!b) bindings.push((b = { role: w.role, members: [] }));
      if (how === 'add' && !b.members.includes(w.member)) b.members.push(w.member);
      if (how === 'remove') b.members = b.members.filter((m) => m !== w.member);
    }
    await io.set({ ...policy, bindings: bindings.filter((b) => b.members.length > 0) });
    for (const w of wanted) log(`IAM ${resource}: ${how === 'add' ? 'granted' : 'revoked'} ${w.role} ${how === 'add' ? 'to' : 'from'} ${w.member}`);
  }
}

function policyIo(c: GcpClients, resource: string): { get(): Promise<Policy>; set(p: Policy): Promise<unknown> } | null {
  const cloud = c.cloud;
  if (/^projects\/[^/]+$/.test(resource)) {
    if (!cloud) return null;
    return { get: async () => (await cloud.projects.getIamPolicy({ resource, options: { requestedPolicyVersion: 3 } }))[0] as Policy, set: (p) => cloud.projects.setIamPolicy({ resource, policy: p as never }) };
  }
  if (/\/secrets\//.test(resource)) {
    if (!cloud) return null;
    return { get: async () => (await cloud.secrets.getIamPolicy({ resource, options: { requestedPolicyVersion: 3 } }))[0] as Policy, set: (p) => cloud.secrets.setIamPolicy({ resource, policy: p as never }) };
  }
  const sa = /^projects\/([^/]+)\/serviceAccounts\/([^/]+)$/.exec(resource);
  if (sa) {
    if (!cloud) return null;
    return {
      get: async () => (await cloud.iam('POST', `/v1/${resource}:getIamPolicy`, { options: { requestedPolicyVersion: 3 } })) as Policy,
      set: (p) => cloud.iam('POST', `/v1/${resource}:setIamPolicy`, { policy: p }),
    };
  }
  const bucket = /^projects\/_\/buckets\/([^/]+)$/.exec(resource);
  if (bucket) {
    if (!cloud) return null;
    // The JSON API takes and returns the policy itself (no `{policy}` wrapper), etag included.
    const path = `/storage/v1/b/${encodeURIComponent(bucket[1]!)}/iam`;
    return { get: async () => (await cloud.storage('GET', `${path}?optionsRequestedPolicyVersion=3`)) as Policy, set: (p) => cloud.storage('PUT', path, p) };
  }
  const m = /^projects\/[^/]+\/(topics|subscriptions)\/([^/]+)$/.exec(resource);
  if (!m || c.pubsubEmulator) return null;
  const iam = m[1] === 'topics' ? c.pubsub.topic(m[2]!).iam : c.pubsub.subscription(m[2]!).iam;
  return { get: async () => (await iam.getPolicy())[0] as Policy, set: (p) => iam.setPolicy(p as never) };
}
