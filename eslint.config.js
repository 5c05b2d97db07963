// ESLint: strict TypeScript everywhere, plus a rule per folder that keeps its imports to its own environment.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const folder = (name) => [`${name}/**/*.ts`, `${name}/**/*.tsx`];
const nodeBuiltins = {
  group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process'],
  message: 'Node built-ins are not available here.',
};
const electron = { group: ['electron', 'electron/*'], message: 'Only electron/ may import Electron.' };
const sqlite = { group: ['better-sqlite3'], message: 'Only db/ talks to SQLite.' };
const react = {
  group: ['react', 'react-dom', 'react-dom/*', 'zustand', '@tanstack/*'],
  message: 'React lives in renderer/ only.',
};
const intoFolder = (name) => ({
  group: [`**/${name}/**`, `../${name}`, `../../${name}`],
  message: `Do not import from ${name}/: it runs in another environment.`,
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'test-output/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.es2023 } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: folder('shared'),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            electron,
            sqlite,
            react,
            intoFolder('db'),
            intoFolder('renderer'),
            intoFolder('electron'),
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'process',
        'require',
        'Buffer',
        'localStorage',
      ],
    },
  },
  {
    files: folder('db'),
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [electron, react, intoFolder('renderer'), intoFolder('electron')] },
      ],
    },
  },
  {
    files: folder('renderer'),
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { patterns: [nodeBuiltins, electron, sqlite, intoFolder('db'), intoFolder('electron')] },
      ],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer'],
    },
  },
  {
    files: folder('electron'),
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [react, intoFolder('renderer')] }],
    },
  },
  {
    // Every transaction goes through db/transaction.ts: writes BEGIN IMMEDIATE so a busy register waits on the
    // busy timeout instead of failing with "database is locked" (docs/reliability-storage.md).
    files: folder('db'),
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='transaction']",
          message:
            'Use writeTransaction(db, fn) or readTransaction(db, fn) from db/transaction.ts: a bare .transaction() begins DEFERRED and fails with "database is locked" when another process writes.',
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.tsx', '*.ts', '*.js', '*.mjs', 'db/cli/bin.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
