/**
 * Regenerates the bundled sample dataset, resources/sample: a class-balanced Fashion-MNIST
 * subset (the first 300 training and 100 test images of each of the ten classes, in file order)
 * as 28×28 grey PNGs in class folders, from Debian's dataset-fashion-mnist package. Deterministic:
 * the same package gives the same files.
 *
 *   npm run make-sample -- [--source DIR]
 */
import { fileURLToPath, pathToFileURL } from 'node:url'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { writeFashionFolder } from './make-fashion-folder'

export const SAMPLE_TRAIN_PER_CLASS = 300
export const SAMPLE_TEST_PER_CLASS = 100

async function main() {
  const { values } = parseArgs({ options: { source: { type: 'string' } } })
  const out = join(fileURLToPath(new URL('..', import.meta.url)), 'resources', 'sample')
  const counts = await writeFashionFolder(out, {
    source: values.source,
    trainPerClass: SAMPLE_TRAIN_PER_CLASS,
    testPerClass: SAMPLE_TEST_PER_CLASS
  })
  console.log(`Wrote ${counts.train} train + ${counts.test} test PNGs to ${out}.`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: Error) => {
    console.error(error.message)
    process.exitCode = 1
  })
}
