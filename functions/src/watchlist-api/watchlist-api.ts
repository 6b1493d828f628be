import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FieldError, type WatchlistEntry, WatchlistEntrySchema, watchlistSymbolKey } from '@cascade/core';
import { type VenueMarkets, VenueUnavailableError } from '@cascade/adapters/venues/ccxt';
import type { Authenticator, Caller } from './auth.js';
import { type ApiRequest, type ApiResponse, sendApiResponse, toApiRequest } from './http.js';
import type { RateLimiter } from './rate-limit.js';
import { AddBody, FlattenBody, ListQuery, RemoveBody, RenewBody, check } from './schemas.js';
import type { FlattenReport, FlattenScope } from '@cascade/adapters/execution';
import type { WatchlistKey, WatchlistStore } from './watchlist-store.js';

export const API_BASE = '/api/v1/watchlist';
/** The dashboard's flatten-all (issue 13): the CLI's exactly-once close path behind the same auth. */
export const FLATTEN_PATH = '/api/v1/flatten';

export interface WatchlistApiDeps {
  readonly store: WatchlistStore;
  readonly markets: VenueMarkets;
  readonly auth: Authenticator;
  readonly limiter: RateLimiter;
  readonly log: (line: string) => void;
  /** `cli flatten`'s path (`flattenLivePositions`); absent = the route answers 501. */
  readonly flatten?: (scope: FlattenScope, by: string) => Promise<FlattenReport>;
}

type Route = 'add' | 'remove' | 'renew' | 'list' | 'top-liquid' | 'flatten';

/** Path → method → route. */
const routes: Readonly<Record<string, Readonly<Record<string, Route>>>> = {
  [API_BASE]: { GET: 'list' },
  [`${API_BASE}/add`]: { POST: 'add' },
  [`${API_BASE}/remove`]: { DELETE: 'remove' },
  [`${API_BASE}/renew`]: { POST: 'renew' },
  [`${API_BASE}/top-liquid`]: { GET: 'top-liquid' },
  [FLATTEN_PATH]: { POST: 'flatten' },
};

const error = (status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): ApiResponse => ({
  status,
  body: { error: { code, message, ...extra } },
  ...(headers ? { headers } : {}),
});

const invalid = (errors: FieldError[]): ApiResponse => error(400, 'invalid_request', 'the request has invalid fields', { fields: errors });

/** The API's view of an entry: snake_case like the request bodies, instants as ISO strings. */
export function entryJson(e: WatchlistEntry): Record<string, unknown> {
  return {
    exchange: e.exchange,
    market_type: e.marketType,
    symbol: e.symbol,
    symbol_key: watchlistSymbolKey(e.symbol),
    source: e.source,
    priority: e.priority,
    added_at: new Date(e.addedAt).toISOString(),
    expires_at: e.expiresAt === null ? null : new Date(e.expiresAt).toISOString(),
    added_by: e.addedBy,
    ...(e.liquidity
      ? { liquidity: { rank: e.liquidity.rank, quote_volume_24h: e.liquidity.quoteVolume24h, trades_24h: e.liquidity.trades24h, spread_bps: e.liquidity.spreadBps } }
      : {}),
  };
}

/**
 * The §5.3 watchlist API as a plain function of a request. Order of refusals: unknown route (404/405),
 * credentials (401/403), rate limit (429), fields (400), venue symbol check (422).
 */
