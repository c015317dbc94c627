/**
 * Data-loading benchmarks: scan + decode + resize throughput (images/s) of the folder loader,
 * cold (no cache) at several decode concurrencies, against a worker_threads pool doing the same
 * decodes, then warm (served from the cache) and streamed (read per batch from the cache).
 * Folders: the bundled sample (28×28 PNGs) and generated 640×480 JPEGs (photo-sized).
 *
 *   npx tsx bench/data-loading.ts [--folder DIR] [--shape 28x28x1] [--jpegs N]
 *     [--concurrency 1,2,4] [--workers 2]   (empty list: skip those rows)
 *
 * `npm run bench` calls `dataLoadingBench` with the defaults and adds its rows to its report.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import sharp from 'sharp'
import type { ImageSet } from '../main/data/dataset'
import { decodeImageFile } from '../main/data/folder/decode-image'
import { loadFolderImageSet } from '../main/data/folder/load-folder'
import { sampleDatasetRoot } from '../main/data/folder/sample'
import { scanFolder } from '../main/data/folder/scan-folder'

type Shape = [number, number, number]
const DATA = { validationSplit: 0.2, resize: 'cover', normalize: 'standardize' } as const

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const value = await run()
  return [value, (performance.now() - started) / 1000]
}

const rate = (n: number, seconds: number) =>
  `${Math.round(n / seconds)} images/s (${n} in ${seconds.toFixed(2)} s)`

async function photoFolder(count: number): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'trainscape-bench-'))
  const raw = Buffer.alloc(640 * 480 * 3)
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24
  for (let i = 0; i < count; i++) {
    const file = join(root, `class-${i % 4}`, `${i}.jpg`)
    await sharp(raw, { raw: { width: 640, height: 480, channels: 3 } })
      .modulate({ hue: (i * 37) % 360 })
      .jpeg({ quality: 85 })
      .toFile(await ensureDir(file))
  }
  return root
}

async function ensureDir(file: string): Promise<string> {
  const { mkdir } = await import('node:fs/promises')
  await mkdir(join(file, '..'), { recursive: true })
  return file
}

// Workers run this same file through tsx (a worker does not inherit the parent's loader).
const TSX_WORKER = new URL(
  'data:text/javascript,' +
    encodeURIComponent(
      `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}\n` +
        `register()\nawait import(${JSON.stringify(import.meta.url)})`
    )
)

/** Decodes `paths` in a worker_threads pool of `size` workers (each decoding one at a time). */
async function workerPool(paths: string[], shape: Shape, size: number): Promise<number> {
  const parts = Array.from({ length: size }, (_, w) => paths.filter((_, i) => i % size === w))
  const counts = await Promise.all(
    parts.map(
      (part) =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(TSX_WORKER, { workerData: { paths: part, shape } })
          worker.once('message', (n: number) => resolve(n))
          worker.once('error', reject)
        })
    )
  )
  return counts.reduce((a, b) => a + b, 0)
}

async function workerMain(): Promise<void> {
  const { paths, shape } = workerData as { paths: string[]; shape: Shape }
  let ok = 0
  for (const path of paths)
    ok += await decodeImageFile(path, shape, 'cover')
      .then(() => 1)
      .catch(() => 0)
  parentPort?.postMessage(ok)
}

async function streamedGather(set: ImageSet, shape: Shape): Promise<number> {
  const batch = 64
  const out = new Float32Array(batch * shape[0] * shape[1] * shape[2])
  const indices = Int32Array.from({ length: batch }, (_, i) => i)
  let n = 0
  for (let start = 0; start + batch <= set.train.count; start += batch) {
    indices.forEach((_, i) => (indices[i] = (start + i * 7919) % set.train.count))
    await set.train.gather(indices, out)
    n += batch
  }
  return n
}

interface BenchPlan {
  concurrencies: number[]
  workers: number[]
}

/** Images per second of one way of loading one folder. */
export interface DataLoadingRow {
  folder: string
  mode: string
  imagesPerSec: number
}

