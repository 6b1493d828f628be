import type { Change } from '../plan/diff.js';
import { type FieldValue, MANAGED_LABEL, managedLabelField } from '../plan/resources.js';
import type { CloudClients } from './clients.js';

/** The parts of a Cloud Monitoring v3 `AlertPolicy` (REST JSON) that we write and compare. */
export interface AlertPolicyJson {
  readonly name?: string;
  readonly displayName: string;
  readonly userLabels?: Record<string, string>;
  readonly combiner?: string;
  readonly conditions?: readonly { displayName?: string; conditionMatchedLog?: { filter?: string } }[];
  readonly alertStrategy?: { notificationRateLimit?: { period?: string }; autoClose?: string };
  readonly documentation?: { content?: string; mimeType?: string };
}

const secondsOf = (d: string | undefined): number | null => (d === undefined ? null : Number(d.replace(/s$/, '')));

export async function listAlertPolicies(cloud: CloudClients, project: string): Promise<AlertPolicyJson[]> {
  const out: AlertPolicyJson[] = [];
  let page = '';
  for (;;) {
    const r = (await cloud.monitoring('GET', `/v3/projects/${project}/alertPolicies?pageSize=100${page ? `&pageToken=${encodeURIComponent(page)}` : ''}`)) as { alertPolicies?: AlertPolicyJson[]; nextPageToken?: string };
    out.push(...(r.alertPolicies ?? []));
    if (!r.nextPageToken) return out;
    page = r.nextPageToken;
  }
}

/** A policy as flat fields (a log-match condition: its filter; the rate limit; auto-close; the runbook text). */
export function alertPolicyFields(a: AlertPolicyJson): Record<string, FieldValue> {
  const f: Record<string, FieldValue> = {
    filter: a.conditions?.[0]?.conditionMatchedLog?.filter ?? null,
    rateLimitSeconds: secondsOf(a.alertStrategy?.notificationRateLimit?.period),
    autoCloseSeconds: secondsOf(a.alertStrategy?.autoClose),
    documentation: a.documentation?.content ?? null,
  };
  for (const [k, v] of Object.entries(a.userLabels ?? {})) f[`label.${k}`] = v;
  if (!(managedLabelField in f)) f[managedLabelField] = null;
  return f;
}

export function toAlertPolicy(displayName: string, f: Readonly<Record<string, FieldValue>>): AlertPolicyJson {
  return {
    displayName,
    userLabels: { [MANAGED_LABEL]: String(f[managedLabelField]) },
    combiner: 'OR',
    conditions: [{ displayName: `${displayName}: log match`, conditionMatchedLog: { filter: String(f.filter) } }],
    alertStrategy: { notificationRateLimit: { period: `${Number(f.rateLimitSeconds)}s` }, autoClose: `${Number(f.autoCloseSeconds)}s` },
    documentation: { content: String(f.documentation), mimeType: 'text/markdown' },
  };
}

/** Create, replace (PATCH without a mask replaces the policy) or delete one policy, found by display name. */
export async function applyAlertPolicy(cloud: CloudClients, project: string, x: Change, log: (l: string) => void): Promise<void> {
  const name = x.resource.name;
  if (x.action === 'create') {
    await cloud.monitoring('POST', `/v3/projects/${project}/alertPolicies`, toAlertPolicy(name, x.resource.fields));
    log(`alert policy ${name} created`);
    return;
  }
  const existing = (await listAlertPolicies(cloud, project)).find((a) => a.displayName === name);
  if (!existing?.name) throw new Error(`alert policy ${name} is in the plan but not in the project any more: run plan again`);
  if (x.action === 'delete') {
    await cloud.monitoring('DELETE', `/v3/${existing.name}`);
    log(`alert policy ${name} deleted`);
  } else {
    await cloud.monitoring('PATCH', `/v3/${existing.name}`, { ...toAlertPolicy(name, x.resource.fields), name: existing.name });
    log(`alert policy ${name} updated`);
  }
}
