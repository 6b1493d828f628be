import { generateKeyPairSync } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type App, deleteApp, initializeApp } from 'firebase-admin/app';
import { type Firestore, getFirestore } from 'firebase-admin/firestore';
import { ManualClock, WatchlistEntrySchema } from '@cascade/core';
import { CcxtVenueMarkets } from '../../adapters/src/venues/ccxt/venue-markets.js';
import { Authenticator } from '../../functions/src/watchlist-api/auth.js';
import { type FakeBinance, fakeSymbol, startFakeBinance } from '../fakes/binance/index.js';
import { localKeyIdTokenVerifier, signLocalIdToken } from '../../functions/src/watchlist-api/id-token.js';
import { type BucketPolicy, FirestoreRateLimiter } from '../../functions/src/watchlist-api/rate-limit.js';
import { createWatchlistApi, nodeHandler } from '../../functions/src/watchlist-api/watchlist-api.js';
import { WatchlistStore } from '../../functions/src/watchlist-api/watchlist-store.js';
import { updateTopLiquid } from '../../functions/src/jobs/top-liquid-updater.js';
import { followWatchlist } from '../../run-services/src/streamer/watchlist-follow.js';
import { spawnManaged } from '../../tools/src/local/processes.js';
import { freePort, waitForHttp } from '../../tools/src/local/ports.js';
import { repoRoot } from '../../tools/src/local/stack.js';
import { eventually } from '../support/eventually.js';
import { uniqueProjectId } from '../support/stack-harness.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const API_KEY = 'test-key-3f9c1d2e';
const KID = 'local-1';

