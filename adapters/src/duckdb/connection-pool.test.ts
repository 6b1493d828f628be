import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate } from 'node:timers';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_OPEN, DuckDbPool } from './connection-pool.js';

const dirs: string[] = [];
const pools: DuckDbPool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.closeAll();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function setup(maxOpen: number): Promise<{ pool: DuckDbPool; path: (name: string) => string }> {
  const dir = await mkdtemp(join(tmpdir(), 'cascade-pool-'));
  dirs.push(dir);
  const pool = new DuckDbPool(maxOpen);
  pools.push(pool);
  return { pool, path: (name) => join(dir, name, 'trading.duckdb') };
}

const noInit = async () => undefined;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('DuckDbPool', () => {
  it('defaults to 200 and refuses a cap below 1', () => {
    expect(new DuckDbPool().maxOpen).toBe(200);
    expect(DEFAULT_MAX_OPEN).toBe(200);
    expect(() => new DuckDbPool(0)).toThrow('positive integer');
  });

  it('does not evict a file in use: the next open waits for its release', async () => {
    const { pool, path } = await setup(1);
    const hold = deferred();
    const entered = deferred();
    const a = pool.use(path('a'), noInit, async (conn) => {
      entered.resolve();
      await hold.promise;
      return (await conn.runAndReadAll('SELECT 1 AS x')).getRowObjectsJS();
    });
    await entered.promise;
    let bOpened = false;
    const b = pool.use(path('b'), noInit, async () => {
      bOpened = true;
    });
    // Give b every chance to run; it must still be waiting while a holds the only slot.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(bOpened).toBe(false);
    expect(pool.openPaths()).toEqual([path('a')]);
    hold.resolve();
    expect(await a).toEqual([{ x: 1 }]);
    await b;
    expect(bOpened).toBe(true);
    expect(pool.openPaths()).toEqual([path('b')]);
    expect(pool.evictions).toBe(1);
  });

  it('opens a path once for concurrent users', async () => {
    const { pool, path } = await setup(4);
    let inits = 0;
    const init = async () => {
      inits += 1;
    };
    await Promise.all(Array.from({ length: 5 }, () => pool.use(path('a'), init, async (c) => c.run('SELECT 1'))));
    expect(inits).toBe(1);
    expect(pool.opens).toBe(1);
  });

  it('frees the slot of a file whose initialisation failed', async () => {
    const { pool, path } = await setup(1);
    await expect(pool.use(path('a'), async () => Promise.reject(new Error('bad schema')), async () => 1)).rejects.toThrow('bad schema');
    expect(pool.openCount).toBe(0);
    expect(await pool.use(path('b'), noInit, async () => 2)).toBe(2);
  });

  it('closes everything on closeAll and refuses use afterwards', async () => {
    const { pool, path } = await setup(3);
    await pool.use(path('a'), noInit, async () => undefined);
    await pool.use(path('b'), noInit, async () => undefined);
    await pool.closeAll();
    expect(pool.openCount).toBe(0);
    await expect(pool.use(path('a'), noInit, async () => undefined)).rejects.toThrow('closed');
  });
});
