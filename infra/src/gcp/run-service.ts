import type { protos } from '@google-cloud/run';
import { type FieldValue, managedLabelField } from '../plan/resources.js';

type Service = protos.google.cloud.run.v2.IService;

/**
 * Desired flat fields → a Cloud Run Admin v2 Service (projects.locations.services). `cpuIdle: false`
 * keeps the CPU allocated between requests (the services consume Pub/Sub and a WebSocket, not
 * requests); `minInstanceCount` keeps them running; `startupCpuBoost` shortens the warm-up.
 */
export function toRunService(name: string, f: Readonly<Record<string, FieldValue>>): Service {
  const env: protos.google.cloud.run.v2.IEnvVar[] = [];
  for (const [k, v] of Object.entries(f)) {
    if (k.startsWith('env.')) env.push({ name: k.slice(4), value: String(v) });
    if (k.startsWith('secretEnv.')) {
      const [secret, version] = String(v).split(':');
      env.push({ name: k.slice(10), valueSource: { secretKeyRef: { secret, version: version ?? 'latest' } } });
    }
  }
  env.sort((a, b) => String(a.name).localeCompare(String(b.name)));
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (k.startsWith('label.')) labels[k.slice(6)] = String(v);
  return {
    name,
    labels,
    ingress: String(f.ingress) as 'INGRESS_TRAFFIC_INTERNAL_ONLY',
    template: {
      serviceAccount: String(f.serviceAccount),
      scaling: { minInstanceCount: Number(f.minInstances), maxInstanceCount: Number(f.maxInstances) },
      containers: [
        {
          image: String(f.image),
          args: JSON.parse(String(f.args ?? '[]')) as string[],
          env,
          resources: { limits: { cpu: String(f.cpu), memory: String(f.memory) }, cpuIdle: f.cpuIdle === true, startupCpuBoost: true },
          // The status server on $PORT (run-services/src/shared/status-server.ts): /healthz answers while the
          // process does, so a standby analytics instance passes (a redeploy must not wait on the old lease).
          startupProbe: { httpGet: { path: '/healthz' }, periodSeconds: 2, failureThreshold: 30 },
          livenessProbe: { httpGet: { path: '/healthz' }, periodSeconds: 30 },
        },
      ],
    },
  };
}

/** A Cloud Run service as it is → the same flat fields as the desired state. */
export function fromRunService(s: Service): Record<string, FieldValue> {
  const c = s.template?.containers?.[0];
  const f: Record<string, FieldValue> = {
    image: c?.image ?? null,
    minInstances: s.template?.scaling?.minInstanceCount ?? 0,
    maxInstances: s.template?.scaling?.maxInstanceCount ?? null,
    cpu: c?.resources?.limits?.cpu ?? null,
    memory: c?.resources?.limits?.memory ?? null,
    // Cloud Run's default is throttled CPU (cpuIdle true) when the field is absent.
    cpuIdle: c?.resources?.cpuIdle ?? true,
    serviceAccount: s.template?.serviceAccount ?? null,
    args: JSON.stringify(c?.args ?? []),
    ingress: typeof s.ingress === 'string' ? s.ingress : 'INGRESS_TRAFFIC_ALL',
  };
  for (const [k, v] of Object.entries(s.labels ?? {})) f[`label.${k}`] = v;
  for (const e of c?.env ?? []) {
    if (!e.name) continue;
    const ref = e.valueSource?.secretKeyRef;
    if (ref) f[`secretEnv.${e.name}`] = `${shortSecret(ref.secret ?? '')}:${ref.version ?? 'latest'}`;
    else f[`env.${e.name}`] = e.value ?? '';
  }
  if (!(managedLabelField in f)) f[managedLabelField] = null;
  return f;
}

/** `projects/p/secrets/NAME` or `NAME` → `NAME`. */
function shortSecret(s: string): string {
  return s.split('/').at(-1) ?? s;
}