describe('watchlist API (§5.3) over HTTP, on the Firestore emulator, with ccxt against a local Binance', () => {
  const projectId = uniqueProjectId('wlapi');
  const clock = new ManualClock(T0);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const idToken = (uid: string, claims: Record<string, unknown>) => signLocalIdToken(privateKey, { projectId, kid: KID, uid, nowS: Math.floor(clock.now() / 1000) - 5, claims });
  let app: App;
  let db: Firestore;
  let fake: FakeBinance;
  const servers: Server[] = [];
  let base: string;
  let strictBase: string;

  async function serve(policy: BucketPolicy, markets: CcxtVenueMarkets): Promise<string> {
    const now = () => clock.now();
    const api = createWatchlistApi({
      store: new WatchlistStore(db, now),
      markets,
      auth: new Authenticator({ apiKey: () => API_KEY, verifier: localKeyIdTokenVerifier({ projectId, publicKey, kid: KID, now }) }),
      limiter: new FirestoreRateLimiter(db, now, policy),
      log: () => undefined,
    });
    const server = createServer(nodeHandler(() => api));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    app = initializeApp({ projectId }, projectId);
    db = getFirestore(app);
    fake = await startFakeBinance({
      symbols: ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'PEPE'].map((b) => fakeSymbol(b, 'USDT')).concat([fakeSymbol('LUNA', 'USDT', 'BREAK'), fakeSymbol('ETH', 'BTC')]),
    });
    const markets = new CcxtVenueMarkets({ overrides: { binance: fake.ccxtConfig } });
    base = await serve({ capacity: 1000, refillPerSecond: 1 }, markets);
    // Three calls per caller, and refills too slow to matter on a clock that stands still.
    strictBase = await serve({ capacity: 3, refillPerSecond: 0.01 }, markets);
  });
  afterAll(async () => {
    for (const s of servers) await new Promise((r) => s.close(r));
    await fake?.close();
    if (app) await deleteApp(app);
  });

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { 'x-api-key': API_KEY }, at = base) => {
    const res = await fetch(`${at}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> & { entry?: Record<string, unknown>; entries?: Record<string, unknown>[]; error?: { code: string; fields?: { path: string }[] } } };
  };
  const doc = (symbolKey: string) => db.doc(`watchlists/binance_spot/symbols/${symbolKey}`).get();

  it('401 without credentials or with a wrong key; 403 for a signed-in non-admin; an admin token is accepted', async () => {
    const none = await call('GET', '/api/v1/watchlist?exchange=binance&market_type=spot', undefined, {});
    expect(none.status).toBe(401);
    expect(none.json.error?.code).toBe('missing_credentials');
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="cascade"');
    expect((await call('GET', '/api/v1/watchlist?exchange=binance&market_type=spot', undefined, { 'x-api-key': 'wrong' })).status).toBe(401);
    expect((await call('GET', '/api/v1/watchlist?exchange=binance&market_type=spot', undefined, { authorization: 'Bearer not.a.token' })).status).toBe(401);
    const user = await call('GET', '/api/v1/watchlist?exchange=binance&market_type=spot', undefined, { authorization: `Bearer ${idToken('trader-1', {})}` });
    expect(user.status).toBe(403);
    expect(user.json.error?.code).toBe('not_admin');
    const admin = await call('GET', '/api/v1/watchlist?exchange=binance&market_type=spot', undefined, { authorization: `Bearer ${idToken('ops-1', { admin: true })}` });
    expect(admin.status).toBe(200);
  });

  it('add: venue id in, unified symbol stored, 24 h default expiry and priority 3', async () => {
    const r = await call('POST', '/api/v1/watchlist/add', { exchange: 'binance', market_type: 'spot', symbol: 'PEPEUSDT' });
    expect(r.status).toBe(201);
    expect(r.json.entry).toMatchObject({ exchange: 'binance', market_type: 'spot', symbol: 'PEPE/USDT', symbol_key: 'PEPE-USDT', source: 'manual', priority: 3, added_at: iso(T0), expires_at: iso(T0 + 24 * HOUR) });
    expect(r.json.entry?.added_by).toMatch(/^key:[0-9a-f]{12}$/);
    const stored = await doc('PEPE-USDT');
    expect(WatchlistEntrySchema.parse(stored.data())).toEqual({ exchange: 'binance', marketType: 'spot', symbol: 'PEPE/USDT', source: 'manual', priority: 3, addedAt: T0, expiresAt: T0 + 24 * HOUR, addedBy: r.json.entry?.added_by });
  });

  it('add again updates the priority and never shortens the expiry', async () => {
    const r = await call('POST', '/api/v1/watchlist/add', { exchange: 'binance', market_type: 'spot', symbol: 'PEPE/USDT', duration_hours: 2, priority: 1 });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ created: false, entry: { priority: 1, expires_at: iso(T0 + 24 * HOUR) } });
  });

  it('renew adds 24 h to the later of now and the expiry', async () => {
    clock.set(T0 + HOUR);
    // Unexpired: from the expiry. T0 + 24 h + 24 h = T0 + 48 h.
    const a = await call('POST', '/api/v1/watchlist/renew', { exchange: 'binance', market_type: 'spot', symbol: 'PEPEUSDT' });
    expect(a.status).toBe(200);
    expect(a.json.entry?.expires_at).toBe(iso(T0 + 48 * HOUR));
    // Expired (not yet cleaned): from now. Added at T0 + 1 h for 1 h → expires T0 + 2 h; renewed at T0 + 3 h → T0 + 27 h.
    await call('POST', '/api/v1/watchlist/add', { exchange: 'binance', market_type: 'spot', symbol: 'DOGEUSDT', duration_hours: 1 });
    clock.set(T0 + 3 * HOUR);
    const b = await call('POST', '/api/v1/watchlist/renew', { exchange: 'binance', market_type: 'spot', symbol: 'DOGE/USDT' });
    expect(b.json.entry?.expires_at).toBe(iso(T0 + 27 * HOUR));
    expect((await call('POST', '/api/v1/watchlist/renew', { exchange: 'binance', market_type: 'spot', symbol: 'SOLUSDT' })).status).toBe(404);
  });

  it('GET lists the active entries only, most urgent first', async () => {
    // SOL: 1 h from T0 + 3 h → expires T0 + 4 h; listed now, gone at T0 + 5 h.
    await call('POST', '/api/v1/watchlist/add', { exchange: 'binance', market_type: 'spot', symbol: 'SOLUSDT', duration_hours: 1, priority: 2 });
    const now = await call('GET', '/api/v1/watchlist?exchange=binance&market_type=spot');
    expect(now.status).toBe(200);
    expect(now.json.entries?.map((e) => [e.symbol, e.priority])).toEqual([['PEPE/USDT', 1], ['SOL/USDT', 2], ['DOGE/USDT', 3]]);
    clock.set(T0 + 5 * HOUR);
    const later = await call('GET', '/api/v1/watchlist?exchange=binance&market_type=spot');
    expect(later.json.entries?.map((e) => e.symbol)).toEqual(['PEPE/USDT', 'DOGE/USDT']);
    expect((await call('GET', '/api/v1/watchlist?exchange=bybit&market_type=perp')).json).toMatchObject({ count: 0, entries: [] });
  });

  it('remove deletes the entry (body or query string); a second remove is 404', async () => {
    const r = await call('DELETE', '/api/v1/watchlist/remove', { exchange: 'binance', market_type: 'spot', symbol: 'DOGEUSDT' });
    expect(r.status).toBe(200);
    expect((await doc('DOGE-USDT')).exists).toBe(false);
    expect((await call('DELETE', '/api/v1/watchlist/remove', { exchange: 'binance', market_type: 'spot', symbol: 'DOGEUSDT' })).status).toBe(404);
    expect((await call('DELETE', '/api/v1/watchlist/remove?exchange=binance&market_type=spot&symbol=SOL/USDT')).status).toBe(200);
    expect((await doc('SOL-USDT')).exists).toBe(false);
  });

  it('400 with the field errors for a bad body, and for a body that is not JSON', async () => {
    const r = await call('POST', '/api/v1/watchlist/add', { exchange: 'binance', market_type: 'margin', symbol: 5, priority: 0, duration_hours: 500 });
    expect(r.status).toBe(400);
    expect(r.json.error?.code).toBe('invalid_request');
    expect(r.json.error?.fields?.map((f) => f.path).sort()).toEqual(['duration_hours', 'market_type', 'priority', 'symbol']);
    const q = await call('GET', '/api/v1/watchlist?exchange=binance');
    expect(q.status).toBe(400);
    expect(q.json.error?.fields?.map((f) => f.path)).toEqual(['market_type']);
    const notJson = await call('POST', '/api/v1/watchlist/add', '{"exchange": "binance",');
    expect(notJson.status).toBe(400);
    expect(notJson.json.error?.code).toBe('invalid_body');
  });

  it('422 for a symbol the venue does not list, a halted market and an unknown venue', async () => {
    const unknown = await call('POST', '/api/v1/watchlist/add', { exchange: 'binance', market_type: 'spot', symbol: 'NOPEUSDT' });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error?.code).toBe('unknown_symbol');
    expect((await call('POST', '/api/v1/watchlist/add', { exchange: 'binance', market_type: 'spot', symbol: 'LUNAUSDT' })).json.error?.code).toBe('market_inactive');
    expect((await call('POST', '/api/v1/watchlist/add', { exchange: 'notavenue', market_type: 'spot', symbol: 'BTCUSDT' })).json.error?.code).toBe('unknown_venue');
    expect((await doc('NOPE-USDT')).exists).toBe(false);
    // Markets were loaded once for the whole file (cached per instance).
    expect(fake.requestLines.filter((l) => l.startsWith('GET /api/v3/exchangeInfo'))).toHaveLength(1);
  });

  it('404 for an unknown path and 405 with Allow for a wrong method', async () => {
    expect((await call('GET', '/api/v1/nothing')).status).toBe(404);
    const r = await call('GET', '/api/v1/watchlist/add');
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
  });

  it('429 with Retry-After once a caller has used its bucket; other callers are not affected', async () => {
    const admin = { authorization: `Bearer ${idToken('ops-busy', { admin: true })}` };
    const path = '/api/v1/watchlist?exchange=binance&market_type=spot';
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('GET', path, undefined, admin, strictBase)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await call('GET', path, undefined, admin, strictBase);
    expect(limited.json.error?.code).toBe('rate_limited');
    // 0 tokens left, 1 needed at 0.01 token/s → 100 s.
    expect(limited.headers.get('retry-after')).toBe('100');
    expect((await call('GET', path, undefined, { authorization: `Bearer ${idToken('ops-calm', { admin: true })}` }, strictBase)).status).toBe(200);
  });

  it('top-liquid: the updater ranks the venue tickers as computed by hand, and GET /top-liquid returns them by rank', async () => {
    // Hand computation (same inputs as liquidity-rank.test.ts): scores BTC .875, ETH .775, SOL .6, XRP .125, DOGE .125 (tie → larger volume first).
    fake.setTickers([
      { symbol: 'BTCUSDT', lastPrice: '100', bidPrice: '99.995', askPrice: '100.005', volume: '50', quoteVolume: '5000', count: 400 },
      { symbol: 'ETHUSDT', lastPrice: '100', bidPrice: '99.99', askPrice: '100.01', volume: '40', quoteVolume: '4000', count: 500 },
      { symbol: 'SOLUSDT', lastPrice: '100', bidPrice: '99.9975', askPrice: '100.0025', volume: '30', quoteVolume: '3000', count: 300 },
      { symbol: 'XRPUSDT', lastPrice: '100', bidPrice: '99.96', askPrice: '100.04', volume: '20', quoteVolume: '2000', count: 100 },
      { symbol: 'DOGEUSDT', lastPrice: '100', bidPrice: '99.98', askPrice: '100.02', volume: '10', quoteVolume: '1000', count: 200 },
      { symbol: 'ETHBTC', lastPrice: '0.03', bidPrice: '0.0299', askPrice: '0.0301', volume: '9e9', quoteVolume: '9e9', count: 9e6 },
    ]);
    // PEPE was a top pair yesterday: it falls out and is demoted to a 24 h manual entry.
    await db.doc('watchlists/binance_spot/symbols/PEPE-USDT').set(WatchlistEntrySchema.parse({ exchange: 'binance', marketType: 'spot', symbol: 'PEPE/USDT', source: 'top_liquid', priority: 2, addedAt: T0 - 48 * HOUR, expiresAt: null, addedBy: 'top-liquid-updater', liquidity: { quoteVolume24h: 1, trades24h: 1, spreadBps: 1, rank: 3 } }));
    const markets = new CcxtVenueMarkets({ overrides: { binance: fake.ccxtConfig } });
    const r = await updateTopLiquid({ db, markets, now: () => clock.now() }, { exchange: 'binance', marketType: 'spot' }, 3);
    expect(r.ranked.map((m) => m.symbol)).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
    expect(r.demoted).toEqual(['PEPE/USDT']);

    const top = await call('GET', '/api/v1/watchlist/top-liquid?exchange=binance&market_type=spot');
    expect(top.status).toBe(200);
    expect(top.json.entries?.map((e) => [e.symbol, e.source, e.expires_at, (e.liquidity as { rank: number }).rank])).toEqual([
      ['BTC/USDT', 'top_liquid', null, 1],
      ['ETH/USDT', 'top_liquid', null, 2],
      ['SOL/USDT', 'top_liquid', null, 3],
    ]);
    expect(top.json.entries?.[0]?.liquidity).toMatchObject({ quote_volume_24h: 5000, trades_24h: 400 });
    const pepe = WatchlistEntrySchema.parse((await doc('PEPE-USDT')).data());
    expect(pepe).toMatchObject({ source: 'manual', expiresAt: clock.now() + 24 * HOUR, priority: 2 });
    expect(pepe.liquidity).toBeUndefined();
    // Renew refuses permanent entries.
    expect((await call('POST', '/api/v1/watchlist/renew', { exchange: 'binance', market_type: 'spot', symbol: 'BTCUSDT' })).status).toBe(409);
  });

  it('a streamer following the watchlist sees an add and a removal without restarting', async () => {
    const seen: string[][] = [];
    const stop = followWatchlist(db, 'binance_spot', (symbols) => seen.push(symbols), { now: () => clock.now(), log: () => undefined });
    try {
      await eventually(() => seen.length >= 1, 10_000, 'the initial watchlist');
      expect(seen.at(-1)).not.toContain('XRP/USDT');
      expect((await call('POST', '/api/v1/watchlist/add', { exchange: 'binance', market_type: 'spot', symbol: 'XRPUSDT', priority: 1 })).status).toBe(201);
      await eventually(() => seen.at(-1)?.includes('XRP/USDT') === true, 10_000, 'XRP/USDT added');
      expect(seen.at(-1)?.[0]).toBe('BTC/USDT'); // priority 1 entries by symbol: BTC, ETH, SOL, XRP
      await call('DELETE', '/api/v1/watchlist/remove', { exchange: 'binance', market_type: 'spot', symbol: 'XRPUSDT' });
      await eventually(() => seen.at(-1)?.includes('XRP/USDT') === false, 10_000, 'XRP/USDT removed');
    } finally {
      stop();
    }
  });
});

describe('watchlistApi as deployed: the onRequest function on functions-framework', () => {
  it('parses the body Express already read, checks the key from CASCADE_API_KEY, and writes the entry', async () => {
    const projectId = uniqueProjectId('wlfn');
    const app = initializeApp({ projectId }, projectId);
    const fake = await startFakeBinance({ symbols: [fakeSymbol('PEPE', 'USDT')] });
    const port = await freePort();
    const req = createRequire(import.meta.url);
    const ffMain = join(dirname(req.resolve('@google-cloud/functions-framework')), 'main.js');
    const fn = spawnManaged('fn:watchlistApi', process.execPath, ['--import', req.resolve('tsx'), ffMain, '--target=watchlistApi', `--source=${join(repoRoot, 'functions/src/watchlist-api/function.ts')}`, '--signature-type=http', `--port=${port}`], {
      env: {
        ...process.env,
        FIRESTORE_EMULATOR_HOST: inject('firestoreHost'),
        PUBSUB_EMULATOR_HOST: inject('pubsubHost'),
        GCLOUD_PROJECT: projectId,
        GOOGLE_CLOUD_PROJECT: projectId,
        FIREBASE_CONFIG: JSON.stringify({ projectId }),
        METADATA_SERVER_DETECTION: 'none',
        NODE_OPTIONS: '',
        CASCADE_API_KEY: API_KEY,
        CCXT_OVERRIDES: JSON.stringify({ binance: fake.ccxtConfig }),
        FUNCTION_TARGET: 'watchlistApi',
        K_SERVICE: 'watchlistApi',
        FUNCTION_SIGNATURE_TYPE: 'http',
      },
      logFile: join(repoRoot, '.cascade/logs/test', projectId, 'fn-watchlistApi.log'),
      cwd: repoRoot,
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitForHttp(url, 'watchlistApi', 90_000, fn.exited);
      const post = (body: string, key = API_KEY) => fetch(`${url}/api/v1/watchlist/add`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body });
      expect((await post('{}', 'wrong')).status).toBe(401);
      const bad = await post(JSON.stringify({ exchange: 'binance', market_type: 'spot', symbol: 'PEPEUSDT', priority: 7 }));
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { fields: { path: string }[] } }).error.fields.map((f) => f.path)).toEqual(['priority']);
      const ok = await post(JSON.stringify({ exchange: 'binance', market_type: 'spot', symbol: 'PEPEUSDT' }));
      expect(ok.status).toBe(201);
      const stored = WatchlistEntrySchema.parse((await getFirestore(app).doc('watchlists/binance_spot/symbols/PEPE-USDT').get()).data());
      expect(stored).toMatchObject({ symbol: 'PEPE/USDT', source: 'manual', priority: 3 });
      expect(stored.expiresAt! - stored.addedAt).toBe(24 * HOUR);
    } finally {
      await fn.stop();
      await fake.close();
      await deleteApp(app);
    }
  });
});
