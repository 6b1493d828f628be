/**
 * Which source files production code reaches, following symbols rather than files.
 *
 * A barrel (`index.ts` full of `export * from`) would make every module of its folder look used if edges
 * were file to file. So an import edge goes to the module that declares each imported name: the type
 * checker resolves the name in the imported module's exports, and the walk steps through each re-export
 * on the way (`export { x } from`, `export * from`), marking the barrels it passes through and nothing
 * else. Edges that use a whole module: a side-effect `import './x.js'` (the module runs), a dynamic
 * `import()` and a namespace `import * as ns` (every export is reachable), and the entry files' own
 * exports (a deploy or a script uses all of them). Type-only imports count: a module of types production
 * code is written against is not dead code.
 *
 * Granularity is the module: once a module is reachable, all its own imports are edges, used or not.
 */
import ts from 'typescript';

export interface ModuleGraph {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
}

/** A Program over a tsconfig.json, as `tsc -p` would build it. */
export function programFor(tsconfigPath: string): ModuleGraph {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfigPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (parsed === undefined) throw new Error(`cannot read ${tsconfigPath}`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  return { program, checker: program.getTypeChecker() };
}

/** The source file a module specifier (`'./x.js'`, `'@cascade/core'`) resolves to, if TypeScript resolves it. */
export function moduleFileOf(checker: ts.TypeChecker, specifier: ts.Node): ts.SourceFile | undefined {
  const symbol = checker.getSymbolAtLocation(specifier);
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  return declaration !== undefined && ts.isSourceFile(declaration) ? declaration : undefined;
}

/** Every module specifier in a file, with how the file uses the module. */
export type ModuleUse =
  | { readonly kind: 'names'; readonly specifier: ts.Expression; readonly names: readonly string[] }
  | { readonly kind: 'whole'; readonly specifier: ts.Expression }
  | { readonly kind: 'runs'; readonly specifier: ts.Expression }
  | { readonly kind: 're-export'; readonly specifier: ts.Expression };

export function moduleUses(file: ts.SourceFile): ModuleUse[] {
  const uses: ModuleUse[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      if (clause === undefined) {
        uses.push({ kind: 'runs', specifier: node.moduleSpecifier });
      } else if (clause.namedBindings !== undefined && ts.isNamespaceImport(clause.namedBindings)) {
        uses.push({ kind: 'whole', specifier: node.moduleSpecifier });
      } else {
        const names = [
          ...(clause.name !== undefined ? ['default'] : []),
          ...(clause.namedBindings?.elements.map((e) => (e.propertyName ?? e.name).text) ?? []),
        ];
        // `import {} from './x.js'` still runs the module.
        uses.push(names.length > 0 ? { kind: 'names', specifier: node.moduleSpecifier, names } : { kind: 'runs', specifier: node.moduleSpecifier });
      }
      return;
    }
    if (ts.isExportDeclaration(node)) {
      if (node.moduleSpecifier !== undefined) uses.push({ kind: 're-export', specifier: node.moduleSpecifier });
      return;
    }
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      uses.push({ kind: 'whole', specifier: node.moduleReference.expression });
      return;
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg !== undefined && ts.isStringLiteralLike(arg)) uses.push({ kind: 'whole', specifier: arg });
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      // `import('./x.js').Foo.Bar` uses Foo; a bare `typeof import('./x.js')` uses the whole module.
      let first: ts.EntityName | undefined = node.qualifier;
      while (first !== undefined && ts.isQualifiedName(first)) first = first.left;
      uses.push(first === undefined
        ? { kind: 'whole', specifier: node.argument.literal }
        : { kind: 'names', specifier: node.argument.literal, names: [first.text] });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return uses;
}

/** The file names reachable from `entries` (absolute paths, as in the Program). */
export function reachableFiles(graph: ModuleGraph, entries: readonly string[]): Set<string> {
  const { program, checker } = graph;
  const reached = new Set<string>();
  const queue: ts.SourceFile[] = [];
  const usedNames = new Set<string>();

  const reach = (file: ts.SourceFile): void => {
    if (reached.has(file.fileName)) return;
    reached.add(file.fileName);
    queue.push(file);
  };

  const finalSymbol = (s: ts.Symbol): ts.Symbol => ((s.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(s) : s);

  /** Uses export `name` of `file`: reaches the file and every module its re-exports of `name` pass through. */
  const useExport = (file: ts.SourceFile, name: string): void => {
    const key = `${file.fileName}\0${name}`;
    if (usedNames.has(key)) return;
    usedNames.add(key);
    reach(file);
    const moduleSymbol = checker.getSymbolAtLocation(file);
    if (moduleSymbol === undefined) return;
    const exported = checker.tryGetMemberInModuleExports(name, moduleSymbol);
    if (exported === undefined) return;
    const here = exported.declarations?.filter((d) => d.getSourceFile() === file) ?? [];
    if (here.length === 0) {
      // Exported through `export * from`: find which star re-export supplies this symbol.
      for (const statement of file.statements) {
        if (!ts.isExportDeclaration(statement) || statement.exportClause !== undefined || statement.moduleSpecifier === undefined) continue;
        const target = moduleFileOf(checker, statement.moduleSpecifier);
        const targetSymbol = target === undefined ? undefined : checker.getSymbolAtLocation(target);
        const candidate = targetSymbol === undefined ? undefined : checker.tryGetMemberInModuleExports(name, targetSymbol);
        if (target !== undefined && candidate !== undefined && finalSymbol(candidate) === finalSymbol(exported)) useExport(target, name);
      }
      return;
    }
    for (const declaration of here) {
      if (ts.isExportSpecifier(declaration)) {
        // `export { a as name } from './x.js'` uses a of x; without `from`, a is local or imported, and the
        // file's own imports are followed because the file is reached.
        const from = declaration.parent.parent.moduleSpecifier;
        const target = from === undefined ? undefined : moduleFileOf(checker, from);
        if (target !== undefined) useExport(target, (declaration.propertyName ?? declaration.name).text);
      } else if (ts.isNamespaceExport(declaration)) {
        const from = declaration.parent.moduleSpecifier;
        const target = from === undefined ? undefined : moduleFileOf(checker, from);
        if (target !== undefined) useWhole(target);
      }
    }
  };

  const useWhole = (file: ts.SourceFile): void => {
    reach(file);
    const moduleSymbol = checker.getSymbolAtLocation(file);
    if (moduleSymbol === undefined) return;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) useExport(file, exported.name);
  };

  for (const entry of entries) {
    const file = program.getSourceFile(entry);
    if (file === undefined) throw new Error(`entry point ${entry} is not in the program`);
    useWhole(file);
  }

  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const use of moduleUses(file)) {
      if (use.kind === 're-export') continue; // followed only when a name is used through it
      const target = moduleFileOf(checker, use.specifier);
      if (target === undefined) continue;
      if (use.kind === 'runs') reach(target);
      else if (use.kind === 'whole') useWhole(target);
      else for (const name of use.names) useExport(target, name);
    }
  }
  return reached;
}
