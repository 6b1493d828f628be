import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parityCases } from './parity-digest.js';

// The golden was written by the code of commit 8f803b4, before the issue-14 speed-ups (see
// write-parity-golden.ts): an independent source for "results identical to today's".
const golden = JSON.parse(readFileSync(new URL('./analytics-parity.golden.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('SymbolAnalytics outcomes match the pre-optimisation code', () => {
  for (const [name, run] of Object.entries(parityCases)) {
    it(`${name}: every setup, closed candle, funnel count and warm-up identical`, () => {
      expect(JSON.parse(JSON.stringify(run()))).toEqual(golden[name]);
    });
  }
});
