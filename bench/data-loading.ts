/**
 * Data-loading benchmarks: scan + decode + resize throughput (images/s) of the folder loader.
 * Cold (no cache): one decode in flight against the default number in flight and any others
 * asked for, run interleaved (A, B, A, B, …; median of `--rounds`), each with the cores it used
 * (CPU-seconds per wall-second) and its CPU per image, as ratios to one in flight, since the
 * machines are shared. Then decoding alone, interleaved: sharp for every file against the
 * default route (plain PNGs skip sharp, plain-png.ts) and a worker_threads pool. Then warm
 * (served from the cache) and streamed (read per batch from the cache). Folders: the bundled
 * sample (28×28 PNGs) and generated 640×480 JPEGs (photo-sized).
 *
 *   npx tsx bench/data-loading.ts [--folder DIR] [--shape 28x28x1] [--jpegs N] [--rounds 3]
 *     [--concurrency 1,4] [--workers 2]   (concurrency: in-flight settings besides the default;
 *     empty list: skip those rows)
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
import { median } from '../main/contract/median'
import type { ImageSet } from '../main/data/dataset'
import { decodeImageFile, DEFAULT_LIMITS, type DecodeRoute } from '../main/data/folder/decode-image'
import { defaultConcurrency, loadFolderImageSet } from '../main/data/folder/load-folder'
import { sampleDatasetRoot } from '../main/data/folder/sample'
import { scanFolder } from '../main/data/folder/scan-folder'

type Shape = [number, number, number]
const DATA = { validationSplit: 0.2, resize: 'cover', normalize: 'standardize' } as const

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const value = await run()
  return [value, (performance.now() - started) / 1000]
}

/** One way of loading a folder, run again each round; resolves to the images it handled. */
interface Variant {
  mode: string
  run: () => Promise<number>
}

interface Measured {
  mode: string
  imagesPerSec: number
  /** CPU-seconds of the whole process (every thread) per wall-second. */
  coresUsed: number
  cpuMicrosPerImage: number
}

/** Runs the variants interleaved (A, B, A, B, …) `rounds` times; the median of each measure. */
async function interleaved(variants: Variant[], rounds: number): Promise<Measured[]> {
  const runs: { rate: number; cores: number; cpu: number }[][] = variants.map(() => [])
  for (let round = 0; round < rounds; round++) {
    for (const [i, variant] of variants.entries()) {
      const cpu = process.cpuUsage()
      const [n, seconds] = await timed(variant.run)
      const used = process.cpuUsage(cpu)
      const cpuSeconds = (used.user + used.system) / 1e6
      runs[i]!.push({ rate: n / seconds, cores: cpuSeconds / seconds, cpu: (cpuSeconds / n) * 1e6 })
    }
  }
  return variants.map(({ mode }, i) => ({
    mode,
    imagesPerSec: Math.round(median(runs[i]!.map((r) => r.rate))),
    coresUsed: Number(median(runs[i]!.map((r) => r.cores)).toFixed(2)),
    cpuMicrosPerImage: Math.round(median(runs[i]!.map((r) => r.cpu)))
  }))
}

/** Log lines for interleaved measures, each with its ratio to the first. */
function measuredLines(measured: Measured[]): string[] {
  const base = measured[0]?.imagesPerSec ?? Number.NaN // unused when there are none
  const width = Math.max(...measured.map((m) => m.mode.length)) + 1
  return measured.map(
    (m) =>
      `  ${`${m.mode}:`.padEnd(width)} ${String(m.imagesPerSec).padStart(6)} images/s  ` +
      `×${(m.imagesPerSec / base).toFixed(2)}  (cores used ${m.coresUsed.toFixed(2)}, ` +
      `CPU ${m.cpuMicrosPerImage} µs/image)`
  )
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

/** Decodes `paths` with `inFlight` decodes at a time on the main thread; resolves to the count decoded. */
async function decodeLoop(
  paths: string[],
  shape: Shape,
  route: DecodeRoute,
  inFlight: number
): Promise<number> {
  let next = 0
  let ok = 0
  const lane = async () => {
    while (next < paths.length) {
      const path = paths[next++]!
      ok += await decodeImageFile(path, shape, 'cover', DEFAULT_LIMITS, route)
        .then(() => 1)
        .catch(() => 0)
    }
  }
  await Promise.all(Array.from({ length: inFlight }, lane))
  return ok
}

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
  /** Decodes in flight to compare with one in flight and the default (interleaved). */
  concurrencies: number[]
  workers: number[]
  /** Interleaved rounds; each measure is the median. */
  rounds?: number
}

/** Images per second of one way of loading one folder. */
export interface DataLoadingRow {
  folder: string
  mode: string
  imagesPerSec: number
  /** Interleaved rows: CPU-seconds per wall-second, CPU per image, and the rate over the group's first row. */
  coresUsed?: number
  cpuMicrosPerImage?: number
  ratio?: number
}

/** The in-flight settings to compare: one, the plan's, and the default, each once, ascending. */
const inFlightSettings = (plan: BenchPlan): number[] =>
  plan.concurrencies.length === 0
    ? []
    : [...new Set([1, ...plan.concurrencies, defaultConcurrency()])].sort((a, b) => a - b)

