import { describe, expect, it } from 'vitest';
import { type Lock, subsetLock } from '../../../run-services/scripts/lock-subset.mjs';

// A hand-made monorepo lock: a (needs b@1, nested under a because the root holds b@2), c (dev only),
// d (needs the optional platform packages p-linux, present, and p-mac, absent from the lock), and e
// (reached by a dev path and an optional prod path: devOptional).
const full: Lock = {
  lockfileVersion: 3,
  packages: {
    '': { name: 'mono' },
    'node_modules/a': { version: '1.0.0', dependencies: { b: '^1' } },
    'node_modules/a/node_modules/b': { version: '1.5.0' },
    'node_modules/b': { version: '2.0.0', dev: true },
    'node_modules/c': { version: '3.0.0', dev: true },
    'node_modules/d': { version: '4.0.0', dependencies: { a: '^1' }, optionalDependencies: { 'p-linux': '4.0.0', 'p-mac': '4.0.0', e: '^5' } },
    'node_modules/p-linux': { version: '4.0.0', optional: true, os: ['linux'] },
    'node_modules/e': { version: '5.0.0', devOptional: true },
  },
};

describe('subsetLock', () => {
  it('keeps exactly what the dependencies reach, at the same paths, flags rewritten for a production install', () => {
    const out = subsetLock(full, { name: 'svc', dependencies: { d: '^4' } });
    expect(out).toEqual({
      name: 'svc',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'svc', dependencies: { d: '^4' }, engines: undefined },
        // a's b resolves to the copy nested under a (1.5.0), never the root's dev-only 2.0.0.
        'node_modules/a': { version: '1.0.0', dependencies: { b: '^1' } },
        'node_modules/a/node_modules/b': { version: '1.5.0' },
        // The platform package missing from the monorepo's lock is dropped from d's entry too.
        'node_modules/d': { version: '4.0.0', dependencies: { a: '^1' }, optionalDependencies: { 'p-linux': '4.0.0', e: '^5' } },
        'node_modules/e': { version: '5.0.0', optional: true },
        'node_modules/p-linux': { version: '4.0.0', optional: true, os: ['linux'] },
      },
    });
  });

  it('refuses a dependency the lock does not hold, saying what to run', () => {
    expect(() => subsetLock(full, { name: 'svc', dependencies: { zzz: '^1' } })).toThrow(/no entry for zzz.*npm install/);
  });

  it('refuses a workspace-local version of a dependency (the root copy would be the wrong one)', () => {
    const lock: Lock = { ...full, packages: { ...full.packages, 'run-services/node_modules/a': { version: '0.9.0' } } };
    expect(() => subsetLock(lock, { name: 'svc', dependencies: { a: '^1' } }, ['run-services'])).toThrow(/run-services has its own version of a/);
  });
});
