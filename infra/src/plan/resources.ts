import { z } from 'zod';
import type { ValueOf } from '@cascade/core';

/**
 * One model for what we want and what there is: every resource is a kind, a name unique within its
 * kind, and flat fields (`image`, `env.CASCADE_WARMUP`, `label.managed-by`, …). Flat fields make the
 * diff one comparison per field and let a state snapshot be written by hand for a test.
 */
export const ResourceKind = {
  Topic: 'topic',
  Subscription: 'subscription',
  /** The dead-letter policy of an Eventarc subscription `firebase deploy` made (we own the policy, not the subscription). */
  DeadLetterPolicy: 'dead-letter-policy',
  ServiceAccount: 'service-account',
  Secret: 'secret',
  RunService: 'run-service',
  /** One role for one member on one resource (`projects/P`, `projects/P/secrets/S`, `projects/P/topics/T`, …). */
  IamBinding: 'iam-binding',
  /** A Cloud Monitoring alert policy on a log match (dead letters, breaker trips, stream loss), by display name. */
  AlertPolicy: 'alert-policy',
} as const;
export type ResourceKind = ValueOf<typeof ResourceKind>;

export const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type FieldValue = z.infer<typeof FieldValue>;

export const Resource = z.object({
  kind: z.enum(Object.values(ResourceKind) as [ResourceKind, ...ResourceKind[]]),
  name: z.string().min(1),
  fields: z.record(z.string(), FieldValue).default({}),
});
export type Resource = z.infer<typeof Resource>;

/** The label every resource we create carries; only resources with it are ever deleted. */
export const MANAGED_LABEL = 'managed-by';
export const MANAGED_VALUE = 'cascade';
export const managedLabelField = `label.${MANAGED_LABEL}`;

/**
 * A recorded state of a project (`--state FILE`): what `plan` compares against offline. The live
 * reader produces the same shape, so `plan --project P --dump-state` output is a valid snapshot.
 */
export const StateSnapshot = z.object({
  project: z.string().min(1),
  /** Needed for the Pub/Sub service agent (`service-<number>@gcp-sa-pubsub…`); unknown → those bindings are left out. */
  projectNumber: z.string().regex(/^\d+$/).nullable().default(null),
  region: z.string().min(1),
  /**
   * What the reader could see: `pubsubIam: false` when read from the Pub/Sub emulator (no IAM),
   * `cloud: false` when only the emulator was there. Left-out parts are not compared.
   */
  scope: z.object({ cloud: z.boolean(), pubsubIam: z.boolean() }).strict().default({ cloud: true, pubsubIam: true }),
  resources: z.array(Resource),
});
export type StateSnapshot = z.infer<typeof StateSnapshot>;

export function resourceKey(r: Pick<Resource, 'kind' | 'name'>): string {
  return `${r.kind} ${r.name}`;
}

export function iamBindingName(resource: string, role: string, member: string): string {
  return `${resource} ${role} ${member}`;
}

export function parseIamBindingName(name: string): { resource: string; role: string; member: string } {
  const [resource, role, member] = name.split(' ');
  if (!resource || !role || !member) throw new Error(`not an IAM binding name: "${name}" (expected "<resource> <role> <member>")`);
  return { resource, role, member };
}