interface FolderRun {
  label: string
  root: string
  shape: Shape
  /** Number of files the scan found. */
  n: number
  paths: string[]
  rounds: number
  log: (line: string) => void
}

/** Interleaved measures as rows (with ratios to the first), logged as they are returned. */
function groupRows(run: FolderRun, measured: Measured[]): DataLoadingRow[] {
  for (const line of measuredLines(measured)) run.log(line)
  const base = measured[0]?.imagesPerSec ?? Number.NaN // unused when there are none
  return measured.map((m) => ({
    folder: run.label,
    ...m,
    ratio: Number((m.imagesPerSec / base).toFixed(2))
  }))
}

/** Cold loads (scan + decode + normalization stats) at each in-flight setting, interleaved. */
async function coldRows(run: FolderRun, plan: BenchPlan): Promise<DataLoadingRow[]> {
  const fallback = defaultConcurrency()
  const variants = inFlightSettings(plan).map((k) => ({
    mode: `cold, ${k} in flight${k === fallback ? ' (default)' : ''}`,
    run: async () => {
      const options = { inputShape: run.shape, data: DATA, seed: 1, concurrency: k }
      await loadFolderImageSet(run.root, options)
      return run.n
    }
  }))
  if (variants.length === 0) return []
  run.log(`  cold loads, interleaved, median of ${run.rounds} (ratios to the first row):`)
  return groupRows(run, await interleaved(variants, run.rounds))
}

/** Decoding alone: sharp for every file, the default route, worker_threads pools; interleaved. */
async function decodeRows(run: FolderRun, plan: BenchPlan): Promise<DataLoadingRow[]> {
  const k = defaultConcurrency()
  const variants: Variant[] = [
    {
      mode: `decode only, sharp for every file, ${k} in flight`,
      run: () => decodeLoop(run.paths, run.shape, 'sharp', k)
    },
    {
      mode: `decode only, default route, ${k} in flight`,
      run: () => decodeLoop(run.paths, run.shape, 'fastest', k)
    },
    ...plan.workers.map((size) => ({
      mode: `decode only, worker_threads pool of ${size}`,
      run: () => workerPool(run.paths, run.shape, size)
    }))
  ]
  run.log(`  decoding alone (no scan), interleaved, median of ${run.rounds}:`)
  return groupRows(run, await interleaved(variants, run.rounds))
}

/** Filling the cache, loading from it, and streaming batches from it: one run each. */
async function cacheRows(run: FolderRun): Promise<DataLoadingRow[]> {
  const rows: DataLoadingRow[] = []
  const row = (mode: string, n: number, seconds: number) => {
    rows.push({ folder: run.label, mode, imagesPerSec: Math.round(n / seconds) })
    return rate(n, seconds)
  }
  const cache = mkdtempSync(join(tmpdir(), 'trainscape-bench-cache-'))
  const options = { inputShape: run.shape, data: DATA, seed: 1, cacheDir: cache }
  try {
    const [, fill] = await timed(() => loadFolderImageSet(run.root, options))
    run.log(
      `  cold, filling the cache:                ${row('cold, filling the cache', run.n, fill)}`
    )
    const [, warm] = await timed(() => loadFolderImageSet(run.root, options))
    run.log(`  cached (second run):                    ${row('cached', run.n, warm)}`)
    const streamed = await loadFolderImageSet(run.root, { ...options, memoryBudgetBytes: 1 })
    const [count, gather] = await timed(() => streamedGather(streamed, run.shape))
    run.log(
      `  streamed from the cache, batches of 64: ${row('streamed from the cache', count, gather)}`
    )
  } finally {
    rmSync(cache, { recursive: true, force: true })
  }
  return rows
}

async function benchFolder(
  label: string,
  root: string,
  shape: Shape,
  plan: BenchPlan,
  log: (line: string) => void
): Promise<DataLoadingRow[]> {
  const scan = await scanFolder(root)
  const paths = scan.files.map((f) => f.path)
  const run: FolderRun = {
    label,
    root,
    shape,
    n: paths.length,
    paths,
    rounds: plan.rounds ?? 3,
    log
  }
  log(
    `\n${label}: ${run.n} files → ${shape.join('×')}  (${availableParallelism()} cores, libvips threads per image: ${sharp.concurrency()})`
  )
  return [
    ...(await coldRows(run, plan)),
    ...(await decodeRows(run, plan)),
    ...(await cacheRows(run))
  ]
}

/** The default data-loading benchmark: the bundled sample and `jpegs` generated photos. */
export async function dataLoadingBench(
  log: (line: string) => void,
  plan: BenchPlan = { concurrencies: [1], workers: [2] },
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
      workers: { type: 'string' },
      rounds: { type: 'string' }
    }
  })
  const list = (text: string | undefined, fallback: number[]) =>
    text === undefined ? fallback : text.split(',').filter(Boolean).map(Number)
  const plan = {
    concurrencies: list(values.concurrency, [1]),
    workers: list(values.workers, [2]),
    rounds: Number(values.rounds ?? 3)
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
