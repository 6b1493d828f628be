import { PubSub } from '@google-cloud/pubsub';

/** One client per process; emulator host and project come from PUBSUB_EMULATOR_HOST / GOOGLE_CLOUD_PROJECT. */
export function pubsubClient(): PubSub {
  const projectId = process.env.GOOGLE_CLOUD_PROJECT ?? process.env.GCLOUD_PROJECT;
  return new PubSub(projectId ? { projectId } : {});
}
