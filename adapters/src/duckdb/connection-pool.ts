import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/** §2.2.7 ConnectionPoolManager: at most 200 databases open at once. */
export const DEFAULT_MAX_OPEN = 200;

/**
 * Every open file is its own DuckDB instance with its own buffer pool and threads. One thread (the
 * work per symbol is small, and 200 instances × cores threads would swamp the machine) and a
 * bounded buffer pool (DuckDB's default is 80 % of RAM per instance; larger work spills to disk).
 */
export const DEFAULT_INSTANCE_OPTIONS: Readonly<Record<string, string>> = { threads: '1', memory_limit: '64MB' };

interface Entry {
  readonly ready: Promise<Opened>;
  opened: Opened | null;
  pins: number;
}

interface Opened {
  readonly instance: DuckDBInstance;
  readonly conn: DuckDBConnection;
}

/**
 * An LRU of open DuckDB files keyed by path, at most `maxOpen` at any moment (opening ones count).
 * `use` pins a file while its callback runs; only unpinned files are evicted (least recently used
 * first, closed synchronously, reopened on the next `use`). When every open file is pinned, `use`
 * waits for one to be released rather than exceed the cap. One path is never open twice: DuckDB
 * lets one process open the same file twice, and two writers would corrupt it.
 */
export class DuckDbPool {
  private readonly entries = new Map<string, Entry>();
  private waiters: (() => void)[] = [];
  private closed = false;
  /** Files opened over the pool's life (reopens included). */
  opens = 0;
  /** Files closed to make room. */
  evictions = 0;

  constructor(
    readonly maxOpen: number = DEFAULT_MAX_OPEN,
    private readonly instanceOptions: Readonly<Record<string, string>> = DEFAULT_INSTANCE_OPTIONS,
  ) {
    if (!Number.isInteger(maxOpen) || maxOpen < 1) throw new Error(`maxOpen must be a positive integer, got ${maxOpen}`);
  }

  get openCount(): number {
    return this.entries.size;
  }

  isOpen(path: string): boolean {
    return this.entries.has(path);
  }

  /** Open paths, least recently used first. */
  openPaths(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * Runs `fn` on the file's connection, opening it first if needed (creating its directory, then
   * `init` on the fresh connection, e.g. the schema).
   */
  async use<T>(path: string, init: (conn: DuckDBConnection) => Promise<void>, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const entry = await this.acquire(path, init);
    try {
      return await fn((entry.opened as Opened).conn);
    } finally {
      entry.pins -= 1;
      this.wake();
    }
  }

  /** Closes every file once no callback is running; `use` fails afterwards. */
  async closeAll(): Promise<void> {
    this.closed = true;
    this.wake();
    while ([...this.entries.values()].some((e) => e.pins > 0)) await new Promise<void>((r) => this.waiters.push(r));
    for (const [path, e] of [...this.entries]) {
      this.entries.delete(path);
      if (e.opened) close(e.opened);
    }
  }

  private async acquire(path: string, init: (conn: DuckDBConnection) => Promise<void>): Promise<Entry> {
    for (;;) {
      if (this.closed) throw new Error('store closed');
      const hit = this.entries.get(path);
      if (hit) {
        this.entries.delete(path);
        this.entries.set(path, hit);
        hit.pins += 1;
        try {
          await hit.ready;
        } catch (e) {
          hit.pins -= 1;
          throw e;
        }
        return hit;
      }
      if (this.entries.size >= this.maxOpen && !this.evictOne()) {
        await new Promise<void>((r) => this.waiters.push(r));
        continue;
      }
      const entry: Entry = { ready: this.open(path, init), opened: null, pins: 1 };
      this.entries.set(path, entry);
      try {
        entry.opened = await entry.ready;
        this.opens += 1;
        return entry;
      } catch (e) {
        entry.pins -= 1;
        if (this.entries.get(path) === entry) this.entries.delete(path);
        this.wake();
        throw e;
      }
    }
  }

  private async open(path: string, init: (conn: DuckDBConnection) => Promise<void>): Promise<Opened> {
    await mkdir(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path, { ...this.instanceOptions });
    let conn: DuckDBConnection | null = null;
    try {
      conn = await instance.connect();
      await init(conn);
      return { instance, conn };
    } catch (e) {
      conn?.closeSync();
      instance.closeSync();
      throw e;
    }
  }

  private evictOne(): boolean {
    for (const [path, e] of this.entries) {
      if (e.pins === 0 && e.opened) {
        this.entries.delete(path);
        close(e.opened);
        this.evictions += 1;
        return true;
      }
    }
    return false;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}

function close(o: Opened): void {
  o.conn.closeSync();
  o.instance.closeSync();
}
