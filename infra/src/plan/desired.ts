import { type Topic, Topic as T, allTopics, deadLetterTopicOf } from '@cascade/core';
import { EVENTARC_SUBSCRIPTION } from '../pubsub/eventarc-dead-letters.js';
import { EVENTARC_MAX_DELIVERY_ATTEMPTS } from '../pubsub/provision.js';
import { deadLetterHoldSubscription, subscriptions } from '../pubsub/subscriptions.js';
import { type FieldValue, MANAGED_VALUE, type Resource, ResourceKind, iamBindingName, managedLabelField } from './resources.js';
import type { Target } from './target.js';

/** The deployables, each with its own service account. */
export const Deployable = { Functions: 'functions', Streamer: 'streamer', Analytics: 'analytics' } as const;
export type Deployable = (typeof Deployable)[keyof typeof Deployable];

export const serviceAccountId = (d: Deployable): string => `cascade-${d}`;
export const serviceAccountEmail = (project: string, d: Deployable): string => `${serviceAccountId(d)}@${project}.iam.gserviceaccount.com`;
export const STREAMER_SERVICE = 'cascade-streamer';
/** Shard `default` keeps the plain name; other shards get `cascade-analytics-<shard>`. */
export const analyticsServiceName = (shard: string): string => (shard === 'default' ? 'cascade-analytics' : `cascade-analytics-${shard}`);
/** The project's default Firebase Storage bucket (since October 2024; older projects: `<project>.appspot.com`, set `reportsBucket`). */
export const defaultReportsBucket = (project: string): string => `${project}.firebasestorage.app`;
/** IAM resource names of a bucket and of a service account (the account as a resource others act on). */
export const bucketResource = (bucket: string): string => `projects/_/buckets/${bucket}`;
export const serviceAccountResource = (project: string, email: string): string => `projects/${project}/serviceAccounts/${email}`;
/** Secrets the functions declare with `defineSecret` (functions/src/runtime/params.ts). */
export const FUNCTION_SECRETS = ['SENDGRID_API_KEY', 'CASCADE_API_KEY'] as const;

export interface DesiredInput {
  readonly project: string;
  /** Null when unknown (offline snapshot without it): the Pub/Sub service agent's bindings are left out. */
  readonly projectNumber: string | null;
  readonly region: string;
  readonly target: Target;
  /** Subscriptions that exist now (name → topic): Eventarc's get a dead-letter policy. */
  readonly existingSubscriptions: readonly { name: string; topic: string }[];
}

/**
 * Everything the system needs in a project, as data. Pure: the same input always gives the same list,
 * so `plan` is testable on recorded states and `apply` only executes the difference.
 */
