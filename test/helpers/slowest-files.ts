/**
 * The test files that take longest, slowest first, as measured one at a time on a loaded
 * two-core machine (docs/testing.md): the sequencer starts them first (see
 * slow-first-sequencer.ts). Re-measure with `--reporter=json` when a file grows or shrinks.
 */

/** Unit and integration files of more than ~15 s (vitest.config.ts). */
export const SLOWEST_UNIT_FILES = [
  'test/resources/presets.test.ts',
  'test/main/runs/diagnosis/presets.test.ts',
  'test/main/engine/trainer/webgpu-run.test.ts',
  'test/main/data/augment-preset.test.ts',
  'test/main/cli/train.test.ts',
  'test/main/cli/train-fork.test.ts',
  'test/main/runs/diagnosis/causes/trained-causes.test.ts',
  'test/python/probe-architectures.test.ts',
  'test/main/runs/store/recovery.test.ts',
  'test/resources/run-format.test.ts',
  'test/resources/cnn-batchnorm.test.ts',
  'test/python/probe-dataset.test.ts',
  'test/main/runs/export/export-run.test.ts',
  'test/main/cli/claims.test.ts',
  'test/python/install.test.ts',
  'test/main/app/handlers/claims-handlers.test.ts',
  'test/main/engine/host/trainer-host.test.ts'
] as const

/** End-to-end files of more than ~20 s (vitest.e2e.config.ts). */
export const SLOWEST_E2E_FILES = [
  'test/e2e/webgpu-backend.e2e.test.ts',
  'test/e2e/landscape.e2e.test.ts',
  'test/e2e/wide-net.e2e.test.ts',
  'test/e2e/charts.e2e.test.ts',
  'test/e2e/model-claims.e2e.test.ts',
  'test/e2e/pytorch-watch.e2e.test.ts',
  'test/e2e/runs-history.e2e.test.ts',
  'test/e2e/views.e2e.test.ts',
  'test/e2e/dead-units.e2e.test.ts'
] as const
