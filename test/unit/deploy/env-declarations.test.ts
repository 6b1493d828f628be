import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

describe('every environment variable of a deployable is declared once (issue 12 item 4)', () => {
  it('only the declaration modules read process.env in core, adapters, functions and the services', () => {
    const readers = ['core/src', 'adapters/src', 'functions/src', 'run-services/src']
      .flatMap((d) => sources(join(root, d)))
      // A read is `process.env` used as a value (not in a comment).
      .filter((f) => readFileSync(f, 'utf8').split('\n').some((l) => /process\.env\b/.test(l.replace(/\/\/.*$|^\s*\*.*$/, ''))))
      .map((f) => relative(root, f))
      .sort();
    // The services' zod declarations (service-env.ts, with streamer-env.ts and analytics-env.ts) and the
    // functions' platform variables (platform-env.ts; their settings are defineString/defineInt/defineSecret params).
    expect(readers).toEqual(['functions/src/runtime/platform-env.ts', 'run-services/src/shared/service-env.ts']);
  });
});
