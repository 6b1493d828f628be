import { type Resource, ResourceKind, parseIamBindingName } from './resources.js';

/** What a run can see: everything, or only Pub/Sub (the emulator alone), with or without Pub/Sub IAM. */
export interface Scope {
  readonly cloud: boolean;
  readonly pubsubIam: boolean;
}

const pubsubKinds: readonly string[] = [ResourceKind.Topic, ResourceKind.Subscription, ResourceKind.DeadLetterPolicy];

/** Leave out what this run cannot read or write, so a plan never shows a change it could not make. */
export function inScope(scope: Scope): (r: Resource) => boolean {
  return (r) => {
    if (pubsubKinds.includes(r.kind)) return true;
    if (r.kind === ResourceKind.IamBinding && /\/(topics|subscriptions)\//.test(parseIamBindingName(r.name).resource)) return scope.pubsubIam;
    return scope.cloud;
  };
}
