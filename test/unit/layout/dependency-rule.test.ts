// The workspace dependency rule (tools/src/check/dependency-rule.js, enabled in eslint.config.js), run
// through ESLint's Node API on code that breaks it on purpose. Each violation must produce the rule's
// error, so removing or loosening the rule fails these tests.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const rule = 'cascade/workspace-dependencies';
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

/** The rule's messages (and any parse error) for `code` linted as if it were the file at `filePath`. */
async function ruleMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === rule || m.fatal === true).map((m) => m.message);
}

describe('workspace dependency rule: violations', () => {
  // The policy under test (the brief of issue 15's follow-up): core <- adapters <- {functions,
  // run-services, tools}; infra <- tools; functions and run-services never import each other; imports
  // across workspaces only by package name and a public entry; no test/ from non-test code.
  const cases: { name: string; filePath: string; code: string; expected: RegExp }[] = [
    {
      name: 'functions -> run-services (package name)',
      filePath: 'functions/src/__scratch__.ts',
      code: `import { x } from '@cascade/run-services';\nexport const y = x;\n`,
      expected: /^functions must not import run-services .*move the shared code to core or adapters\.$/,
    },
    {
      name: 'functions -> run-services (relative path, any depth)',
      filePath: 'functions/src/a/b/c/__scratch__.ts',
      code: `export { x } from '../../../../../run-services/src/streamer/main.js';\n`,
      expected: /^functions must not import run-services .*move the shared code to core or adapters\.$/,
    },
    {
      name: 'run-services -> functions',
      filePath: 'run-services/src/__scratch__.ts',
      code: `import { x } from '@cascade/functions';\nexport const y = x;\n`,
      expected: /^run-services must not import functions .*move the shared code to core or adapters\.$/,
    },
    {
      name: 'adapters -> functions (dynamic import)',
      filePath: 'adapters/src/__scratch__.ts',
      code: `export const load = () => import('@cascade/functions');\n`,
      expected: /^adapters must not import functions .*adapters may import only core\): move the shared code to core or adapters\.$/,
    },
    {
      name: 'core -> adapters',
      filePath: 'core/src/__scratch__.ts',
      code: `import type { X } from '@cascade/adapters/firestore';\nexport type Y = X;\n`,
      expected: /^core must not import adapters .*Declare a port in core and implement it in adapters/,
    },
    {
      name: 'tools -> functions',
      filePath: 'tools/src/__scratch__.ts',
      code: `import { x } from '../../functions/src/index.js';\nexport const y = x;\n`,
      expected: /^tools must not import functions /,
    },
    {
      name: 'infra -> adapters',
      filePath: 'infra/src/__scratch__.ts',
      code: `import { x } from '@cascade/adapters/pubsub';\nexport const y = x;\n`,
      expected: /^infra must not import adapters .*move the shared code to core\.$/,
    },
    {
      name: 'a relative path into an allowed workspace',
      filePath: 'tools/src/a/b/__scratch__.ts',
      code: `import { x } from '../../../../adapters/src/firestore/stored-doc.js';\nexport const y = x;\n`,
      expected: /reaches into adapters by a relative path: import it through the package name and a public entry point \(.*@cascade\/adapters\/firestore/,
    },
    {
      name: 'a deep @cascade/adapters/src/... import',
      filePath: 'functions/src/__scratch__.ts',
      code: `import { x } from '@cascade/adapters/src/firestore/stored-doc.js';\nexport const y = x;\n`,
      expected: /^'@cascade\/adapters\/src\/firestore\/stored-doc\.js' is not a public entry point of @cascade\/adapters: import one of .*@cascade\/adapters\/firestore/,
    },
    {
      name: 'a deep @cascade/core/src/... import',
      filePath: 'adapters/src/__scratch__.ts',
      code: `export * from '@cascade/core/src/index.js';\n`,
      expected: /is not a public entry point of @cascade\/core: import one of @cascade\/core /,
    },
    {
      name: 'a non-test src file importing test/fakes',
      filePath: 'adapters/src/venues/ccxt/__scratch__.ts',
      code: `import { x } from '../../../../test/fakes/binance/fake-binance.js';\nexport const y = x;\n`,
      expected: /^adapters code must not import test\/ .*Move what it needs into src\/, or name the file \*\.test\.ts if it is a test\.$/,
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const messages = await ruleMessages(c.filePath, c.code);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(c.expected);
    });
  }
});

describe('workspace dependency rule: allowed imports', () => {
  const cases: { name: string; filePath: string; code: string }[] = [
    {
      name: 'functions -> core, adapters entries, its own files at any depth',
      filePath: 'functions/src/__scratch__.ts',
      code: `import { a } from '@cascade/core';\nimport { b } from '@cascade/adapters/firestore';\nimport { c } from './jobs/scheduled.js';\nexport const d = [a, b, c];\n`,
    },
    {
      name: 'run-services -> core and adapters',
      filePath: 'run-services/src/streamer/__scratch__.ts',
      code: `import { a } from '@cascade/core';\nexport { b } from '@cascade/adapters/pubsub';\nexport const c = a;\n`,
    },
    {
      name: 'tools -> infra, adapters, its own entry',
      filePath: 'tools/src/local/__scratch__.ts',
      code: `import { a } from '@cascade/infra';\nimport { b } from '@cascade/adapters/clock';\nimport { c } from '@cascade/tools/synthetic';\nexport const d = [a, b, c];\n`,
    },
    {
      name: 'infra -> core',
      filePath: 'infra/src/__scratch__.ts',
      code: `import { a } from '@cascade/core';\nexport const b = a;\n`,
    },
    {
      name: 'a test file under src/ may import test/fakes',
      filePath: 'adapters/src/venues/ccxt/__scratch__.test.ts',
      code: `import { x } from '../../../../test/fakes/binance/fake-binance.js';\nexport const y = x;\n`,
    },
    {
      name: 'test/ may import any workspace by path',
      filePath: 'test/unit/__scratch__.ts',
      code: `import { a } from '../../functions/src/index.js';\nimport { b } from '../../run-services/src/streamer/main.js';\nimport { c } from '@cascade/adapters/src/firestore/stored-doc.js';\nexport const d = [a, b, c];\n`,
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      expect(await ruleMessages(c.filePath, c.code)).toEqual([]);
    });
  }

  it('is enabled as an error for every workspace', async () => {
    for (const file of ['core/src/index.ts', 'adapters/src/x.ts', 'functions/src/index.ts', 'run-services/src/x.ts', 'tools/src/x.ts', 'infra/src/index.ts']) {
      const config: { rules?: Record<string, unknown[]> } = await eslint.calculateConfigForFile(file);
      expect(config.rules?.[rule]?.[0], file).toBe(2);
    }
  });
});
