// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Screens read protocol data from the typed view (`CeremonyView.view`, src-shared/ceremonies/<name>.ts).
// The words of facts are for people: only the components that show them verbatim may touch them.
export const rendererProseBans = [
  {
    selector: "MemberExpression[property.name='facts']",
    message: 'Read protocol data from the typed view (view.view); facts are shown verbatim only (components/Facts.tsx).',
  },
  {
    selector: "ImportSpecifier[imported.name='FROST_FACT']",
    message: 'Fact labels are wording, not an interface: read the typed FROST view (view.view) instead.',
  },
];

// Dependency rules from the architecture: the core never reaches outward.
const coreBans = {
  patterns: [
    { group: ['electron', 'electron/*'], message: 'The core must not import electron; put it in src-main/shells/electron.' },
    { group: ['react', 'react-dom', 'react/*'], message: 'The core must not import React.' },
    { group: ['**/shells/**'], message: 'The core must not import a shell.' },
    { group: ['**/src-renderer/**'], message: 'The core must not import the renderer.' },
  ],
};

// Stand-ins of upstream tools (src-main/standins/) are for tests only.
const standinBan = { group: ['**/standins/**'], message: 'Stand-ins of upstream tools are for tests only.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src-main/core/**/*.ts', 'src-shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...coreBans.patterns, standinBan] }] },
  },
  {
    // Tests may play an upstream tool with a stand-in.
    files: ['src-main/core/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', coreBans] },
  },
  {
    // Ceremonies and crypto sit below the composition root: neither they nor their tests import app/.
    // A test that needs a whole install takes one from core/testing/.
    files: ['src-main/core/ceremonies/**/*.ts', 'src-main/core/crypto/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...coreBans.patterns,
            standinBan,
            {
              group: ['**/app/*', '**/core/app/**'],
              message: 'Ceremonies and crypto must not import app/ (the composition root); tests take whole apps from core/testing/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Stand-ins for upstream tools (test-only) are written from the upstream source and share no
    // code with the app: they import only node: built-ins, third-party packages and their own folder.
    files: ['src-main/standins/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../*', '../../../*', '**/src-main/**', '**/src-shared/**', '**/core/**', '**/shells/**'],
              message: 'A stand-in shares no code with the app: write it from the upstream source, in its own folder.',
            },
          ],
        },
      ],
    },
  },
  {
    // The frost-client stand-in is written from frost-tools' source: it must not borrow our code,
    // or a shared mistake would pass its own test. Only libraries (e.g. @noble) and its own files.
    files: ['src-main/core/testing/frost-client-standin/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...coreBans.patterns,
            {
              regex: '^\\.\\./',
              message: 'The frost-client stand-in shares no code with src-main: import only libraries and files of its own folder.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src-main/**'], message: 'The renderer talks to main only through the bridge (src-shared contract).' },
            { group: ['node:*', 'fs', 'path', 'crypto', 'child_process'], message: 'No Node built-ins in the renderer.' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...rendererProseBans],
    },
  },
  {
    // Independent verifiers, written from the specs to check src-main: they must share no code with it.
    files: ['src-main/core/testing/independent/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...coreBans.patterns,
            {
              group: ['../*', '../**', '**/src-main/**'],
              message: 'Independent verifiers share no code with src-main; import only from this folder and npm packages.',
            },
          ],
        },
      ],
    },
  },
  {
    // Shows the facts verbatim (Technical details); every other screen reads the typed view.
    files: ['src-renderer/screens/CeremonyScreen.tsx'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