async function benchFolder(
  label: string,
  root: string,
  shape: Shape,
  plan: BenchPlan,
  log: (line: string) => void
): Promise<DataLoadingRow[]> {
  const rows: DataLoadingRow[] = []
  const row = (mode: string, n: number, seconds: number) => {
    rows.push({ folder: label, mode, imagesPerSec: Math.round(n / seconds) })
    return rate(n, seconds)
  }
  const scan = await scanFolder(root)
  const n = scan.files.length
  log(
    `\n${label}: ${n} files → ${shape.join('×')}  (${availableParallelism()} cores, libvips threads per image: ${sharp.concurrency()})`
  )
  for (const concurrency of plan.concurrencies) {
    const [, s] = await timed(() =>
      loadFolderImageSet(root, { inputShape: shape, data: DATA, seed: 1, concurrency })
    )
    log(
      `  cold, ${concurrency} decodes in flight:      ${row(`cold, ${concurrency} in flight`, n, s)}`
    )
  }
  for (const size of plan.workers) {
    const [ok, s] = await timed(() =>
      workerPool(
        scan.files.map((f) => f.path),
        shape,
        size
      )
    )
    log(
      `  cold, worker_threads pool of ${size}:      ${row(`cold, ${size} worker threads`, ok, s)} (decode only, no scan)`
    )
  }
  const cache = mkdtempSync(join(tmpdir(), 'trainscape-bench-cache-'))
  const [, fill] = await timed(() =>
    loadFolderImageSet(root, { inputShape: shape, data: DATA, seed: 1, cacheDir: cache })
  )
  log(`  cold, filling the cache:               ${row('cold, filling the cache', n, fill)}`)
  const [, warm] = await timed(() =>
    loadFolderImageSet(root, { inputShape: shape, data: DATA, seed: 1, cacheDir: cache })
  )
  log(`  cached (second run):                   ${row('cached', n, warm)}`)
  const streamed = await loadFolderImageSet(root, {
    inputShape: shape,
    data: DATA,
    seed: 1,
    cacheDir: cache,
    memoryBudgetBytes: 1
  })
  const [count, gather] = await timed(() => streamedGather(streamed, shape))
  log(`  streamed from the cache, batches of 64: ${row('streamed from the cache', count, gather)}`)
  rmSync(cache, { recursive: true, force: true })
  return rows
}

/** The default data-loading benchmark: the bundled sample and `jpegs` generated photos. */
export async function dataLoadingBench(
  log: (line: string) => void,
  plan: BenchPlan = { concurrencies: [1, 2, 4], workers: [2] },
  jpegs = 300
): Promise<DataLoadingRow[]> {
  const sample = await benchFolder(
    'bundled sample (28×28 grey PNG)',
    sampleDatasetRoot(),
    [28, 28, 1],
    plan,
    log
  )
  const photos = await photoFolder(jpegs)
  try {
    return [
      ...sample,
      ...(await benchFolder('640×480 JPEG photos', photos, [64, 64, 3], plan, log))
    ]
  } finally {
    rmSync(photos, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      folder: { type: 'string' },
      shape: { type: 'string' },
      jpegs: { type: 'string' },
      concurrency: { type: 'string' },
      workers: { type: 'string' }
    }
  })
  const list = (text: string | undefined, fallback: number[]) =>
    text === undefined ? fallback : text.split(',').filter(Boolean).map(Number)
  const plan = {
    concurrencies: list(values.concurrency, [1, 2, 4]),
    workers: list(values.workers, [2])
  }
  if (values.folder) {
    const shape = (values.shape ?? '28x28x1').split('x').map(Number) as Shape
    await benchFolder(values.folder, values.folder, shape, plan, console.log)
    return
  }
  await dataLoadingBench(console.log, plan, Number(values.jpegs ?? 300))
}

const runDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (!isMainThread) await workerMain()
else if (runDirectly) await main()
