import { PubSub } from '@google-cloud/pubsub';
import { ServicesClient } from '@google-cloud/run';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { ProjectsClient } from '@google-cloud/resource-manager';
import { type AuthClient, GoogleAuth, PassThroughClient } from 'google-auth-library';

/** The real clients `plan` and `apply` use; one set per run. */
export interface GcpClients {
  readonly pubsub: PubSub;
  /** Null when only the Pub/Sub emulator is there (no Cloud Run, Secret Manager or IAM to talk to). */
  readonly cloud: CloudClients | null;
  /** True on the Pub/Sub emulator, which has no IAM: topic and subscription bindings are skipped. */
  readonly pubsubEmulator: boolean;
  close(): Promise<void>;
}

export interface CloudClients {
  readonly run: ServicesClient;
  readonly secrets: SecretManagerServiceClient;
  readonly projects: ProjectsClient;
  /** IAM v1 service accounts over REST (no maintained small client exists for them). */
  iam(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown>;
  /** Cloud Monitoring v3 alert policies over REST, on the same authenticated client. */
  monitoring(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<unknown>;
  /** Cloud Storage JSON API v1, for a bucket's IAM policy only (`/storage/v1/b/{bucket}/iam`). */
  storage(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<unknown>;
}

/**
 * Every Google client in REST mode (`fallback: true`): the same transport in production and in the
 * tests against test/fakes/gcp. `CASCADE_GCP_API_ENDPOINT=http://host:port` (tests and local runs
 * only) points all of them at one such server, without credentials, as PUBSUB_EMULATOR_HOST does
 * for Pub/Sub.
 */
export function gcpClients(project: string, env: Readonly<Record<string, string | undefined>>): GcpClients {
  const pubsub = new PubSub({ projectId: project });
  const pubsubEmulator = Boolean(env.PUBSUB_EMULATOR_HOST);
  const fake = env.CASCADE_GCP_API_ENDPOINT;
  if (pubsubEmulator && !fake) return { pubsub, cloud: null, pubsubEmulator, close: () => pubsub.close() };
  let auth: AuthClient | GoogleAuth;
  let opts: NonNullable<ConstructorParameters<typeof ServicesClient>[0]>;
  let iamBase = 'https://iam.googleapis.com';
  let monitoringBase = 'https://monitoring.googleapis.com';
  let storageBase = 'https://storage.googleapis.com';
  if (fake) {
    const url = new URL(fake);
    auth = new PassThroughClient();
    // gax's fallback (REST) transport takes `protocol: 'http'` for a local server.
    opts = { fallback: true, apiEndpoint: url.hostname, port: Number(url.port), protocol: url.protocol.replace(':', ''), authClient: auth as PassThroughClient, projectId: project } as unknown as typeof opts;
    iamBase = url.origin;
    monitoringBase = url.origin;
    storageBase = url.origin;
  } else {
    auth = new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
    opts = { fallback: true, projectId: project };
  }
  const run = new ServicesClient(opts);
  const secrets = new SecretManagerServiceClient(opts);
  const projects = new ProjectsClient(opts);
  const rest = (base: string) => async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const client = auth instanceof GoogleAuth ? await auth.getClient() : auth;
    const res = await client.fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return res.data;
  };
  const iam = rest(iamBase);
  const monitoring = rest(monitoringBase);
  const storage = rest(storageBase);
  return {
    pubsub,
    pubsubEmulator,
    cloud: { run, secrets, projects, iam, monitoring, storage },
    close: async () => {
      await Promise.all([pubsub.close(), run.close(), secrets.close(), projects.close()]);
    },
  };
}
