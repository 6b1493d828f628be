// The part of a monorepo's package-lock.json one bundle needs (see subsetLock). Its own module so the
// rules are unit-tested (test/unit/build/lock-subset.test.ts) without running a build.

/**
 * The part of the monorepo's package-lock.json the service needs: every package reachable from its
 * dependencies, at the same paths (node's resolution walks up node_modules folders, so the hoisted
 * layout stays valid for a subset). Flags that described the monorepo (dev, peer) are dropped.
 */
export function subsetLock(full, pkg, workspaces = []) {
  const packages = full.packages;
  // A workspace with its own copy of a dependency (`<workspace>/node_modules/x`) would need its subtree
  // moved to the root; the hoisted root copy would be the wrong version, so say so instead.
  for (const ws of workspaces) {
    for (const d of Object.keys(pkg.dependencies)) {
      if (packages[`${ws}/node_modules/${d}`]) throw new Error(`${ws} has its own version of ${d} in package-lock.json; align it with the root's (npm dedupe) so the image gets the version the tests ran`);
    }
  }
  const keep = new Map();
  const resolve = (from, name) => {
    // from: '' (the root) or 'node_modules/a/node_modules/b'
    let base = from;
    for (;;) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (!base) return null;
      const i = base.lastIndexOf('/node_modules/');
      base = i < 0 ? '' : base.slice(0, i);
    }
  };
  const visit = (from, name, optional) => {
    const at = resolve(from, name);
    if (at === null) {
      if (optional) return;
      throw new Error(`package-lock.json has no entry for ${name} (needed from ${from || pkg.name}); run npm install`);
    }
    if (keep.has(at)) return;
    const entry = { ...packages[at] };
    if (entry.link) throw new Error(`${name} resolves to a workspace link (${at}); only registry packages can go into the image`);
    keep.set(at, entry);
    for (const d of Object.keys(entry.dependencies ?? {})) visit(at, d, false);
    // The monorepo's lock holds only the platform packages of the machine that wrote it (DuckDB's
    // bindings for linux-x64 here: what node:22-slim on Cloud Build runs); the others are left out of
    // the entry too, or `npm ci` would call the lock out of sync.
    const present = Object.entries(entry.optionalDependencies ?? {}).filter(([d]) => resolve(at, d) !== null);
    if (entry.optionalDependencies) entry.optionalDependencies = Object.fromEntries(present);
    for (const [d] of present) visit(at, d, true);
    for (const [d, range] of Object.entries(entry.peerDependencies ?? {})) {
      void range;
      visit(at, d, entry.peerDependenciesMeta?.[d]?.optional === true);
    }
  };
  for (const d of Object.keys(pkg.dependencies)) visit('', d, false);
  const out = { '': { name: pkg.name, dependencies: pkg.dependencies, engines: pkg.engines } };
  for (const at of [...keep.keys()].sort()) {
    const { dev, devOptional, peer, ...rest } = keep.get(at);
    void dev;
    void peer;
    out[at] = devOptional ? { ...rest, optional: true } : rest;
  }
  return { name: pkg.name, lockfileVersion: 3, requires: true, packages: out };
}
