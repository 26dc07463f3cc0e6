// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Layering (STYLE.md): shared/ is runtime-free; renderer/ never reaches Node, Electron or the hub;
// server/ never reaches the UI or the shell. A wrong arrow is a red build.
const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'stream', 'stream/*', 'url', 'zlib', 'worker_threads', 'util', 'events', 'buffer'];
const layer = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group].flat(), message })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'dist-electron/**', 'release/**', 'node_modules/**', '.teleread/**', 'coverage/**', 'bench/.out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    rules: layer(
      [['**/server/**', '**/renderer/**', '**/electron/**'], [...nodeBuiltins], ['electron', 'react', 'react-dom']],
      'Bad layering: shared/ is isomorphic and may not import a runtime folder, Node, Electron or React.',
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...layer(
        [['**/server/**', '**/electron/**'], [...nodeBuiltins], ['electron', 'pg', '@electric-sql/pglite', 'fastify', 'fastify/*', '@fastify/*']],
        'Bad layering: renderer/ runs in a browser too; reach native features through the preload bridge and the hub through HTTP.',
      ),
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: layer(
      [['**/renderer/**', '**/electron/**'], ['electron', 'react', 'react-dom']],
      'Bad layering: server/ is the hub; it may use shared/ but never the renderer or the Electron shell.',
    ),
  },
  {
    files: ['electron/**/*.ts'],
    rules: layer([['**/renderer/**']], 'Bad layering: electron/ loads the renderer build; it does not import its source.'),
  },
);
