/**
 * Lists the source modules no entry point reaches, each with why: nothing imports it, only tests do, only
 * other unreachable modules do, or only a barrel re-exports it and nobody uses what it exports.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { entryPoints, workspaceDirs } from './entry-points.js';
import { moduleFileOf, moduleUses, programFor, reachableFiles } from './reachable-modules.js';

export interface UnreachableModule {
  /** Relative to the root, with forward slashes. */
  readonly file: string;
  readonly reason: string;
}

export interface GraphInput {
  /** Names in the output are relative to this directory. */
  readonly root: string;
  readonly tsconfigPath: string;
  /** Absolute paths. */
  readonly entries: readonly string[];
  /** Absolute paths of the modules that must be reachable. */
  readonly modules: readonly string[];
}

const isTestFile = (file: string): boolean => /\.test\.tsx?$/.test(file);

/** Every non-test, non-declaration .ts file under a directory. */
export function sourceModules(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !isTestFile(f))
    .map((f) => join(dir, f))
    .sort();
}

const shortList = (files: readonly string[]): string => (files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`);

export function findUnreachable(input: GraphInput): UnreachableModule[] {
  const graph = programFor(input.tsconfigPath);
  const name = (file: string): string => relative(input.root, file).split(sep).join('/');
  const inProgram = (file: string): string => graph.program.getSourceFile(file)?.fileName ?? file;

  const entries = input.entries.map(inProgram);
  const reached = reachableFiles(graph, entries);
  const modules = input.modules.map(inProgram);
  const unreachable = modules.filter((m) => !reached.has(m));
  if (unreachable.length === 0) return [];

  // Who refers to each module, and how: the reasons are read off this reverse index.
  const refs = new Map<string, { importer: string; reExport: boolean }[]>();
  for (const file of graph.program.getSourceFiles()) {
    if (file.isDeclarationFile || file.fileName.includes('/node_modules/')) continue;
    for (const use of moduleUses(file)) {
      const target = moduleFileOf(graph.checker, use.specifier);
      if (target === undefined || target.fileName === file.fileName) continue;
      const list = refs.get(target.fileName) ?? [];
      list.push({ importer: file.fileName, reExport: use.kind === 're-export' });
      refs.set(target.fileName, list);
    }
  }

  const isTest = (file: string): boolean => isTestFile(file) || name(file).startsWith('test/') || name(file).includes('/test/');
  return unreachable.map((module) => {
    const importers = [...new Set((refs.get(module) ?? []).map((r) => r.importer))];
    if (importers.length === 0) return { file: name(module), reason: 'nothing imports it' };
    const tests = importers.filter(isTest);
    const barrels = (refs.get(module) ?? []).filter((r) => r.reExport && reached.has(r.importer) && !isTest(r.importer)).map((r) => r.importer);
    const deadImporters = importers.filter((i) => !isTest(i) && !reached.has(i));
    const others = importers.filter((i) => !isTest(i) && reached.has(i) && !barrels.includes(i));
    const parts = [
      ...(barrels.length > 0 ? [`re-exported by ${shortList([...new Set(barrels)].map(name))} but no production code uses its exports`] : []),
      ...(deadImporters.length > 0 ? [`imported only by unreachable modules (${shortList(deadImporters.map(name))})`] : []),
      ...(tests.length > 0 ? [`used by tests only (${shortList(tests.map(name))})`] : []),
      ...(others.length > 0 ? [`referenced by ${shortList(others.map(name))} without using any export`] : []),
    ];
    return { file: name(module), reason: parts.join('; ') };
  });
}

/** The repository's own check: every non-test module under {core,adapters,…}/src reachable from the entry points. */
export function findUnreachableInRepo(repoRoot: string): UnreachableModule[] {
  const root = resolve(repoRoot);
  return findUnreachable({
    root,
    tsconfigPath: join(root, 'tsconfig.json'),
    entries: entryPoints.map((e) => join(root, e)),
    modules: workspaceDirs.flatMap((w) => sourceModules(join(root, w, 'src'))),
  });
}

/** Entry points listed in entry-points.ts that do not exist (a renamed main.ts must be renamed there too). */
export function missingEntryPoints(repoRoot: string): string[] {
  return entryPoints.filter((e) => !existsSync(join(repoRoot, e)));
}