export function desiredState(input: DesiredInput): Resource[] {
  const { project } = input;
  const out: Resource[] = [];
  const add = (kind: Resource['kind'], name: string, fields: Record<string, FieldValue> = {}): void => void out.push({ kind, name, fields });
  const topicPath = (t: string): string => `projects/${project}/topics/${t}`;
  const subPath = (s: string): string => `projects/${project}/subscriptions/${s}`;

  // Pub/Sub: the same set provisionPubSub creates with target 'gcp' (push subscriptions are Eventarc's).
  for (const t of allTopics) add(ResourceKind.Topic, t);
  for (const t of allTopics) add(ResourceKind.Topic, deadLetterTopicOf(t));
  for (const t of allTopics) add(ResourceKind.Subscription, deadLetterHoldSubscription(t), { topic: deadLetterTopicOf(t), ackDeadlineSeconds: 60, messageRetentionSeconds: 7 * 24 * 3600, deadLetterTopic: null });
  const pulls = subscriptions.filter((s) => s.delivery === 'pull');
  for (const s of pulls) {
    add(ResourceKind.Subscription, s.name, {
      topic: s.topic,
      ackDeadlineSeconds: s.ackDeadlineSeconds,
      enableMessageOrdering: s.ordering,
      minBackoffSeconds: s.retry.minBackoffSeconds,
      maxBackoffSeconds: s.retry.maxBackoffSeconds,
      deadLetterTopic: s.maxDeliveryAttempts === null ? null : topicPath(deadLetterTopicOf(s.topic as Topic)),
      maxDeliveryAttempts: s.maxDeliveryAttempts,
    });
  }
  const eventarc = input.existingSubscriptions.filter((s) => EVENTARC_SUBSCRIPTION.test(s.name) && (allTopics as readonly string[]).includes(s.topic));
  for (const s of eventarc) add(ResourceKind.DeadLetterPolicy, s.name, { topic: s.topic, deadLetterTopic: topicPath(deadLetterTopicOf(s.topic as Topic)), maxDeliveryAttempts: EVENTARC_MAX_DELIVERY_ATTEMPTS });

  // Service accounts: one per deployable, so a leaked token of one cannot act as another.
  const sa = (d: Deployable) => serviceAccountEmail(project, d);
  for (const d of Object.values(Deployable)) add(ResourceKind.ServiceAccount, sa(d), { displayName: `Cascade ${d}` });

  // Secrets: created empty (no version) when missing; values are set by a person, never by this code.
  const secrets = [...FUNCTION_SECRETS, ...input.target.secrets];
  const serviceSecrets = [...Object.values(input.target.streamer.secretEnv), ...Object.values(input.target.analytics.secretEnv)].map((s) => s.secret);
  for (const s of new Set([...secrets, ...serviceSecrets])) add(ResourceKind.Secret, s, { [managedLabelField]: MANAGED_VALUE, replication: 'automatic' });

  // Cloud Run services.
  const image = (svc: 'streamer' | 'analytics', override: string | undefined) => override ?? `${input.region}-docker.pkg.dev/${project}/cascade/${svc}:${input.target.imageTag}`;
  const common = { GOOGLE_CLOUD_PROJECT: project };
  const st = input.target.streamer;
  add(ResourceKind.RunService, STREAMER_SERVICE, runFields({ image: image('streamer', st.image), minInstances: st.minInstances, maxInstances: st.maxInstances, cpu: st.cpu, memory: st.memory, serviceAccount: sa(Deployable.Streamer), args: st.args, env: { ...common, ...st.env }, secretEnv: st.secretEnv }));
  const an = input.target.analytics;
  for (const shard of an.shards) {
    add(ResourceKind.RunService, analyticsServiceName(shard), runFields({ image: image('analytics', an.image), minInstances: 1, maxInstances: 1, cpu: an.cpu, memory: an.memory, serviceAccount: sa(Deployable.Analytics), args: [], env: { ...common, CASCADE_ANALYTICS_SHARD: shard, ...an.env }, secretEnv: an.secretEnv }));
  }

  // Alerts an operator sees in Cloud Monitoring (issue 12 item 5), on the structured log lines the
  // services and functions write: one incident per match, at most one notification per 5 minutes.
  for (const a of ALERT_POLICIES) add(ResourceKind.AlertPolicy, a.name, { [managedLabelField]: MANAGED_VALUE, filter: a.filter, rateLimitSeconds: 300, autoCloseSeconds: 86_400, documentation: a.documentation });

  // IAM, least privilege: each role on the narrowest resource that works (see infra/README roles table).
  const bind = (resource: string, role: string, member: string) => add(ResourceKind.IamBinding, iamBindingName(resource, role, member));
  const member = (d: Deployable) => `serviceAccount:${sa(d)}`;
  const projectRes = `projects/${project}`;
  for (const d of Object.values(Deployable)) bind(projectRes, 'roles/datastore.user', member(d)); // Firestore reads/writes (no project-wide alternative narrower than the database)
  bind(projectRes, 'roles/logging.logWriter', member(Deployable.Streamer));
  bind(projectRes, 'roles/logging.logWriter', member(Deployable.Analytics));
  bind(projectRes, 'roles/logging.logWriter', member(Deployable.Functions));
  for (const t of publishes.streamer) bind(topicPath(t), 'roles/pubsub.publisher', member(Deployable.Streamer));
  for (const t of publishes.analytics) bind(topicPath(t), 'roles/pubsub.publisher', member(Deployable.Analytics));
  for (const t of publishes.functions) bind(topicPath(t), 'roles/pubsub.publisher', member(Deployable.Functions));
  for (const s of pulls) bind(subPath(s.name), 'roles/pubsub.subscriber', member(Deployable.Analytics));
  for (const s of secrets) bind(`projects/${project}/secrets/${s}`, 'roles/secretmanager.secretAccessor', member(Deployable.Functions));
  for (const s of new Set(Object.values(st.secretEnv).map((x) => x.secret))) bind(`projects/${project}/secrets/${s}`, 'roles/secretmanager.secretAccessor', member(Deployable.Streamer));
  for (const s of new Set(Object.values(an.secretEnv).map((x) => x.secret))) bind(`projects/${project}/secrets/${s}`, 'roles/secretmanager.secretAccessor', member(Deployable.Analytics));
  // The functions run as cascade-functions (functions/src/runtime/service-account.ts), not the default
  // compute account, so `firebase deploy` no longer grants what their triggers need: Eventarc delivers
  // Pub/Sub events to it and its push subscriptions, like Cloud Scheduler, call the functions as it.
  // Project-wide because the functions' Cloud Run services are created by `firebase deploy`, after this.
  bind(projectRes, 'roles/eventarc.eventReceiver', member(Deployable.Functions));
  bind(projectRes, 'roles/run.invoker', member(Deployable.Functions));
  // Reports: written to the default bucket only, and linked with V4 signed URLs, which a keyless
  // account signs through the IAM Credentials signBlob call as itself.
  bind(bucketResource(input.target.reportsBucket ?? defaultReportsBucket(project)), 'roles/storage.objectAdmin', member(Deployable.Functions));
  bind(serviceAccountResource(project, sa(Deployable.Functions)), 'roles/iam.serviceAccountTokenCreator', member(Deployable.Functions));
  if (input.projectNumber !== null) {
    // Pub/Sub forwards dead letters as its service agent: it must publish to each dead-letter topic and
    // subscribe (ack the forwarded message) on each subscription with a dead-letter policy.
    const agent = `serviceAccount:service-${input.projectNumber}@gcp-sa-pubsub.iam.gserviceaccount.com`;
    for (const t of allTopics) bind(topicPath(deadLetterTopicOf(t)), 'roles/pubsub.publisher', agent);
    for (const s of pulls) if (s.maxDeliveryAttempts !== null) bind(subPath(s.name), 'roles/pubsub.subscriber', agent);
    for (const s of eventarc) bind(subPath(s.name), 'roles/pubsub.subscriber', agent);
  }
  return out;
}

