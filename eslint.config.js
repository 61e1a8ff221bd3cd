// ESLint flat config. `npm run lint` = this (no warnings allowed) + `prettier --check .`.
// Type-aware for the TypeScript sources (tsconfig.json through the project service); the .mjs
// launcher scripts and root config files are plain Node ESM.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
// The web app's own package (apps/web) brings the React hooks rules: `npm test` installs it before linting.
import reactHooks from './apps/web/node_modules/eslint-plugin-react-hooks/index.js';

// The Node globals the plain-JS files use (the `globals` package is not a dependency).
const nodeGlobals = Object.fromEntries(
  [
    'AbortController',
    'AbortSignal',
    'Buffer',
    'URL',
    'URLSearchParams',
    'TextDecoder',
    'TextEncoder',
    'clearImmediate',
    'clearInterval',
    'clearTimeout',
    'console',
    'fetch',
    'performance',
    'process',
    'queueMicrotask',
    'setImmediate',
    'setInterval',
    'setTimeout',
    'structuredClone',
  ].map((name) => [name, 'readonly']),
);

// The browser globals the web app uses (apps/web; TypeScript checks the rest).
const browserGlobals = Object.fromEntries(
  [
    'window',
    'document',
    'navigator',
    'location',
    'history',
    'localStorage',
    'sessionStorage',
    'fetch',
    'Request',
    'Response',
    'Headers',
    'FormData',
    'Blob',
    'File',
    'URL',
    'URLSearchParams',
    'AbortController',
    'console',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'requestAnimationFrame',
    'ResizeObserver',
    'crypto',
    'structuredClone',
  ].map((name) => [name, 'readonly']),
);

// Workflow code is replayed: it must be deterministic, so any I/O (files, network, database,
// clocks, randomness outside the workflow API) belongs in activities, never in workflows/** or in
// the pure modules they import. Type-only imports are erased at compile time and always allowed.
const FENCE_WHY = 'workflow code must stay deterministic: I/O belongs in activities (type-only imports are fine)';

/** One no-restricted-imports option: every value import whose specifier does not match `allowed` is an error. */
const fence = (allowed, message, extra = []) => [
  'error',
  {
    patterns: [{ regex: `^(?!(?:${allowed.join('|')})$)`, caseSensitive: true, allowTypeImports: true, message }, ...extra],
  },
];

// A relative path segment that is not `.` or `..` (so `../libs/domain/../db/x.js` does not pass).
const SEG = '[\\w-][\\w.-]*';

export default defineConfig(
  globalIgnores([
    '**/node_modules/**',
    '**/dist/**',
    '.tools/**',
    '.data/**',
    'coverage/**',
    'apps/web/dist/**',
    'test-artifacts/**',
    // Generated from the API's OpenAPI document by openapi-typescript (npm run web:api-types).
    'apps/web/src/api/schema.d.ts',
  ]),
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      // `_`-prefixed names mark parameters and bindings kept on purpose (signatures, destructuring rests).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The control characters in the regexes that strip ANSI colour codes or sanitise file names are the point.
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['apps/api/**/*.controller.ts'],
    // False positive: a const read only in a parameter decorator (`@Param('id', uuidPipe)`) counts as unused (eslint#20947).
    rules: { 'no-useless-assignment': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    // Tests poke at untyped JSON bodies and deliberately invalid inputs; `any` there is intentional.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The web app (React 19 + Ant Design, built by Vite): browser code, type-checked with its own
    // tsconfig (apps/web/tsconfig.json, found by the project service), with the React hooks rules.
    files: ['apps/web/**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommended, reactHooks.configs.flat['recommended-latest']],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, ecmaFeatures: { jsx: true } },
      globals: browserGlobals,
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['apps/web/scripts/**/*.mjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: nodeGlobals },
  },
  {
    // No line over 140 characters, comments, strings and URLs included (prettier wraps the code).
    rules: { 'max-len': ['error', { code: 140 }] },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': fence(
        [
          '@temporalio/workflow',
          `(?:\\.\\./)+libs/domain/(?:${SEG}/)*${SEG}`,
          '\\./(?:definitions|search-attributes|activity-lifecycle|index|read-request(?:-[a-z]+)?|periodic-report(?:-[a-z]+)?)\\.js',
          '@temporalio/common',
        ],
        `${FENCE_WHY}. Workflows may import @temporalio/workflow, libs/domain/** and their own folder's modules ` +
          '(not node built-ins, other packages, @temporalio/common values, activities or libs/db).',
        // Search-attribute keys are declarations, not I/O, and @temporalio/workflow does not re-export them.
        [
          {
            regex: '^@temporalio/common$',
            caseSensitive: true,
            allowTypeImports: true,
            allowImportNames: ['defineSearchAttributeKey', 'SearchAttributeType'],
            message: `${FENCE_WHY}. From @temporalio/common, workflows may import only the search-attribute declarations.`,
          },
        ],
      ),
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': fence(
        [`\\./(?:${SEG}/)*${SEG}`, '\\.\\./calendar/(?:dates|errors)\\.js'],
        `${FENCE_WHY}. libs/domain/** is imported by workflows: it may import only its own modules and ` +
          'libs/calendar/dates.js and errors.js (no packages, no node built-ins).',
      ),
    },
  },
  {
    files: ['libs/calendar/dates.ts', 'libs/calendar/errors.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': fence(
        ['\\./(?:dates|errors)\\.js'],
        `${FENCE_WHY}. libs/calendar/dates.ts and errors.ts are imported by libs/domain (so by workflows): ` +
          'they may import only each other.',
      ),
    },
  },
);
