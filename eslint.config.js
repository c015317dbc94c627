// ESLint (flat config): typescript-eslint's strict rules, type-aware promise rules for .ts and
// .svelte files (a promise is awaited, handled or explicitly `void`ed), eslint-plugin-svelte for
// components, the rule that keeps the pure core pure, and the layering: the renderer and the
// preload import only the contract layer (main/contract/) from main, and the contract layer
// imports nothing above it. (test/main/import-graph.test.ts checks the same on the whole graph,
// with no folder-level cycle.)
import { builtinRules } from 'eslint/use-at-your-own-risk'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Folders that must stay free of Electron, tfjs, Svelte, sharp and the file system. */
const PURE_CORE = [
  'main/random/**',
  'main/contract/**',
  'main/stats/**',
  'main/config/**',
  'main/runs/*.ts',
  'main/runs/diagnosis/**'
]
const IMPURE = [
  'electron',
  'electron/*',
  '@tensorflow/*',
  'svelte',
  'svelte/*',
  'sharp',
  'fs',
  'fs/*',
  'node:fs',
  'node:fs/*'
]

/** What the contract layer may import besides itself: schemas and the chart scale. */
const CONTRACT_PACKAGES = ['zod', 'd3-scale']

/** The contract layer's rule for files `depth` folders below main/contract/. */
function contractLayer(depth) {
  const leaveContract = `^${'\\.\\./'.repeat(depth + 1)}`
  return {
    files: [`main/contract/${'*/'.repeat(depth)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: leaveContract,
              message:
                'main/contract/ is the bottom layer shared by main, preload and renderer: it imports nothing from the rest of the project. Move the shared piece into main/contract/.'
            },
            {
              regex: `^(?!\\.|${CONTRACT_PACKAGES.join('$|')}$)`,
              message: `main/contract/ imports only ${CONTRACT_PACKAGES.join(' and ')} (no electron, tfjs, svelte, sharp, fs): pass data in instead.`
            }
          ]
        }
      ]
    }
  }
}

/** ESLint's own recommended rules (what @eslint/js provides; that package is not installed). */
const eslintRecommended = {
  rules: Object.fromEntries(
    [...builtinRules]
      .filter(([, rule]) => rule.meta?.docs?.recommended && !rule.meta.deprecated)
      .map(([name]) => [name, 'error'])
  )
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'resources/sample/**',
      'runs/**',
      '.cache/**',
      'test-results/**',
      'bench/results/**',
      'tmp/**',
      '.tmp*/**'
    ]
  },
  eslintRecommended,
  ...tseslint.configs.strict,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Non-finite checks (`x !== x`) and numeric code read better without these.
      'no-self-compare': 'off'
    }
  },
  {
    // Type information from the three programs tsc and svelte-check build (main + tests,
    // renderer, e2e), so ESLint sees the same types they do.
    files: ['**/*.ts', '**/*.svelte'],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.web.json', './tsconfig.e2e.json'],
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte']
      }
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error'
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] }
    }
  },
  {
    files: ['renderer/**/*.ts', 'preload/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    files: [
      'main/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.{ts,mjs,js}',
      '*.{js,ts,mjs}'
    ],
    languageOptions: { globals: { ...globals.node } }
  },
  {
    files: ['renderer/**/*.{ts,svelte}', 'preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)main/(?!contract/)',
              message:
                'The renderer and the preload import only the contract layer (main/contract/) from main: move the shared type or pure rule there.'
            }
          ]
        }
      ]
    }
  },
  {
    files: PURE_CORE,
    // The run directory's reader, its one door for opening run files, writer, writer-process
    // check and atomic file writes are the runs/ modules whose job is file I/O.
    ignores: [
      'main/runs/run-reader.ts',
      'main/runs/run-file.ts',
      'main/runs/run-writer.ts',
      'main/runs/atomic-write.ts',
      'main/runs/writer-process.ts'
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: IMPURE,
              message:
                'The pure core (random, stats, config, run records, diagnosis) imports no electron, tfjs, svelte, sharp or fs: pass data in instead.'
            }
          ]
        }
      ]
    }
  },
  contractLayer(0),
  contractLayer(1),
  contractLayer(2)
)
