import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { type App, deleteApp, initializeApp } from 'firebase-admin/app';
import { type Firestore, getFirestore } from 'firebase-admin/firestore';
import { MarketConfigSchema, type WatchlistEntry, WatchlistEntrySchema } from '@cascade/core';
import { type FakeBinance, fakeSymbol, startFakeBinance } from '../fakes/binance/index.js';
import { type LocalScheduler, fetchJobSpecs, httpJobFirer, startLocalScheduler } from '../../tools/src/local/scheduler.js';
import { type ManagedProcess, spawnManaged } from '../../tools/src/local/processes.js';
import { freePort, waitForHttp } from '../../tools/src/local/ports.js';
import { repoRoot } from '../../tools/src/local/stack.js';
import { uniqueProjectId } from '../support/stack-harness.js';

const HOUR = 3_600_000;

/**
 * The local path of the scheduled jobs end to end: the jobs host on functions-framework (as the stack
 * runs it) lists the definitions, the local scheduler fires the ones due at a simulated midnight over
 * HTTP with Cloud Scheduler's headers, and the handlers act on the Firestore emulator, with ccxt
 * talking to a local Binance.
 */
describe('local scheduler → jobs host → watchlist cleaner and top-liquid updater', () => {
  const projectId = uniqueProjectId('sched');
  let app: App;
  let db: Firestore;
  let fake: FakeBinance;
  let host: ManagedProcess;
  let hostUrl: string;
  const hostLines: string[] = [];
  // Real time: the handlers in the host run on the system clock; entries are planted around it.
  const now = Date.now();

  const entry = (symbol: string, source: 'manual' | 'top_liquid', expiresAt: number | null, marketType: 'spot' | 'perp' = 'spot', exchange = 'binance'): WatchlistEntry =>
    WatchlistEntrySchema.parse({ exchange, marketType, symbol, source, priority: 3, addedAt: now - 30 * HOUR, expiresAt, addedBy: 'test' });
  const put = (venue: string, key: string, data: unknown) => db.doc(`watchlists/${venue}/symbols/${key}`).set(data as Record<string, unknown>);

  beforeAll(async () => {
    app = initializeApp({ projectId }, projectId);
    db = getFirestore(app);
    fake = await startFakeBinance({
      symbols: ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'PEPE'].map((b) => fakeSymbol(b, 'USDT')),
      tickers: [
        { symbol: 'BTCUSDT', lastPrice: '100', bidPrice: '99.995', askPrice: '100.005', volume: '50', quoteVolume: '5000', count: 400 },
        { symbol: 'ETHUSDT', lastPrice: '100', bidPrice: '99.99', askPrice: '100.01', volume: '40', quoteVolume: '4000', count: 500 },
        { symbol: 'SOLUSDT', lastPrice: '100', bidPrice: '99.9975', askPrice: '100.0025', volume: '30', quoteVolume: '3000', count: 300 },
        { symbol: 'XRPUSDT', lastPrice: '100', bidPrice: '99.96', askPrice: '100.04', volume: '20', quoteVolume: '2000', count: 100 },
        { symbol: 'DOGEUSDT', lastPrice: '100', bidPrice: '99.98', askPrice: '100.02', volume: '10', quoteVolume: '1000', count: 200 },
      ],
    });
    await db.doc('market_configs/binance_spot').set(MarketConfigSchema.parse({ exchange: 'binance', marketType: 'spot' }));
    await db.doc('market_configs/bybit_perp').set(MarketConfigSchema.parse({ exchange: 'bybit', marketType: 'perp', enabled: false }));

    // Cleaner and updater run at the same minute: the cleaner's cases are pairs the updater does not rank.
    await put('binance_spot', 'SHIB-USDT', entry('SHIB/USDT', 'manual', now - 60_000)); // expired → removed
    await put('binance_spot', 'PEPE-USDT', entry('PEPE/USDT', 'manual', now + 30 * 60_000)); // within 1 h → kept, announced
    await put('binance_spot', 'XRP-USDT', entry('XRP/USDT', 'manual', now + 3 * HOUR)); // later → kept, and promoted by the updater
    await put('binance_spot', 'LTC-USDT', entry('LTC/USDT', 'top_liquid', null)); // permanent; falls out of the top → demoted, not removed
    await put('binance_spot', 'BAD', { symbol: 'not a symbol', expiresAt: now - 60_000 }); // invalid → left alone
    await put('bybit_perp', 'BTC-USDT_USDT', entry('BTC/USDT:USDT', 'manual', now - HOUR, 'perp', 'bybit')); // another venue, expired → removed

    const port = await freePort();
    hostUrl = `http://127.0.0.1:${port}`;
    const req = createRequire(import.meta.url);
    const ffMain = join(dirname(req.resolve('@google-cloud/functions-framework')), 'main.js');
    host = spawnManaged('fn:jobs', process.execPath, ['--import', req.resolve('tsx'), ffMain, '--target=jobs', `--source=${join(repoRoot, 'functions/src/jobs/local-host.ts')}`, '--signature-type=http', `--port=${port}`], {
      env: {
        ...process.env,
        FIRESTORE_EMULATOR_HOST: inject('firestoreHost'),
        PUBSUB_EMULATOR_HOST: inject('pubsubHost'),
        GCLOUD_PROJECT: projectId,
        GOOGLE_CLOUD_PROJECT: projectId,
        FIREBASE_CONFIG: JSON.stringify({ projectId }),
        METADATA_SERVER_DETECTION: 'none',
        NODE_OPTIONS: '',
        CCXT_OVERRIDES: JSON.stringify({ binance: fake.ccxtConfig }),
        FUNCTION_TARGET: 'jobs',
        K_SERVICE: 'jobs',
        FUNCTION_SIGNATURE_TYPE: 'http',
      },
      logFile: join(repoRoot, '.cascade/logs/test', projectId, 'fn-jobs.log'),
      onLine: (l) => hostLines.push(l),
      cwd: repoRoot,
    });
    await waitForHttp(`${hostUrl}/`, 'jobs host', 90_000, host.exited);
  });
  afterAll(async () => {
    await host?.stop();
    await fake?.close();
    if (app) await deleteApp(app);
  });

  it('fires the midnight jobs on their cron and they do their work', async () => {
    const specs = await fetchJobSpecs(hostUrl);
    expect(specs.map((s) => s.name)).toContain('watchlist-cleaner');

    // Simulated Sunday 23:59 → Monday 00:01 UTC; each wait jumps the clock to the next tick.
    let clock = Date.UTC(2026, 0, 4, 23, 59, 0);
    const end = Date.UTC(2026, 0, 5, 0, 1, 0);
    let reachedEnd!: () => void;
    const ended = new Promise<void>((r) => (reachedEnd = r));
    const logs: string[] = [];
    const scheduler: LocalScheduler = startLocalScheduler({
      jobs: specs,
      fire: httpJobFirer(hostUrl),
      now: () => clock,
      log: (l) => logs.push(l),
      waitUntil: async (until, signal) => {
        if (until > end) {
          reachedEnd();
          await new Promise<void>((r) => signal.addEventListener('abort', () => r(), { once: true }));
          return;
        }
        clock = until;
      },
    });
    await ended;
    await scheduler.stop(); // waits for the runs in flight

    expect(scheduler.fired.map((f) => f.job).sort()).toEqual(['drawdown-reset', 'paper-funding', 'reconciliation', 'top-liquid-updater', 'watchlist-cleaner', 'watchlist-expiry-notice']);
    expect(new Set(scheduler.fired.map((f) => f.at))).toEqual(new Set([Date.UTC(2026, 0, 5, 0, 0)]));
    // Every job has a handler now: the drawdown reset finds no risk state yet, reconciliation no live venue.
    expect(logs.filter((l) => / failed/.test(l))).toEqual([]);
    expect(logs.some((l) => /scheduler: watchlist-cleaner failed/.test(l))).toBe(false);
    expect(logs.some((l) => /scheduler: top-liquid-updater failed/.test(l))).toBe(false);

    // Cleaner: only expired manual entries went, on every venue.
    const spot = await db.collection('watchlists/binance_spot/symbols').get();
    const byId = new Map(spot.docs.map((d) => [d.id, d.data()]));
    expect(byId.has('SHIB-USDT')).toBe(false);
    expect((await db.doc('watchlists/bybit_perp/symbols/BTC-USDT_USDT').get()).exists).toBe(false);
    expect(byId.get('BAD')).toEqual({ symbol: 'not a symbol', expiresAt: now - 60_000 });
    expect(WatchlistEntrySchema.parse(byId.get('PEPE-USDT'))).toMatchObject({ source: 'manual', expiresAt: now + 30 * 60_000 });
    // Expiring within the hour: one notice, though the cleaner and the hourly notice job both saw it.
    const notices = await db.collection('watchlist_notices').get();
    expect(notices.docs.map((d) => d.get('symbol'))).toEqual(['PEPE/USDT']);

    // Updater: the hand-computed ranking (BTC, ETH, SOL, XRP, DOGE; see liquidity-rank.test.ts), all five
    // with priority 1 (ranks 1–5); XRP promoted from manual; LTC demoted to a 24 h manual entry.
    const top = [...byId.values()].map((d) => WatchlistEntrySchema.safeParse(d)).flatMap((r) => (r.success && r.data.source === 'top_liquid' ? [r.data] : []));
    expect(top.sort((a, b) => (a.liquidity?.rank ?? 0) - (b.liquidity?.rank ?? 0)).map((e) => [e.symbol, e.liquidity?.rank, e.priority, e.expiresAt])).toEqual([
      ['BTC/USDT', 1, 1, null],
      ['ETH/USDT', 2, 1, null],
      ['SOL/USDT', 3, 1, null],
      ['XRP/USDT', 4, 1, null],
      ['DOGE/USDT', 5, 1, null],
    ]);
    const ltc = WatchlistEntrySchema.parse(byId.get('LTC-USDT'));
    expect(ltc.source).toBe('manual');
    expect(ltc.expiresAt).toBeGreaterThan(now + 23 * HOUR);
    expect(ltc.expiresAt).toBeLessThan(Date.now() + 24 * HOUR + 1);
    expect(fake.unhandled).toEqual([]);
  });
});