export function createWatchlistApi(d: WatchlistApiDeps): (req: ApiRequest) => Promise<ApiResponse> {
  /** The caller's symbol as the venue's unified symbol, or the refusal. */
  const resolve = async (exchange: string, marketType: WatchlistEntry['marketType'], symbol: string, mustTrade: boolean): Promise<WatchlistKey | ApiResponse> => {
    const found = await d.markets.lookup(exchange, marketType, symbol);
    if (found.kind === 'unknown-venue') return error(422, 'unknown_venue', found.message);
    if (found.kind === 'unknown-symbol') return error(422, 'unknown_symbol', found.message);
    if (mustTrade && !found.active) return error(422, 'market_inactive', `${exchange} ${found.symbol} is not trading`);
    if (!WatchlistEntrySchema.shape.symbol.safeParse(found.symbol).success) return error(422, 'unsupported_symbol', `${found.symbol} is not a symbol the watchlist can hold`);
    return { exchange, marketType, symbol: found.symbol };
  };

  /** Remove and renew also take a symbol the venue no longer lists, when it is given in unified form. */
  const keyFor = async (exchange: string, marketType: WatchlistEntry['marketType'], symbol: string): Promise<WatchlistKey | ApiResponse> => {
    const r = await resolve(exchange, marketType, symbol, false);
    if (!('status' in r)) return r;
    const unified = WatchlistEntrySchema.shape.symbol.safeParse(symbol.toUpperCase());
    return unified.success ? { exchange, marketType, symbol: unified.data } : r;
  };

  const handlers: Record<Route, (req: ApiRequest, caller: Caller) => Promise<ApiResponse>> = {
    async add(req, caller) {
      const b = check(AddBody, req.body);
      if (!b.ok) return invalid(b.errors);
      const k = await resolve(b.value.exchange, b.value.market_type, b.value.symbol, true);
      if ('status' in k) return k;
      const out = await d.store.add(k, { durationHours: b.value.duration_hours, priority: b.value.priority, addedBy: caller.id });
      return { status: out.created ? 201 : 200, body: { created: out.created, entry: entryJson(out.entry) } };
    },
    async renew(req) {
      const b = check(RenewBody, req.body);
      if (!b.ok) return invalid(b.errors);
      const k = await keyFor(b.value.exchange, b.value.market_type, b.value.symbol);
      if ('status' in k) return k;
      const out = await d.store.renew(k, b.value.duration_hours);
      if (out.kind === 'missing') return error(404, 'not_found', `${k.symbol} is not on the ${k.exchange} ${k.marketType} watchlist`);
      if (out.kind === 'invalid') return error(409, 'invalid_entry', 'the stored entry is invalid; fix or remove it', { fields: out.errors });
      if (out.kind === 'permanent') return error(409, 'permanent_entry', `${k.symbol} is a top-liquid entry and does not expire`, { entry: entryJson(out.entry) });
      return { status: 200, body: { entry: entryJson(out.entry) } };
    },
    async remove(req) {
      // DELETE bodies are legal but some clients cannot send them: the query string works too.
      const input = req.body !== undefined ? req.body : Object.fromEntries(req.query);
      const b = check(RemoveBody, input);
      if (!b.ok) return invalid(b.errors);
      const k = await keyFor(b.value.exchange, b.value.market_type, b.value.symbol);
      if ('status' in k) return k;
      const out = await d.store.remove(k);
      if (!out.removed) return error(404, 'not_found', `${k.symbol} is not on the ${k.exchange} ${k.marketType} watchlist`);
      return { status: 200, body: { removed: out.entry ? entryJson(out.entry) : { symbol: k.symbol } } };
    },
    async list(req) {
      const q = check(ListQuery, Object.fromEntries(req.query));
      if (!q.ok) return invalid(q.errors);
      const entries = await d.store.active(q.value.exchange, q.value.market_type);
      return { status: 200, body: { exchange: q.value.exchange, market_type: q.value.market_type, count: entries.length, entries: entries.map(entryJson) } };
    },
    async flatten(req, caller) {
      const b = check(FlattenBody, req.body);
      if (!b.ok) return invalid(b.errors);
      if (!d.flatten) return error(501, 'not_configured', 'flatten is not available on this deployment');
      const scope = b.value.module !== undefined ? { module: b.value.module } : { all: true as const };
      d.log(`flatten requested by ${caller.id}: ${'module' in scope ? `module ${scope.module}` : 'all'}`);
      const report = await d.flatten(scope, caller.id);
      return { status: report.failed.length === 0 ? 200 : 207, body: { closed: report.closed, failed: report.failed } };
    },
    async 'top-liquid'(req) {
      const q = check(ListQuery, Object.fromEntries(req.query));
      if (!q.ok) return invalid(q.errors);
      const entries = await d.store.topLiquid(q.value.exchange, q.value.market_type);
      return { status: 200, body: { exchange: q.value.exchange, market_type: q.value.market_type, count: entries.length, entries: entries.map(entryJson) } };
    },
  };

  return async (req) => {
    const methods = routes[req.path];
    if (!methods) return error(404, 'no_route', `no route ${req.path}`);
    const route = methods[req.method];
    if (!route) return error(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}`, {}, { allow: Object.keys(methods).join(', ') });
    const auth = await d.auth.authenticate(req.headers);
    if (!auth.ok) return error(auth.status, auth.code, auth.message, {}, auth.status === 401 ? { 'www-authenticate': 'Bearer realm="cascade"' } : undefined);
    const rl = await d.limiter.take(auth.caller.id);
    if (!rl.allowed) return error(429, 'rate_limited', `too many requests; retry in ${rl.retryAfterS} s`, {}, { 'retry-after': String(rl.retryAfterS) });
    if (req.bodyError !== null) return error(400, 'invalid_body', req.bodyError);
    try {
      return await handlers[route](req, auth.caller);
    } catch (e) {
      if (e instanceof VenueUnavailableError) return error(503, 'venue_unavailable', `the venue did not answer: ${(e as Error).message}`, {}, { 'retry-after': '30' });
      d.log(`watchlist api: ${req.method} ${req.path} failed: ${(e as Error).stack ?? String(e)}`);
      return error(500, 'internal', 'internal error');
    }
  };
}

/** Adapts the API to a node/Express (req, res) handler, as `onRequest` and plain `http.createServer` call it. */
export function nodeHandler(api: () => (req: ApiRequest) => Promise<ApiResponse>): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    sendApiResponse(res, await api()(await toApiRequest(req)));
  };
}