/**
 * Log-match alert policies. The filters match what the code logs: `consume()` and analytics log
 * "dead-lettered a <topic> message: <reason>"; notify logs "[Cascade] CRITICAL in
 * risk.circuit_breaker_triggered"; the streamer logs "streamer: ALERT …" when a data connection is lost.
 */
export const ALERT_POLICIES = [
  {
    name: 'cascade-dead-letters',
    filter: 'jsonPayload.message:"dead-lettered a "',
    documentation: 'A message was dead-lettered: read it with `npm run cli -- dlq list --topic T`, fix the cause, then `dlq replay`.',
  },
  {
    name: 'cascade-breaker-tripped',
    filter: 'jsonPayload.message:"risk.circuit_breaker_triggered"',
    documentation: 'The daily drawdown circuit breaker tripped: every position was closed and entries stop until midnight UTC.',
  },
  {
    name: 'cascade-stream-lost',
    filter: 'resource.labels.service_name="cascade-streamer" AND jsonPayload.message:"streamer: ALERT"',
    documentation: 'The streamer lost a venue data connection: analytics sees no trades for the symbols it names.',
  },
] as const;

/** Topics each deployable publishes to (grep of `Topic.` in its sources), plus the dead-letter topics of what it consumes. */
const publishes = {
  streamer: [T.MarketTrades, T.TradingEvents],
  analytics: [T.AnalyticsSetups, T.ExitsRequested, T.TradingEvents, deadLetterTopicOf(T.MarketTrades), deadLetterTopicOf(T.TradingEvents)],
  functions: [T.AnalyticsSetups, T.TradingSignals, T.ExitsRequested, T.TradingEvents, ...[T.AnalyticsSetups, T.TradingSignals, T.ExitsRequested, T.TradingEvents].map(deadLetterTopicOf)],
} as const;

interface RunSpec {
  image: string;
  minInstances: number;
  maxInstances: number;
  cpu: string;
  memory: string;
  serviceAccount: string;
  args: readonly string[];
  env: Readonly<Record<string, string>>;
  secretEnv: Readonly<Record<string, { secret: string; version: string }>>;
}

/** A Cloud Run service as flat fields; `cpuIdle: false` is "CPU always allocated" (no throttling between requests). */
export function runFields(s: RunSpec): Record<string, FieldValue> {
  const f: Record<string, FieldValue> = {
    [managedLabelField]: MANAGED_VALUE,
    image: s.image,
    minInstances: s.minInstances,
    maxInstances: s.maxInstances,
    cpu: s.cpu,
    memory: s.memory,
    cpuIdle: false,
    serviceAccount: s.serviceAccount,
    args: JSON.stringify(s.args),
    // Nothing calls the services: /status is read through `gcloud run services proxy`, never from the internet.
    ingress: 'INGRESS_TRAFFIC_INTERNAL_ONLY',
  };
  for (const [k, v] of Object.entries(s.env)) f[`env.${k}`] = v;
  for (const [k, v] of Object.entries(s.secretEnv)) f[`secretEnv.${k}`] = `${v.secret}:${v.version}`;
  return f;
}
