import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PubSub } from '@google-cloud/pubsub';
import { allTopics } from '@cascade/core';
import { provisionPubSub, type FunctionConsumer, functionConsumers } from '@cascade/infra';
import { type RunningEmulators, startEmulators } from './emulators.js';
import { type ManagedProcess, spawnManaged } from './processes.js';
import { freePort, waitForHttp, waitForPort } from './ports.js';
import { type LocalScheduler, fetchJobSpecs, httpJobFirer, startLocalScheduler } from './scheduler.js';
import { LOCAL_ADMIN, type RunningAuthEmulator, createEmulatorUser, startAuthEmulator } from './auth-emulator.js';
import { buildDashboardIfStale } from './dashboard-build.js';
import { type DashboardServer, startDashboardServer } from './dashboard-server.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/**
 * `npm start`'s default replay: a seeded generated day (trend regime, seed 7; `npm run synth`, microstructure
 * fitted to the real 2024 Binance ETHUSDT tapes) with its warm-up history. The real tapes in
 * sample-data/tapes are minutes to 2.5 sparse days long and no candle history of their days ships with
 * them, so Level 1 never warms up on them and they make no setup (sample-data/README.md).
 */
export const defaultTape = resolve(repoRoot, 'sample-data/generated/binance-ethusdt-trades-generated-trend-s7.csv.gz');
export const defaultWarmup = resolve(repoRoot, 'sample-data/generated/binance-ethusdt-1m-generated-trend-s7-warmup.csv.gz');

/** A tape written by the regime generator (its file name says `generated`), not recorded from a venue. */
/** The environment of a process of a local stack: the emulators and the project, nothing of GCP's. */
export function emulatorEnv(projectId: string, firestoreHost: string, pubsubHost: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    FIRESTORE_EMULATOR_HOST: firestoreHost,
    PUBSUB_EMULATOR_HOST: pubsubHost,
    GCLOUD_PROJECT: projectId,
    GOOGLE_CLOUD_PROJECT: projectId,
    // firebase-admin reads the project from here when no credentials exist (emulator mode).
    FIREBASE_CONFIG: JSON.stringify({ projectId }),
    NODE_OPTIONS: '',
    // No GCE metadata server exists locally: don't let google-auth probe for one.
    METADATA_SERVER_DETECTION: 'none',
  };
}

export function isGeneratedTape(path: string): boolean {
  return /(^|[-_./])generated([-_.]|$)/.test(path.split('/').at(-1) ?? path);
}

export interface StackOptions {
  /** A `demo-` id: the emulators accept it and nothing can ever reach a real project with it. */
  readonly projectId?: string;
  readonly tape?: string;
  readonly symbol?: string;
  /** Tape format when detection cannot tell (see the streamer's --help). */
  readonly format?: string;
  /** Trade the tape as spot or perp whatever its symbol says (`BTC/USDT:USDT` is perp by itself). */
  readonly market?: 'spot' | 'perp';
  /** A replay's warm-up history (Binance kline CSV or ccxt OHLCV JSON): seeds the regime before the first trade. */
  readonly warmup?: string;
  readonly speed?: number | 'max';
  readonly live?: { exchange: string; symbols: string[]; watchlist?: boolean; marketType?: 'spot' | 'perp' };
  /** Record trades and candles in the per-symbol DuckDB store under .cascade/data (default true). */
  readonly store?: boolean;
  /** Host the watchlist API (default true). */
  readonly api?: boolean;
  /** Host the scheduled jobs and fire them on their cron, as Cloud Scheduler does (default true). */
  readonly scheduler?: boolean;
  /**
   * Serve the dashboard (issue 13): the Auth emulator with a local admin account, the built app, and
   * its Hosting stand-in (init.json, /api proxy, reports). Off by default: most tests need none of it.
   */
  readonly dashboard?: boolean | { port?: number; reportsDir?: string };
  /** Start no streamer (tests publish themselves). */
  readonly noStreamer?: boolean;
  readonly publishTwice?: boolean;
  readonly logDir?: string;
  /** Reuse running emulators (tests share one pair across files). */
  readonly emulators?: { firestoreHost: string; pubsubHost: string };
  readonly env?: Record<string, string>;
  readonly log?: (line: string) => void;
  /** Every line a started process prints (its log file has them too). */
  readonly onLine?: (process: string, line: string) => void;
}

