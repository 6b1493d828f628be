import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const coreSrc = new URL('../../core/src/', import.meta.url).pathname;
const forbidden = /^(firebase|firebase-admin|firebase-functions|@google-cloud\/|ccxt|ethers|@solana\/|duckdb|@duckdb\/|@sendgrid\/|(node:)?(fs|net|http|https|http2|dgram|child_process)(\/|$))/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

export function ioImports(source: string): string[] {
  const specs = [...source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  return specs.filter((s) => forbidden.test(s));
}

describe('core stays pure (no I/O imports)', () => {
  it('recognises the forbidden imports it is meant to catch', () => {
    expect(ioImports(`import { readFileSync } from 'node:fs';`)).toEqual(['node:fs']);
    expect(ioImports(`import x from "fs/promises"`)).toEqual(['fs/promises']);
    expect(ioImports(`import { getFirestore } from 'firebase-admin/firestore';`)).toEqual(['firebase-admin/firestore']);
    expect(ioImports(`const c = await import('ccxt')`)).toEqual(['ccxt']);
    expect(ioImports(`import { PubSub } from '@google-cloud/pubsub'`)).toEqual(['@google-cloud/pubsub']);
    expect(ioImports(`import { z } from 'zod'; import { x } from './fs.js'`)).toEqual([]);
  });

  it('no file under core/src imports firebase, google-cloud, ccxt, ethers, solana, duckdb or node fs/net/http', () => {
    const offenders = files(coreSrc).flatMap((f) => ioImports(readFileSync(f, 'utf8')).map((s) => `${relative(coreSrc, f)} imports ${s}`));
    expect(offenders).toEqual([]);
  });

  it('core reads no clock or randomness directly', () => {
    const offenders = files(coreSrc).filter((f) => /\bDate\.now\(|Math\.random\(|crypto\.randomUUID\(/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(coreSrc, f))).toEqual([]);
  });
});
