// @ts-check
// The workspace dependency rule as an ESLint rule (`cascade/workspace-dependencies`).
//
// Plain JavaScript on purpose: eslint.config.js imports this file, and `eslint .` runs on Node 20 without a
// TypeScript loader. The policy (which workspace may import which) lives in eslint.config.js as the rule's
// options; this file is the mechanism. Every import specifier (static, `export … from`, dynamic `import()`,
// `import x = require()`, `require()`, `import('…')` types) is resolved against the importing file's
// workspace, so a relative path of any depth into another workspace is caught, not just the ones a glob
// happens to match.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const testDir = 'test';
const testFile = /\.test\.[cm]?[jt]sx?$/;

/**
 * @typedef {{ dir: string, name: string, entries: string[] }} Workspace
 *   `entries` are the package's public import paths, e.g. `@cascade/adapters/firestore`.
 */

/** The workspaces of the root package.json, each with the public entry points of its "exports". */
function loadWorkspaces() {
  /** @type {{ workspaces: string[] }} */
  const root = JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8'));
  /** @type {Map<string, Workspace>} */
  const byDir = new Map();
  for (const dir of root.workspaces) {
    /** @type {{ name: string, exports?: Record<string, string> | string }} */
    const pkg = JSON.parse(readFileSync(resolve(repoRoot, dir, 'package.json'), 'utf8'));
    const keys = pkg.exports === undefined ? [] : typeof pkg.exports === 'string' ? ['.'] : Object.keys(pkg.exports);
    const entries = keys.map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.replace(/^\.\//, '')}`));
    byDir.set(dir, { dir, name: pkg.name, entries });
  }
  return byDir;
}

const workspaces = loadWorkspaces();

/** The top-level folder of a repo path, or undefined when the path is outside the repo. */
function topFolder(/** @type {string} */ absolutePath) {
  const rel = relative(repoRoot, absolutePath);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  const parts = rel.split(sep);
  return parts.length > 1 ? parts[0] : undefined; // a file at the root belongs to no workspace
}

/** The workspace a package specifier names (`@cascade/adapters/firestore` → adapters), with its subpath. */
function packageOf(/** @type {string} */ specifier) {
  for (const ws of workspaces.values()) {
    if (specifier === ws.name || specifier.startsWith(`${ws.name}/`)) return ws;
  }
  return undefined;
}

/** Where code shared by `from` and `to` may live: a workspace both of them are allowed to import. */
function commonHomes(/** @type {Record<string, string[]>} */ allowed, /** @type {string} */ from, /** @type {string} */ to) {
  const reach = (/** @type {string} */ w) => new Set([w, ...(allowed[w] ?? [])]);
  const a = reach(from);
  const b = reach(to);
  return [...workspaces.keys()].filter((w) => a.has(w) && b.has(w));
}

const or = (/** @type {string[]} */ xs) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)}`);

/** @type {import('eslint').Rule.RuleModule} */
export const workspaceDependencies = {
  meta: {
    type: 'problem',
    docs: { description: 'Each workspace imports only the workspaces it may depend on, only through their public entry points; production code never imports test/.' },
    schema: [{
      type: 'object',
      properties: { allowed: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } } },
      required: ['allowed'],
      additionalProperties: false,
    }],
    messages: {
      forbiddenCore: 'core must not import {{to}} (\'{{spec}}\'): core imports no other workspace. Declare a port in core and implement it in adapters, or move the code into core if it is pure.',
      forbidden: '{{from}} must not import {{to}} (\'{{spec}}\'; {{from}} may import only {{allowedList}}): move the shared code to {{homes}}.',
      byPath: '\'{{spec}}\' reaches into {{to}} by a relative path: import it through the package name and a public entry point ({{entries}}); if what you need is not exported there, export it from that entry\'s index.ts.',
      notEntry: '\'{{spec}}\' is not a public entry point of {{name}}: import one of {{entries}} (the "exports" of {{to}}/package.json); if what you need is not exported there, export it from that entry\'s index.ts.',
      testImport: '{{from}} code must not import test/ (\'{{spec}}\'): production code cannot depend on fakes or test support. Move what it needs into src/, or name the file *.test.ts if it is a test.',
    },
  },
  create(context) {
    /** @type {Record<string, string[]>} */
    const allowed = context.options[0]?.allowed ?? {};
    const filename = context.filename;
    const from = topFolder(filename);
    // test/ may import anything; root files (configs) and files outside the repo belong to no workspace.
    if (from === undefined || from === testDir || !workspaces.has(from)) return {};
    const isTest = testFile.test(filename);

    /** @param {import('estree').Node} node @param {string} spec */
    function check(node, spec) {
      /** @type {string | undefined} */
      let to;
      if (spec.startsWith('.') || isAbsolute(spec)) {
        to = topFolder(resolve(dirname(filename), spec));
        if (to === undefined || to === from) return;
        if (to === testDir) {
          if (!isTest) context.report({ node, messageId: 'testImport', data: { from, spec } });
          return;
        }
        const target = workspaces.get(to);
        if (target === undefined) return; // docs/, a root file: not a workspace
        if (!reportForbidden(node, spec, to)) {
          context.report({ node, messageId: 'byPath', data: { spec, to, entries: target.entries.join(', ') } });
        }
        return;
      }
      const target = packageOf(spec);
      if (target === undefined) return; // a third-party package: the core I/O rule covers what core may use
      to = target.dir;
      if (to !== from && reportForbidden(node, spec, to)) return;
      if (!target.entries.includes(spec)) {
        context.report({ node, messageId: 'notEntry', data: { spec, name: target.name, to, entries: target.entries.join(', ') } });
      }
    }

    /** Reports `from` → `to` when the policy forbids it; true when it did. */
    function reportForbidden(/** @type {import('estree').Node} */ node, /** @type {string} */ spec, /** @type {string} */ to) {
      const mayImport = allowed[from ?? ''] ?? [];
      if (mayImport.includes(to)) return false;
      if (from === 'core') {
        context.report({ node, messageId: 'forbiddenCore', data: { to, spec } });
      } else {
        const homes = commonHomes(allowed, from ?? '', to);
        context.report({
          node,
          messageId: 'forbidden',
          data: { from: from ?? '', to, spec, allowedList: or(mayImport) || 'nothing', homes: or(homes) || 'a workspace both may import' },
        });
      }
      return true;
    }

    /** A string literal, or a template literal without expressions: the only specifiers that can be checked. */
    function literal(/** @type {any} */ node) {
      if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
      if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
      return undefined;
    }

    /** @param {any} node @param {any} source */
    function visit(node, source) {
      const spec = literal(source);
      if (spec !== undefined) check(node, spec);
    }

    return {
      ImportDeclaration: (node) => visit(node, node.source),
      ExportNamedDeclaration: (node) => visit(node, node.source),
      ExportAllDeclaration: (node) => visit(node, node.source),
      ImportExpression: (node) => visit(node, node.source),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') visit(node, node.arguments[0]);
      },
      /** @param {any} node */
      TSImportEqualsDeclaration: (node) => {
        if (node.moduleReference?.type === 'TSExternalModuleReference') visit(node, node.moduleReference.expression);
      },
      /** @param {any} node */
      TSImportType: (node) => visit(node, node.source ?? node.argument?.literal),
    };
  },
};

/** The plugin eslint.config.js registers as `cascade`. */
export const cascadePlugin = { meta: { name: 'cascade' }, rules: { 'workspace-dependencies': workspaceDependencies } };