export interface Stack {
  readonly projectId: string;
  readonly firestoreHost: string;
  readonly pubsubHost: string;
  readonly emulatorStartMs: number | null;
  readonly ports: { streamer: number; analytics: number; functions: Record<FunctionConsumer, number>; api: number | null; jobs: number | null };
  readonly pubsub: PubSub;
  readonly processes: readonly ManagedProcess[];
  readonly logDir: string;
  /** Tap subscription per topic: the local monitor's view of everything published. */
  readonly taps: Record<string, string>;
  /** With `dashboard`: where it is served, the Auth emulator, and the local admin's credentials. */
  readonly dashboard: { url: string; authEmulatorHost: string; admin: { email: string; password: string } } | null;
  stop(): Promise<void>;
}

const tsxImport = (): string => createRequire(import.meta.url).resolve('tsx');
const functionsFrameworkMain = (): string => join(dirname(createRequire(import.meta.url).resolve('@google-cloud/functions-framework')), 'main.js');

export function tapSubscription(topic: string): string {
  return `local.tap.${topic}`;
}

/**
 * The whole machine on this computer: emulators, Pub/Sub provisioned by the infra code, every
 * function on functions-framework behind push subscriptions, and the Cloud Run services as processes.
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const log = opts.log ?? (() => undefined);
  const projectId = opts.projectId ?? 'demo-cascade';
  const logDir = opts.logDir ?? join(repoRoot, '.cascade/logs', new Date().toISOString().replace(/[:.]/g, '-'));
  const processes: ManagedProcess[] = [];
  let emulators: RunningEmulators | null = null;
  let scheduler: LocalScheduler | null = null;
  let authEmulator: RunningAuthEmulator | null = null;
  let dashboardServer: DashboardServer | null = null;
  const stop = async (): Promise<void> => {
    await dashboardServer?.close();
    await scheduler?.stop();
    await Promise.all(processes.map((p) => p.stop()));
    if (emulators) await emulators.stop();
    await authEmulator?.stop();
  };
  try {
    let firestoreHost: string;
    let pubsubHost: string;
    // The Auth emulator (Node, ~15 s to start) and the dashboard build run while the Java emulators start.
    const dash = opts.dashboard ? (typeof opts.dashboard === 'object' ? opts.dashboard : {}) : null;
    const authStarting = dash
      ? startAuthEmulator(logDir, projectId).then((a) => {
          authEmulator = a;
          log(`Auth emulator up in ${a.startMs} ms (${a.host})`);
          return a;
        })
      : null;
    // Settled here so a failure before it is awaited is not an unhandled rejection.
    authStarting?.catch(() => undefined);
    if (dash) buildDashboardIfStale(repoRoot, log);
    if (opts.emulators) {
      ({ firestoreHost, pubsubHost } = opts.emulators);
    } else {
      log('starting the Firestore and Pub/Sub emulators…');
      emulators = await startEmulators(logDir);
      ({ firestoreHost, pubsubHost } = emulators);
      log(`emulators up in ${emulators.startMs} ms (firestore ${firestoreHost}, pubsub ${pubsubHost})`);
    }
    const auth = authStarting ? await authStarting : null;
    const env: NodeJS.ProcessEnv = {
      ...emulatorEnv(projectId, firestoreHost, pubsubHost),
      // firebase-admin then accepts the Auth emulator's ID tokens (the watchlist API, flatten).
      ...(auth ? { FIREBASE_AUTH_EMULATOR_HOST: auth.host } : {}),
      CASCADE_PUBLISH_TWICE: opts.publishTwice ? '1' : '0',
      // Locally writes are free: the funnels follow every second (deployed, 30 s; see analytics-env.ts).
      CASCADE_FUNNEL_STATUS_MS: '1000',
      ...opts.env,
    };
    const fnPorts = {} as Record<FunctionConsumer, number>;
    for (const fn of functionConsumers) fnPorts[fn] = await freePort();
    const withApi = opts.api !== false;
    const withJobs = opts.scheduler !== false;
    const ports = { streamer: await freePort(), analytics: await freePort(), functions: fnPorts, api: withApi ? await freePort() : null, jobs: withJobs ? await freePort() : null };

    const pubsub = new PubSub({ projectId, apiEndpoint: pubsubHost, emulatorMode: true });
    const taps = Object.fromEntries(allTopics.map((t) => [t, tapSubscription(t)]));
    const prov = await provisionPubSub(pubsub, {
      projectId,
      // Dead-letter alerts are served by the jobs host (one local process for what GCP runs as five functions).
      pushEndpoint: (fn, topic) =>
        fn === 'deadLetterAlert' ? (ports.jobs !== null ? `http://127.0.0.1:${ports.jobs}/dead-letter/${topic}` : null) : `http://127.0.0.1:${fnPorts[fn]}/projects/${projectId}/topics/${topic}`,
      extraPull: allTopics.map((t) => ({ name: tapSubscription(t), topic: t })),
    });
    log(`provisioned ${prov.topics.length} topics and ${prov.subscriptions.length} subscriptions`);

    const tsx = tsxImport();
    const ffMain = functionsFrameworkMain();
    const source = join(repoRoot, 'functions/src/index.ts');
    for (const fn of functionConsumers) {
      const p = spawnManaged(`fn:${fn}`, process.execPath, ['--import', tsx, ffMain, `--target=${fn}`, `--source=${source}`, '--signature-type=cloudevent', `--port=${fnPorts[fn]}`], {
        env: { ...env, FUNCTION_TARGET: fn, K_SERVICE: fn, FUNCTION_SIGNATURE_TYPE: 'cloudevent' },
        logFile: join(logDir, `fn-${fn}.log`),
        onLine: opts.onLine && ((l) => opts.onLine?.(fn, l)),
        cwd: repoRoot,
      });
      processes.push(p);
    }
    // HTTP functions: the watchlist API and one host for every scheduled job (fired below on their cron).
    const apiKey = opts.env?.CASCADE_API_KEY ?? process.env.CASCADE_API_KEY ?? 'local-dev-key';
    const httpFns = [
      ...(ports.api !== null ? [{ name: 'watchlistApi', src: source, port: ports.api }] : []),
      ...(ports.jobs !== null ? [{ name: 'jobs', src: join(repoRoot, 'functions/src/jobs/local-host.ts'), port: ports.jobs }] : []),
    ];
    const httpProcs = httpFns.map((f) => {
      const p = spawnManaged(`fn:${f.name}`, process.execPath, ['--import', tsx, ffMain, `--target=${f.name}`, `--source=${f.src}`, '--signature-type=http', `--port=${f.port}`], {
        env: { ...env, CASCADE_API_KEY: apiKey, FUNCTION_TARGET: f.name, K_SERVICE: f.name, FUNCTION_SIGNATURE_TYPE: 'http' },
        logFile: join(logDir, `fn-${f.name}.log`),
        onLine: opts.onLine && ((l) => opts.onLine?.(f.name, l)),
        cwd: repoRoot,
      });
      processes.push(p);
      return { ...f, p };
    });
    const analytics = spawnManaged('analytics', process.execPath, ['--import', tsx, join(repoRoot, 'run-services/src/analytics/main.ts')], {
      // Replays settle each setup/exit before the next trade (deterministic at any speed); live does not wait.
      env: {
        ...env,
        PORT: String(ports.analytics),
        CASCADE_REPLAY_SETTLE: opts.live ? '0' : '1',
        CASCADE_STORE_DIR: opts.store === false ? '' : join(repoRoot, '.cascade/data', projectId),
        // Live markets warm their regime from the venue's OHLCV; a replay from --warmup FILE, else from its own first trade.
        CASCADE_WARMUP: opts.live ? 'venue' : opts.warmup ? 'file' : 'none',
        CASCADE_WARMUP_FILE: !opts.live && opts.warmup ? opts.warmup : '',
      },
      logFile: join(logDir, 'analytics.log'),
      onLine: opts.onLine && ((l) => opts.onLine?.('analytics', l)),
      cwd: repoRoot,
    });
    processes.push(analytics);
    await Promise.all([
      ...functionConsumers.map((fn, i) => waitForPort(fnPorts[fn], `function ${fn}`, 60_000, processes[i]?.exited)),
      waitForHttp(`http://127.0.0.1:${ports.analytics}/healthz`, 'analytics service', 60_000, analytics.exited),
      ...httpProcs.map((f) => (f.name === 'jobs' ? waitForHttp(`http://127.0.0.1:${f.port}/`, 'jobs host', 60_000, f.p.exited) : waitForPort(f.port, 'watchlist API', 60_000, f.p.exited))),
    ]);
    if (ports.jobs !== null) {
      const u = `http://127.0.0.1:${ports.jobs}`;
      scheduler = startLocalScheduler({ jobs: await fetchJobSpecs(u), fire: httpJobFirer(u), log });
    }
    log(`functions (${functionConsumers.join(', ')}) and analytics are up`);

    if (!opts.noStreamer) {
      const args = opts.live
        ? ['--live', '--exchange', opts.live.exchange, '--symbols', opts.live.symbols.join(','), ...(opts.live.watchlist ? ['--watchlist', '--market-type', opts.live.marketType ?? 'spot'] : [])]
        : ['--tape', opts.tape ?? defaultTape, '--speed', String(opts.speed ?? 1000), ...(opts.symbol ? ['--symbol', opts.symbol] : []), ...(opts.format ? ['--format', opts.format] : []), ...(opts.market ? ['--market-type', opts.market] : [])];
      const streamer = spawnManaged('streamer', process.execPath, ['--import', tsx, join(repoRoot, 'run-services/src/streamer/main.ts'), ...args, '--port', String(ports.streamer)], {
        env: { ...env, PORT: String(ports.streamer) },
        logFile: join(logDir, 'streamer.log'),
        onLine: opts.onLine && ((l) => opts.onLine?.('streamer', l)),
        cwd: repoRoot,
      });
      processes.push(streamer);
      await waitForHttp(`http://127.0.0.1:${ports.streamer}/status`, 'streamer', 60_000, streamer.exited);
    }
    let dashboard: Stack['dashboard'] = null;
    if (dash && auth) {
      await createEmulatorUser(auth.host, projectId, { ...LOCAL_ADMIN, claims: { admin: true } });
      dashboardServer = await startDashboardServer({
        dist: join(repoRoot, 'dashboard/dist'),
        projectId,
        authEmulatorHost: auth.host,
        firestoreHost,
        apiPort: ports.api,
        reportsDir: dash.reportsDir ?? process.env.CASCADE_REPORTS_DIR ?? join(repoRoot, 'reports'),
        ...(dash.port !== undefined ? { port: dash.port } : {}),
      });
      dashboard = { url: dashboardServer.url, authEmulatorHost: auth.host, admin: { ...LOCAL_ADMIN } };
    }
    return { projectId, firestoreHost, pubsubHost, emulatorStartMs: emulators?.startMs ?? null, ports, pubsub, processes, logDir, taps, dashboard, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
