/**
 * What production runs: the files a deploy, a process spawn or a package script starts. Every non-test
 * module under a workspace's src/ must be reachable from one of these, or it is code nobody runs.
 * Paths are relative to the repo root.
 */
export const entryPoints = [
  // Deployed: functions/scripts/build.mjs bundles this file; its exports are the Cloud Functions.
  'functions/src/index.ts',
  // The local stack (tools/src/local/stack.ts) starts these by path, as separate processes.
  'functions/src/jobs/local-host.ts',
  'run-services/src/analytics/main.ts',
  'run-services/src/streamer/main.ts',
  // Root package.json scripts: start, cli, backtest, data, bench, bench:e2e, bench:scale, check:layout.
  'tools/src/local/cli.ts',
  'tools/src/cli/main.ts',
  'tools/src/backtest/main.ts',
  'tools/src/data/main.ts',
  'tools/src/synthetic/main.ts',
  'tools/src/bench/bench.ts',
  'tools/src/bench/bench-e2e.ts',
  'tools/src/bench/scale/main.ts',
  // Run as `npx tsx tools/src/bench/store-append-bench.ts` (its header says so).
  'tools/src/bench/store-append-bench.ts',
  'tools/src/check/unreachable-modules.ts',
  // Run by hand once, on the code before an optimisation (its header says so): the parity golden.
  'tools/src/bench/analytics/write-parity-golden.ts',
  // Started by path as a worker thread (tools/src/jobs/run-jobs.ts, `backtest --workers N`).
  'tools/src/jobs/job-worker.ts',
  // Started by path as a child process of the backtest.workers2 bench cases (cases/backtest-tape.ts).
  'tools/src/bench/cases/isolated-job.ts',
  // `npm run infra`: provisioning of a real project (or the emulator).
  'infra/src/main.ts',
  // `npm run calibrate`: the numbers of docs/calibration.md.
  'tools/src/calibrate/main.ts',
  // `npm run deploy`: build, push the service images, infra apply, firebase deploy.
  'tools/src/deploy/main.ts',
] as const;

/** The workspaces whose src/ must hold only code production runs (test/ is not one of them). */
export const workspaceDirs = ['core', 'adapters', 'functions', 'run-services', 'tools', 'infra'] as const;

/**
 * Production code written ahead of its caller, each with the issue that wires it. The check reports these
 * apart and does not fail on them; the test fails as soon as one becomes reachable (remove it here) and
 * the list may only shrink. Nothing else may be unreachable.
 */
export const awaitingWiring: readonly { readonly module: string; readonly issue: number; readonly why: string }[] = [];
