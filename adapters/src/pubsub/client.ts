import { PubSub } from '@google-cloud/pubsub';

/**
 * One client per process. The project comes from the service's declared environment
 * (GOOGLE_CLOUD_PROJECT); the emulator host is the client library's own PUBSUB_EMULATOR_HOST.
 */
export function pubsubClient(projectId: string | undefined): PubSub {
  return new PubSub(projectId ? { projectId } : {});
}
