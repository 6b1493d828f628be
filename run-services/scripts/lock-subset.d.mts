// Types of lock-subset.mjs for the TypeScript that tests it.
export interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  peer?: boolean;
  link?: boolean;
  [field: string]: unknown;
}
export interface Lock {
  name?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}
export function subsetLock(full: Lock, pkg: { name: string; dependencies: Record<string, string>; engines?: Record<string, string> }, workspaces?: readonly string[]): Lock;
