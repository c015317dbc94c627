// ESLint (flat config): typescript-eslint's strict rules, type-aware promise rules for .ts and
// .svelte files (a promise is awaited, handled or explicitly `void`ed), eslint-plugin-svelte for
// components, the rule that keeps the pure core pure, the contract layer's packages, and the
// layer table (layers.json): an import that leaves its area for one the table does not list is
// an error where it is written. (test/import-graph.test.ts checks the same table on the whole
// graph, and that main/'s folders have no cycle.)
import { readFileSync } from 'node:fs'
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

/** The contract layer's packages, for files `depth` folders below main/contract/. */
function contractLayer(depth) {
  return {
    files: [`main/contract/${'*/'.repeat(depth)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
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

/** The layer table: each area (a folder) and the areas it may import besides itself. */
const LAYERS = JSON.parse(readFileSync(new URL('./layers.json', import.meta.url), 'utf8')).areas
const SOURCE = '{ts,mts,mjs,js,svelte}'
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * ESLint's half of the table for the files `depth` folders below `area`: a relative import that
 * climbs k folders out of the area lands in an ancestor folder, where it may enter only the area
 * itself and the areas it lists. Area `main` is main/'s own files, which reach main's folders
 * with ./ and the repository with ../
 */
export function layerRules({ area, mayImport }, depth) {
  const segments = area === 'main' ? [] : area.split('/')
  const bases =
    area === 'main'
      ? [
          { up: '\\./', base: 'main' },
          { up: '\\.\\./', base: '' }
        ]
      : segments.map((_, k) => ({
          up: '\\.\\./'.repeat(depth + k + 1),
          base: segments.slice(0, segments.length - k - 1).join('/')
        }))
  const patterns = bases.map(({ up, base }) => {
    const open = (area === 'main' ? mayImport : [area, ...mayImport])
      .map((t) => (base === '' ? t : t.startsWith(`${base}/`) ? t.slice(base.length + 1) : null))
      .filter((t) => t !== null)
    const allowed = open.length === 0 ? '' : `(?!(?:${open.map(escape).join('|')})(?:/|$))`
    // From main/'s own files, ./name without a slash is a sibling file of the same area.
    const target = area === 'main' && base === 'main' ? '[^/]+/' : '[^/]'
    return {
      regex: `^${up}(?!\\.\\./)${allowed}${target}`,
      message: `${area} may import only ${mayImport.join(', ') || 'itself'} (layers.json, docs/architecture.md): move the shared piece down to a layer both may import.`
    }
  })
  const files =
    area === 'main' ? [`main/*.${SOURCE}`] : [`${area}/${'*/'.repeat(depth)}*.${SOURCE}`]
  return { files, rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] } }
}

/** Every area's rules, for files up to six folders below it. */
export const layerConfigs = LAYERS.flatMap((layer) =>
  (layer.area === 'main' ? [0] : [0, 1, 2, 3, 4, 5]).map((depth) => layerRules(layer, depth))
)

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
    files: PURE_CORE,
    // The run directory's reader, its one door for opening run files, writer, writer-process
    // check and atomic file writes are the runs/ modules whose job is file I/O.
    ignores: [
      'main/runs/run-reader.ts',
      'main/runs/run-file.ts',
      'main/runs/run-writer.ts',
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
  contractLayer(2),
  ...layerConfigs
)
