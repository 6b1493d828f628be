// One lint setup for every workspace. The core rule below is the hexagon's dependency rule:
// core stays pure so the same code runs in backtests, replays, services and functions.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { cascadePlugin } from './tools/src/check/dependency-rule.js';

// The workspace dependency rule: core <- adapters <- {functions, run-services, tools}; infra <- tools.
// functions and run-services never import each other (the local stack starts them as processes by path).
// Every cross-workspace import goes through a package name and an entry of that package's "exports";
// nothing non-test under a workspace imports test/. test/ itself may import anything.
const mayImport = {
  core: [],
  adapters: ['core'],
  functions: ['core', 'adapters'],
  'run-services': ['core', 'adapters'],
  tools: ['core', 'adapters', 'infra'],
  infra: ['core'],
  // The dashboard is a browser app: core's schemas and pure functions only, never an adapter.
  dashboard: ['core'],
};

const ioModules = [
  'firebase', 'firebase/*', 'firebase-admin', 'firebase-admin/*', 'firebase-functions', 'firebase-functions/*',
  '@google-cloud/*', 'ccxt', 'ccxt/*', 'ethers', 'ethers/*', '@solana/*', 'duckdb', '@duckdb/*', '@sendgrid/*',
  'fs', 'fs/*', 'node:fs', 'node:fs/*', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https',
  'http2', 'node:http2', 'dgram', 'node:dgram', 'child_process', 'node:child_process',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/lib/**', '**/dist/**', 'coverage/**', '.cascade/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { cascade: cascadePlugin },
    rules: { 'cascade/workspace-dependencies': ['error', { allowed: mayImport }] },
  },
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Tests included: a core test that needs I/O (tapes on disk, ccxt's error classes) lives in test/unit/.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ioModules, message: 'core is pure: I/O belongs in an adapter (functions/, run-services/, infra/); I/O-backed core tests in test/unit/.' }] }],
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts'],
    rules: {
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'core takes time from the Clock port.' },
        { object: 'Math', property: 'random', message: 'core takes randomness/ids from the IdGen port.' },
      ],
      'no-restricted-globals': ['error', { name: 'crypto', message: 'core takes ids from the IdGen port.' }],
    },
  },
);
