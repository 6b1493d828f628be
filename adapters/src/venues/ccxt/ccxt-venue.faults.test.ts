import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BreakerState, classifyFault } from '@cascade/core';
import { VenueCircuitOpenError } from './venue-errors.js';
import { binanceVenue } from '../../../../test/fakes/ccxt/venue-harness.js';
import { type FakeBinance, startFakeBinance } from '../../../../test/fakes/binance/index.js';

const ORDER = { method: 'POST', path: '/api/v3/order' } as const;
const buy = (clientOrderId: string) => ({ clientOrderId, symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.010' }) as const;

// Retries, give-ups and the breaker, through the real ccxt binance client and the local fake.
describe('CcxtVenue · faults (§12.3)', () => {
  let fake: FakeBinance;
  beforeEach(async () => {
    fake = await startFakeBinance();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('backs off on 429 / -1003, waiting at least the Retry-After, then places exactly one order', async () => {
    const h = await binanceVenue(fake, 'spot');
    await h.venue.market('BTC/USDT');
    fake.injectFault(ORDER, { kind: 'error', status: 429, code: -1003, msg: 'Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute.', retryAfterSec: 3 }, 2);
    const o = await h.venue.createOrder(buy('cx-1000000000aaaaaaaaaa'));
    expect(o.status).toBe('closed');
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === ORDER.path)).toHaveLength(3);
    expect(fake.orders('spot')).toHaveLength(1);
    // The jitter ceiling is 100 ms and 200 ms; the venue asked for 3 s each time.
    expect(h.sleeper.waits).toEqual([3_000, 3_000]);
    expect(h.events.filter((e) => e.type === 'retry').map((e) => (e.type === 'retry' ? e.fault : ''))).toEqual(['rate_limited', 'rate_limited']);
  });

  it('backs off exponentially with jitter when no Retry-After comes (418 / -1003): each wait below its ceiling', async () => {
    const h = await binanceVenue(fake, 'spot');
    await h.venue.market('BTC/USDT');
    fake.injectFault(ORDER, { kind: 'error', status: 418, code: -1003, msg: 'Way too much request weight used; IP banned until 1700000000000.' }, 3);
    await h.venue.createOrder(buy('cx-1100000000aaaaaaaaaa'));
    // policy: base 100 ms, factor 2 → ceilings 100, 200, 400 (full jitter: uniform in [0, ceiling))
    expect(h.sleeper.waits).toHaveLength(3);
    h.sleeper.waits.forEach((w, i) => expect(w).toBeLessThan(100 * 2 ** i));
    expect(fake.orders('spot')).toHaveLength(1);
  });

  it('a timeout after Binance accepted the order: the retry finds it by client id instead of placing a second', async () => {
    const h = await binanceVenue(fake, 'spot', { timeoutMs: 300 });
    await h.venue.market('BTC/USDT');
    fake.injectFault(ORDER, { kind: 'delay', ms: 800, apply: true });
    const o = await h.venue.createOrder(buy('cx-2000000000aaaaaaaaaa'));
    expect(o).toMatchObject({ clientOrderId: 'cx-2000000000aaaaaaaaaa', status: 'closed' });
    expect(fake.orders('spot')).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === ORDER.path)).toHaveLength(1);
    expect(h.events).toContainEqual({ type: 'recovered_order', clientOrderId: 'cx-2000000000aaaaaaaaaa', via: 'lookup_after_unknown_outcome' });
    expect(h.events.find((e) => e.type === 'retry')).toMatchObject({ fault: 'timeout' });
  });

  it('a timeout before Binance saw the order: the lookup finds nothing and the retry places it once', async () => {
    const h = await binanceVenue(fake, 'spot', { timeoutMs: 300 });
    await h.venue.market('BTC/USDT');
    fake.injectFault(ORDER, { kind: 'delay', ms: 800, apply: false });
    const o = await h.venue.createOrder(buy('cx-3000000000aaaaaaaaaa'));
    expect(o.status).toBe('closed');
    expect(fake.orders('spot')).toHaveLength(1);
    // Looked up at once, then again after the lost request's lifetime (10 s recvWindow) had passed —
    // it could still have landed until then (issue 11 #9) — and only then placed again.
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path === ORDER.path && r.params.origClientOrderId === 'cx-3000000000aaaaaaaaaa')).toHaveLength(2);
    expect(Math.max(...h.sleeper.waits)).toBeGreaterThan(9_000);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === ORDER.path)).toHaveLength(2);
  });

  it('never retries -2010 "Account has insufficient balance…" (ccxt: InsufficientFunds)', async () => {
    const h = await binanceVenue(fake, 'spot');
    await expect(h.venue.createOrder({ ...buy('cx-4000000000aaaaaaaaaa'), amount: '1.000' })).rejects.toMatchObject({ name: 'InsufficientFunds' });
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === ORDER.path)).toHaveLength(1);
    expect(h.sleeper.waits).toEqual([]);
    expect(h.events).toContainEqual(expect.objectContaining({ type: 'give_up', reason: 'not_retryable' }));
    expect(h.venue.breaker.snapshot().failuresInWindow).toBe(0); // the venue answered: not a health failure
  });

  it('never retries any other -2010 rejection (ccxt: InvalidOrder)', async () => {
    const h = await binanceVenue(fake, 'spot');
    await h.venue.market('BTC/USDT');
    fake.injectFault(ORDER, { kind: 'error', status: 400, code: -2010, msg: 'Order would immediately match and take.' });
    const err: unknown = await h.venue.createOrder(buy('cx-4100000000aaaaaaaaaa')).then(() => null, (e: unknown) => e);
    expect(classifyFault(err).lineage).toContain('InvalidOrder'); // ccxt: OrderImmediatelyFillable ⊂ InvalidOrder
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === ORDER.path)).toHaveLength(1);
    expect(h.sleeper.waits).toEqual([]);
  });

  it('retries -1021 (timestamp outside recvWindow; ccxt: InvalidNonce, never reached the engine) with a fresh timestamp', async () => {
    const h = await binanceVenue(fake, 'spot');
    await h.venue.market('BTC/USDT');
    fake.injectFault(ORDER, { kind: 'error', status: 400, code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
    await h.venue.createOrder(buy('cx-5000000000aaaaaaaaaa'));
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === ORDER.path);
    expect(posts).toHaveLength(2);
    expect(posts[0]?.params.timestamp).not.toBe(undefined);
    expect(fake.orders('spot')).toHaveLength(1);
    // NotApplied: no lookup by client id was needed before the retry.
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path === ORDER.path)).toHaveLength(0);
  });

  it('opens the breaker after 5 failures: entries are refused without a request, exits still go out', async () => {
    const h = await binanceVenue(fake, 'perp', { retry: { maxAttempts: 1 }, breakerThreshold: 5 });
    await h.venue.createOrder({ clientOrderId: 'cx-6000000000aaaaaaaaaa', symbol: 'BTC/USDT:USDT', side: 'buy', type: 'market', amount: '0.010' });
    fake.injectFault({ method: 'GET', path: '/fapi/v3/account' }, { kind: 'error', status: 503, code: -1008, msg: 'Server is currently overloaded with other requests. Please try again in a few minutes.' }, 5);
    for (let i = 0; i < 5; i++) await expect(h.venue.fetchBalance()).rejects.toBeTruthy();
    expect(h.venue.breaker.state()).toBe(BreakerState.Open);

    const posts = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/fapi/v1/order').length;
    const before = posts();
    await expect(h.venue.createOrder({ clientOrderId: 'cx-6100000000aaaaaaaaaa', symbol: 'BTC/USDT:USDT', side: 'buy', type: 'market', amount: '0.010' })).rejects.toBeInstanceOf(VenueCircuitOpenError);
    await expect(h.venue.fetchOpenOrders('BTC/USDT:USDT')).rejects.toBeInstanceOf(VenueCircuitOpenError);
    expect(posts()).toBe(before);
    const exit = await h.venue.createOrder({ clientOrderId: 'cx-6200000000aaaaaaaaaa', symbol: 'BTC/USDT:USDT', side: 'sell', type: 'market', amount: '0.010', reduceOnly: true });
    expect(exit.status).toBe('closed');
    expect(fake.position('BTCUSDT')).toBe('0');

    // 60 s later it half-opens; two good calls close it and entries flow again.
    h.clock.advance(60_000);
    await h.venue.fetchBalance();
    await h.venue.fetchBalance();
    expect(h.venue.breaker.state()).toBe(BreakerState.Closed);
    await h.venue.createOrder({ clientOrderId: 'cx-6300000000aaaaaaaaaa', symbol: 'BTC/USDT:USDT', side: 'buy', type: 'market', amount: '0.010' });
  });
});
