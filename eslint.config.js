// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The engine is pure: no Node built-ins, no I/O libraries, no clock, no randomness.
// Only relative imports and the pure libraries listed here may be imported from src/engine.
const PURE_ALLOWED_IMPORTS = /^(?!\.{1,2}\/|liquidjs$|luxon$|zod$|yaml$|fastest-levenshtein$)/;
const IMPURE_FOLDERS = ['store', 'runner', 'api', 'channels', 'cli', 'emulator', 'server'].map(
  (folder) => `**/${folder}/**`,
);

export default tseslint.config(
  { ignores: ['dist/**', 'web/dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests.' },
        { selector: "CallExpression[callee.property.name='skip']", message: 'No skipped tests.' },
      ],
    },
  },
  {
    files: ['src/engine/**/*.ts', 'src/canvas/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: PURE_ALLOWED_IMPORTS.source,
              message:
                'The engine and canvas are pure: only relative imports and pure libraries. Do I/O in the runner.',
            },
            {
              group: IMPURE_FOLDERS,
              message: 'The engine and canvas may not depend on the I/O layers.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'process',
          'setTimeout',
          'setInterval',
          'setImmediate',
          'fetch',
          'require',
          'Buffer',
          'crypto',
          'performance',
        ].map((name) => ({
          name,
          message: 'The engine is pure: take time, ids and randomness from ctx.',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'Use ctx.now.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Use ctx.now.',
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'Use ctx.random.',
        },
        {
          selector:
            "CallExpression[callee.property.name='now'][callee.object.property.name='DateTime']",
          message: 'Use ctx.now.',
        },
        {
          selector: "MemberExpression[object.name='DateTime'][property.name='now']",
          message: 'Use ctx.now.',
        },
        {
          selector: "MemberExpression[object.name='DateTime'][property.name='local']",
          message: 'Use ctx.now and an explicit zone.',
        },
      ],
    },
  },
);
