/**
 * Where the bundled sample dataset (a Fashion-MNIST subset as PNG class folders) lives:
 * resources/sample, found by walking up from this module (source tree, tests, and bundled
 * builds whose resources sit next to the output folder).
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Absolute path of resources/sample. Throws when the sample is not shipped alongside. */
export function sampleDatasetRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let up = 0; up < 6; up++) {
    const candidate = join(dir, 'resources', 'sample')
    if (existsSync(join(candidate, 'train'))) return candidate
    dir = dirname(dir)
  }
  throw new Error(
    'The bundled sample dataset (resources/sample) is missing from this installation.'
  )
}
