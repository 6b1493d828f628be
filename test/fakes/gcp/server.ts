/**
 * TEST SUPPORT ONLY: one local HTTP server standing in for the Google Cloud control-plane REST APIs
 * `npm run infra -- apply` calls, driven through the real clients in REST mode (`fallback: true`,
 * `protocol: 'http'`, see infra/src/gcp/clients.ts). Each `startFakeGcp()` has its own state.
 *
 * What it follows (JSON bodies in the REST mapping of each proto, errors as `{error: {code, message, status}}`):
 * - Cloud Run Admin API v2, projects.locations.services: `GET|POST /v2/projects/{p}/locations/{l}/services`
 *   (`?serviceId=`), `GET|PATCH|DELETE …/services/{s}`, each write answered with a long-running
 *   operation (`google.longrunning.Operation`, done, `response` a `google.cloud.run.v2.Service` Any),
 *   and `GET /v2/projects/{p}/locations/{l}/operations/{id}`.
 * - Secret Manager API v1, projects.secrets: `GET|POST /v1/projects/{p}/secrets` (`?secretId=`),
 *   `GET|PATCH …/secrets/{s}` (`?updateMask=labels`), `GET …/secrets/{s}:getIamPolicy`, `POST …:setIamPolicy`.
 *   Anything under `/versions` (values) is refused with 403 and recorded in `valueRequests`: infra
 *   must never read or write a secret's value.
 * - Cloud Resource Manager API v3: `GET /v3/projects/{p}`, `POST /v3/projects/{p}:getIamPolicy|:setIamPolicy`.
 * - IAM API v1, projects.serviceAccounts: `GET|POST /v1/projects/{p}/serviceAccounts`,
 *   `POST …/serviceAccounts/{email}:getIamPolicy|:setIamPolicy` (404 for an account that does not exist).
 * - Cloud Storage JSON API v1, a bucket's IAM: `GET|PUT /storage/v1/b/{bucket}/iam` (the policy itself as
 *   the body, `kind: storage#policy`); buckets named `*.firebasestorage.app` or `*.appspot.com` exist, any
 *   other is 404, as a project without that bucket answers.
 * - Cloud Monitoring API v3, projects.alertPolicies: `GET|POST /v3/projects/{p}/alertPolicies`,
 *   `PATCH|DELETE /v3/projects/{p}/alertPolicies/{id}` (the server names a policy; a log-match
 *   condition needs `alertStrategy.notificationRateLimit`, as the API requires).
 * IAM policies carry an etag; a `setIamPolicy` with a stale etag is refused (409 ABORTED), as GCP does.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, unknown>;
type Policy = {
  version: number;
  bindings: { role: string; members: string[] }[];
  etag: string;
};

export interface FakeGcpRequest {
  readonly method: string;
  readonly path: string;
}

export interface FakeGcp {
  /** `http://127.0.0.1:<port>`: the value of CASCADE_GCP_API_ENDPOINT. */
  readonly url: string;
  readonly projectNumber: string;
  readonly services: Map<string, Json>;
  readonly secrets: Map<string, Json>;
  readonly serviceAccounts: Map<string, Json>;
  readonly policies: Map<string, Policy>;
  /** Alert policies by server-assigned name (`projects/{p}/alertPolicies/{id}`). */
  readonly alertPolicies: Map<string, Json>;
  /** Every request, in order. */
  readonly requests: FakeGcpRequest[];
  /** Writes (POST/PATCH/DELETE, IAM reads excluded) — an idempotent apply adds none. */
  writes(): FakeGcpRequest[];
  /** Requests that touched secret versions (values): must stay empty. */
  readonly valueRequests: FakeGcpRequest[];
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly status: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeGcp(opts: { projectNumber?: string } = {}): Promise<FakeGcp> {
  const projectNumber = opts.projectNumber ?? '123456789012';
  const services = new Map<string, Json>();
  const secrets = new Map<string, Json>();
  const serviceAccounts = new Map<string, Json>();
  const policies = new Map<string, Policy>();
  const alertPolicies = new Map<string, Json>();
  const operations = new Map<string, Json>();
  const requests: FakeGcpRequest[] = [];
  const valueRequests: FakeGcpRequest[] = [];
  let seq = 0;

  const policyOf = (resource: string): Policy => policies.get(resource) ?? { version: 1, bindings: [], etag: 'BwAAAA==' };
  const setPolicy = (resource: string, body: Json): Policy => {
    const p = body.policy as Partial<Policy> | undefined;
    if (!p) throw new HttpError(400, 'INVALID_ARGUMENT', 'policy is required');
    const cur = policyOf(resource);
    if (p.etag !== undefined && p.etag !== cur.etag) throw new HttpError(409, 'ABORTED', 'There were concurrent policy changes (etag mismatch)');
    const next = { version: p.version ?? 1, bindings: (p.bindings ?? []).map((b) => ({ role: b.role, members: [...b.members] })), etag: Buffer.from(`etag-${++seq}`).toString('base64') };
    policies.set(resource, next);
    return next;
  };
  const operation = (parent: string, service: Json): Json => {
    const name = `${parent}/operations/op-${++seq}`;
    const any = { '@type': 'type.googleapis.com/google.cloud.run.v2.Service', ...service };
    const op = { name, done: true, metadata: any, response: any };
    operations.set(name, op);
    return op;
  };
  const now = () => new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString();

  const route = (method: string, path: string, query: URLSearchParams, body: Json): Json => {
    let m: RegExpExecArray | null;
    // Cloud Run Admin v2
    if ((m = /^\/v2\/(projects\/[^/]+\/locations\/[^/]+)\/services$/.exec(path))) {
      const parent = m[1]!;
      if (method === 'GET') return { services: [...services.values()].filter((s) => String(s.name).startsWith(`${parent}/`)) };
      if (method === 'POST') {
        const id = query.get('serviceId');
        if (!id || !/^[a-z]([-a-z0-9]{0,47}[a-z0-9])?$/.test(id)) throw new HttpError(400, 'INVALID_ARGUMENT', `serviceId "${id}" is not a valid service id`);
        const name = `${parent}/services/${id}`;
        if (services.has(name)) throw new HttpError(409, 'ALREADY_EXISTS', `Resource '${id}' already exists.`);
        if (body.name) throw new HttpError(400, 'INVALID_ARGUMENT', 'service.name must be empty on create (the id is serviceId)');
        const svc = { ...body, name, uid: `uid-${++seq}`, generation: '1', createTime: now(), updateTime: now(), uri: `https://${id}-abc-ew.a.run.app`, etag: `"e${seq}"` };
        services.set(name, svc);
        return operation(parent, svc);
      }
    }
    if ((m = /^\/v2\/((projects\/[^/]+\/locations\/[^/]+)\/services\/[^/]+)$/.exec(path))) {
      const [name, parent] = [m[1]!, m[2]!];
      const cur = services.get(name);
      if (!cur) throw new HttpError(404, 'NOT_FOUND', `Resource '${name}' was not found`);
      if (method === 'GET') return cur;
      if (method === 'PATCH') {
        const svc = { ...body, name, uid: cur.uid, createTime: cur.createTime, uri: cur.uri, generation: String(Number(cur.generation) + 1), updateTime: now(), etag: `"e${++seq}"` };
        services.set(name, svc);
        return operation(parent, svc);
      }
      if (method === 'DELETE') {
        services.delete(name);
        return operation(parent, cur);
      }
    }
    if ((m = /^\/v2\/(projects\/[^/]+\/locations\/[^/]+\/operations\/[^/]+)$/.exec(path)) && method === 'GET') {
      const op = operations.get(m[1]!);
      if (!op) throw new HttpError(404, 'NOT_FOUND', `operation ${m[1]} not found`);
      return op;
    }
    // Secret Manager v1
    if (/\/secrets\/[^/]+\/versions/.test(path)) {
      valueRequests.push({ method, path });
      throw new HttpError(403, 'PERMISSION_DENIED', 'the fake never serves or stores secret values');
    }
    if ((m = /^\/v1\/(projects\/[^/]+)\/secrets$/.exec(path))) {
      const parent = m[1]!;
      if (method === 'GET') return { secrets: [...secrets.values()].filter((s) => String(s.name).startsWith(`${parent}/`)), totalSize: secrets.size };
      if (method === 'POST') {
        const id = query.get('secretId') ?? '';
        if (!/^[A-Za-z0-9_-]{1,255}$/.test(id)) throw new HttpError(400, 'INVALID_ARGUMENT', `secretId "${id}" is invalid`);
        const name = `${parent}/secrets/${id}`;
        if (secrets.has(name)) throw new HttpError(409, 'ALREADY_EXISTS', `Secret [${name}] already exists.`);
        if (!body.replication) throw new HttpError(400, 'INVALID_ARGUMENT', 'replication is required');
        const s = { ...body, name, createTime: now(), etag: `"e${++seq}"` };
        secrets.set(name, s);
        return s;
      }
    }
    // GetIamPolicy is a GET here (`options.requestedPolicyVersion` in the query), SetIamPolicy a POST.
    if ((m = /^\/v1\/(projects\/[^/]+\/secrets\/[^/:]+):(getIamPolicy|setIamPolicy)$/.exec(path)) && method === (m[2] === 'getIamPolicy' ? 'GET' : 'POST')) {
      if (!secrets.has(m[1]!)) throw new HttpError(404, 'NOT_FOUND', `Secret [${m[1]}] not found`);
      return m[2] === 'getIamPolicy' ? policyOf(m[1]!) : setPolicy(m[1]!, body);
    }
    if ((m = /^\/v1\/(projects\/[^/]+\/secrets\/[^/:]+)$/.exec(path))) {
      const cur = secrets.get(m[1]!);
      if (!cur) throw new HttpError(404, 'NOT_FOUND', `Secret [${m[1]}] not found`);
      if (method === 'GET') return cur;
      if (method === 'PATCH') {
        const mask = (query.get('updateMask') ?? '').split(',');
        if (!mask.includes('labels')) throw new HttpError(400, 'INVALID_ARGUMENT', 'updateMask must name the fields to update');
        const s = { ...cur, labels: body.labels ?? {}, etag: `"e${++seq}"` };
        secrets.set(m[1]!, s);
        return s;
      }
    }
    // IAM v1 service accounts
    if ((m = /^\/v1\/projects\/([^/]+)\/serviceAccounts$/.exec(path))) {
      const project = m[1]!;
      if (method === 'GET') return { accounts: [...serviceAccounts.values()] };
      if (method === 'POST') {
        const accountId = String(body.accountId ?? '');
        if (!/^[a-z]([-a-z0-9]{4,28}[a-z0-9])$/.test(accountId)) throw new HttpError(400, 'INVALID_ARGUMENT', `accountId "${accountId}" must be 6-30 characters, [a-z][-a-z0-9]*[a-z0-9]`);
        const email = `${accountId}@${project}.iam.gserviceaccount.com`;
        if (serviceAccounts.has(email)) throw new HttpError(409, 'ALREADY_EXISTS', `Service account ${accountId} already exists within project projects/${project}.`);
        const sa = { name: `projects/${project}/serviceAccounts/${email}`, projectId: project, uniqueId: String(100000 + ++seq), email, displayName: (body.serviceAccount as Json | undefined)?.displayName ?? '', oauth2ClientId: String(seq) };
        serviceAccounts.set(email, sa);
        return sa;
      }
    }
    if ((m = /^\/v1\/(projects\/[^/]+\/serviceAccounts\/([^/:]+)):(getIamPolicy|setIamPolicy)$/.exec(path)) && method === 'POST') {
      if (!serviceAccounts.has(m[2]!)) throw new HttpError(404, 'NOT_FOUND', `Unknown service account ${m[2]}`);
      return m[3] === 'getIamPolicy' ? policyOf(m[1]!) : setPolicy(m[1]!, body);
    }
    // Cloud Storage JSON API v1: bucket IAM
    if ((m = /^\/storage\/v1\/b\/([^/]+)\/iam$/.exec(path))) {
      const bucket = decodeURIComponent(m[1]!);
      if (!/\.(firebasestorage\.app|appspot\.com)$/.test(bucket)) throw new HttpError(404, 'NOT_FOUND', 'The specified bucket does not exist.');
      const resource = `projects/_/buckets/${bucket}`;
      if (method === 'GET') return { kind: 'storage#policy', resourceId: resource, ...policyOf(resource) };
      if (method === 'PUT') return { kind: 'storage#policy', resourceId: resource, ...setPolicy(resource, { policy: body }) };
    }
    // Cloud Monitoring v3 alert policies
    if ((m = /^\/v3\/(projects\/[^/]+)\/alertPolicies$/.exec(path))) {
      const parent = m[1]!;
      if (method === 'GET') return { alertPolicies: [...alertPolicies.values()].filter((a) => String(a.name).startsWith(`${parent}/`)), totalSize: alertPolicies.size };
      if (method === 'POST') {
        if (!body.displayName) throw new HttpError(400, 'INVALID_ARGUMENT', 'displayName is required');
        if (body.name) throw new HttpError(400, 'INVALID_ARGUMENT', 'name must be empty on create (the server assigns it)');
        checkAlertPolicy(body);
        const name = `${parent}/alertPolicies/${1000 + ++seq}`;
        const a = { ...body, name, creationRecord: { mutateTime: now() } };
        alertPolicies.set(name, a);
        return a;
      }
    }
    if ((m = /^\/v3\/(projects\/[^/]+\/alertPolicies\/[^/]+)$/.exec(path))) {
      const cur = alertPolicies.get(m[1]!);
      if (!cur) throw new HttpError(404, 'NOT_FOUND', `Requested entity was not found.`);
      if (method === 'PATCH') {
        checkAlertPolicy(body);
        const a = { ...body, name: m[1], creationRecord: cur.creationRecord, mutationRecord: { mutateTime: now() } };
        alertPolicies.set(m[1]!, a);
        return a;
      }
      if (method === 'DELETE') {
        alertPolicies.delete(m[1]!);
        return {};
      }
    }
    // Resource Manager v3
    if ((m = /^\/v3\/projects\/([^/:]+)$/.exec(path)) && method === 'GET') return { name: `projects/${projectNumber}`, projectId: m[1], state: 'ACTIVE', displayName: m[1] };
    if ((m = /^\/v3\/(projects\/[^/:]+):(getIamPolicy|setIamPolicy)$/.exec(path)) && method === 'POST') return m[2] === 'getIamPolicy' ? policyOf(m[1]!) : setPolicy(m[1]!, body);
    throw new HttpError(404, 'NOT_FOUND', `the GCP fake has no route for ${method} ${path}`);
  };

  const checkAlertPolicy = (body: Json): void => {
    const conditions = (body.conditions ?? []) as Json[];
    if (conditions.length === 0) throw new HttpError(400, 'INVALID_ARGUMENT', 'at least one condition is required');
    const logMatch = conditions.some((c) => c.conditionMatchedLog !== undefined);
    if (logMatch && !((body.alertStrategy as Json | undefined)?.notificationRateLimit as Json | undefined)?.period) {
      throw new HttpError(400, 'INVALID_ARGUMENT', 'Policies with log-based conditions must specify a notification rate limit (alertStrategy.notificationRateLimit).');
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    requests.push({ method, path: url.pathname });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    res.setHeader('content-type', 'application/json; charset=utf-8');
    try {
      const body = text ? (JSON.parse(text) as Json) : {};
      const out = route(method, url.pathname, url.searchParams, body);
      res.end(JSON.stringify(out));
    } catch (e) {
      const err = e instanceof HttpError ? e : new HttpError(500, 'INTERNAL', (e as Error).message);
      res.statusCode = err.code;
      res.end(JSON.stringify({ error: { code: err.code, message: err.message, status: err.status } }));
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    projectNumber,
    services,
    secrets,
    serviceAccounts,
    policies,
    alertPolicies,
    requests,
    valueRequests,
    writes: () => requests.filter((r) => r.method !== 'GET' && !r.path.endsWith(':getIamPolicy')),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
