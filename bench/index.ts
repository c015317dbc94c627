/**
 * `npm run bench [-- --json --quick --all --wall]`: training throughput of the bench MLP and
 * CNN (bench/nets.ts) on every backend that loads, the cost of the instruments, and the ratio
 * to PyTorch on the same CPU. `--json` prints one JSON object (BenchReport) and nothing else on
 * stdout; `--quick` halves the time budgets (not the runTraining windows); `--all` also times
 * the CNN on the pure-JS cpu backend (seconds per step). Rates are per second of CPU time the training process used, so other
 * processes' load does not skew the comparison; `--wall` uses wall-clock time instead (the same
 * on an idle machine). PyTorch at 2 threads is always wall-clock. runTraining is timed over
 * its steady-state steps with the synthetic images drawn beforehand (bench/instrumented.ts), so
 * it measures training, not image drawing or setup. About 1–2 minutes.
 */
import * as tf from '@tensorflow/tfjs'
import os from 'node:os'
import { BACKEND_ORDER, describeBackend, resolveBackend } from '../main/engine/backends/resolve'
import { INSTRUMENTS_OFF, measureProbeCost, runTrainingSamplesPerSec } from './instrumented'
import { NET_NAMES, type NetName } from './nets'
import {
  cpuClock,
  plainSamplesPerSec,
  wallClock,
  type Clock,
  type TimingBudget
} from './plain-loop'
import { formatTable, ratio, type BenchReport, type NetReport } from './report'
import { torchAvailable, torchSamplesPerSec } from './torch'
import { DEFAULT_STATS_EVERY } from '../main/contract/config/schema'
import { dataLoadingBench, type DataLoadingRow } from './data-loading'
import { rendererFps, type RendererFps } from './renderer-fps'
import { formatWebgpuBench, webgpuBench } from './webgpu'
import { threadSweep } from './thread-sweep'
import { judgeThreadChoice } from './thread-choice'
import { startupBench } from './startup'
import { batchNormBench } from './batch-norm'
import { trainingFlopsPerSample } from './flops'
import { cpuPeak, type CpuPeak } from './cpu-peak'
import { CLASSES, INPUT_SHAPE, NET_LAYERS } from './nets'
import { machineCores } from '../main/engine/backends/thread-count'

interface Options {
  json: boolean
  scale: number
  all: boolean
  clock: Clock
  clockName: 'cpu' | 'wall'
  data: boolean
  renderer: boolean
  /** Only the per-probe cost of both nets (bench/probe-cost.ts), as JSON. */
  probeCostOnly: boolean
}

function parseOptions(argv: string[]): Options {
  const known = new Set([
    '--json',
    '--quick',
    '--all',
    '--wall',
    '--skip-data',
    '--skip-renderer',
    '--probe-cost'
  ])
  const unknown = argv.filter((a) => !known.has(a))
  if (unknown.length > 0) {
    throw new Error(
      `Unknown bench option ${unknown.join(' ')}: use --json, --quick, --all, --wall, --skip-data, --skip-renderer or --probe-cost.`
    )
  }
  const wall = argv.includes('--wall')
  return {
    json: argv.includes('--json'),
    scale: argv.includes('--quick') ? 0.5 : 1,
    all: argv.includes('--all'),
    clock: wall ? wallClock : cpuClock,
    clockName: wall ? 'wall' : 'cpu',
    data: !argv.includes('--skip-data'),
    renderer: !argv.includes('--skip-renderer'),
    probeCostOnly: argv.includes('--probe-cost')
  }
}

const progress = (message: string): void => {
  process.stderr.write(`bench: ${message}\n`)
}

function budget(net: NetName, scale: number): TimingBudget {
  return net === 'mlp'
    ? { warmupSteps: 3, minSteps: 10, seconds: 3 * scale }
    : { warmupSteps: 2, minSteps: 4, seconds: 4 * scale }
}

/**
 * Timed runTraining steps per measurement, at least (bench/instrumented.ts's timedWindow): with
 * instruments off both nets are timed over steps 65 … 127 (the MLP over 129 … 255); with the
 * default statsEvery (50) over 33 … 132, two probes in 100 steps. A CNN window of 31 steps (about
 * 1.6 s) let this VM's noise swing the on/off ratio from 0.94 to 1.17.
 */
const TIMED_STEPS: Record<NetName, number> = { mlp: 100, cnn: 60 }

/**
 * The per-probe cost run: a probe every PROBE_COST_EVERY steps over PROBE_COST_STEPS steps gives
 * 12 probes and about 90 plain steps, enough for stable medians on a loaded machine.
 */
const PROBE_COST_EVERY = 10
const PROBE_COST_STEPS = 130

async function probeCostOf(net: NetName, backend: string, clock: Clock) {
  progress(`${net}: per-probe cost, a probe every ${PROBE_COST_EVERY} steps`)
  return measureProbeCost(net, backend as Parameters<typeof resolveBackend>[0], {
    statsEvery: PROBE_COST_EVERY,
    steps: PROBE_COST_STEPS,
    clock
  })
}

/** Minimal-loop rates on every backend that loads (stock wasm first, before our kernels exist). */
async function plainByBackend(
  options: Options,
  notes: string[]
): Promise<Record<NetName, Record<string, number | null>>> {
  const out: Record<NetName, Record<string, number | null>> = { mlp: {}, cnn: {} }
  await import('@tensorflow/tfjs-backend-wasm')
  await tf.setBackend('wasm')
  progress('mlp on stock wasm (no training kernels)')
  out.mlp['wasm-stock'] = plainSamplesPerSec('mlp', budget('mlp', options.scale), options.clock)
  out.cnn['wasm-stock'] = null
  notes.push(
    'wasm-stock cannot train the CNN: tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel.'
  )
  for (const { name } of BACKEND_ORDER) {
    // The minimal loop never reads back, so on a GPU it would time queued work: see webgpu.ts.
    if (name === 'webgpu') continue
    try {
      await resolveBackend(name)
    } catch {
      continue
    }
    for (const net of NET_NAMES) {
      if (name === 'cpu' && net === 'cnn' && !options.all) {
        out.cnn.cpu = null
        notes.push(
          'cpu CNN not timed (pure-JS conv gradients take seconds per step); pass --all to time it.'
        )
        continue
      }
      progress(`${net} on ${name} (minimal loop)`)
      out[net][name] = plainSamplesPerSec(net, budget(net, options.scale), options.clock)
    }
  }
  return out
}

async function netReport(
  net: NetName,
  backend: string,
  plain: Record<string, number | null>,
  options: Options,
  torch: boolean,
  peak: CpuPeak
): Promise<NetReport> {
  const minSteps = TIMED_STEPS[net]
  const choice = backend as Parameters<typeof resolveBackend>[0]
  progress(`${net} through runTraining, instruments off`)
  const { clock } = options
  const off = await runTrainingSamplesPerSec(net, choice, {
    statsEvery: INSTRUMENTS_OFF,
    minSteps,
    clock
  })
  progress(`${net} through runTraining, statsEvery ${DEFAULT_STATS_EVERY} (the default)`)
  const on = await runTrainingSamplesPerSec(net, choice, {
    statsEvery: DEFAULT_STATS_EVERY,
    minSteps,
    clock
  })
  const seconds = net === 'mlp' ? 3 * options.scale : 4 * options.scale
  progress(torch ? `${net} on PyTorch, 1 and 2 threads` : 'PyTorch not available')
  const torch1 = torch ? torchSamplesPerSec(net, 1, seconds, options.clockName) : null
  const torch2 = torch ? torchSamplesPerSec(net, 2, seconds, 'wall') : null
  const plainHere = plain[backend] ?? null
  progress(`${net}: every thread count, ours and PyTorch interleaved, wall-clock`)
  const sweep = await threadSweep(net, {
    cores: machineCores(),
    minSteps,
    torchSeconds: seconds,
    torch,
    progress: (m) => progress(m)
  })
  const flopsPerSample = trainingFlopsPerSample(NET_LAYERS[net], INPUT_SHAPE, CLASSES)
  const gflopsPerSec =
    sweep.bestSamplesPerSec === null ? null : (sweep.bestSamplesPerSec * flopsPerSample) / 1e9
  return {
    backend,
    samplesPerSec: off,
    samplesPerSecInstrumented: on,
    overheadRatio: ratio(off, on),
    torchSamplesPerSec: torch1,
    ratioToTorch: ratio(off, torch1),
    plainSamplesPerSec: plainHere,
    plainRatioToTorch: ratio(plainHere, torch1),
    torch2ThreadsSamplesPerSec: torch2,
    // Only comparable when our rate is wall-clock too.
    ratioToTorch2Threads: options.clockName === 'wall' ? ratio(off, torch2) : null,
    byBackend: plain,
    threads: sweep.rows,
    threadChoice: judgeThreadChoice(net, sweep.rows, machineCores()),
    bestSamplesPerSec: sweep.bestSamplesPerSec,
    bestThreads: sweep.bestThreads,
    torchBestSamplesPerSec: sweep.torchBestSamplesPerSec,
    torchBestThreads: sweep.torchBestThreads,
    ratioToTorchBest: sweep.ratioToTorchBest,
    instrumentsThreaded: sweep.instruments,
    probeCost: await probeCostOf(net, backend, clock),
    flopsPerSample,
    gflopsPerSec,
    fractionOfPeak: ratio(gflopsPerSec, peak.gflops)
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  if (options.probeCostOnly) return probeCostMain(options)
  const notes: string[] = []
  const plain = await plainByBackend(options, notes)
  const { backend, notes: skipped } = await resolveBackend('auto')
  for (const n of skipped) notes.push(`${n.backend} skipped: ${n.reason}`)
  notes.push(
    "The minimal loop trains with tfjs's own Adam (about fourteen ops per variable); runTraining uses the fused one-pass Adam kernel on wasm (main/engine/trainer/fused-adam.ts), so it can outrun the minimal loop."
  )
  notes.push(
    'runTraining rates are steady-state training: synthetic images are drawn before the first step, an untimed warm-up run comes first, and only a window of steps past the early log-spaced probes is timed (instruments off: no probe in it; statsEvery 50: one probe per 50 steps; never the final probe or validation).'
  )
  const torch = torchAvailable()
  const peak = cpuPeak(machineCores())
  const mlp = await netReport('mlp', backend, plain.mlp, options, torch, peak)
  const cnn = await netReport('cnn', backend, plain.cnn, options, torch, peak)
  progress('batch norm: wasm kernels against composed ops')
  const batchNorm = await batchNormBench(options.scale)
  const startup = await startupBench({
    rounds: options.scale < 1 ? 1 : 3,
    warmWaitSeconds: 8,
    progress
  })
  await resolveBackend(backend as Parameters<typeof resolveBackend>[0])
  const data = options.data ? await dataRows(options) : null
  const renderer = options.renderer ? await rendererRow(notes) : null
  const webgpu = await webgpuBench(options.scale, progress)
  const report: BenchReport = {
    mlp,
    cnn,
    data,
    renderer,
    webgpu,
    batchNorm,
    startup,
    environment: {
      clock: options.clockName,
      cpus: os.cpus().length,
      loadAverage1m: os.loadavg()[0] ?? Number.NaN,
      backend: await describeBackend(backend),
      torch: torch
        ? 'PyTorch via /usr/bin/python3'
        : 'PyTorch not available (/usr/bin/python3 with torch)',
      peakGflops: peak.gflops,
      peakSource: peak.source
    },
    notes
  }
  process.stdout.write(
    options.json
      ? `${JSON.stringify(report)}\n`
      : `${formatTable(report)}\n${formatWebgpuBench(webgpu)}\n`
  )
}

/** `--probe-cost`: the per-probe cost of both nets on the 'auto' backend, as one JSON object. */
async function probeCostMain(options: Options): Promise<void> {
  const { backend } = await resolveBackend('auto')
  const out = {
    clock: options.clockName,
    backend: await describeBackend(backend),
    loadAverage1m: os.loadavg()[0] ?? Number.NaN,
    mlp: await probeCostOf('mlp', backend, options.clock),
    cnn: await probeCostOf('cnn', backend, options.clock)
  }
  process.stdout.write(`${JSON.stringify(out)}\n`)
}

/** Folder loading (issue: image folders): cold, cached and streamed images/s. Wall-clock. */
async function dataRows(options: Options): Promise<DataLoadingRow[]> {
  progress('data loading: bundled sample and generated photos (wall-clock)')
  const plan = { concurrencies: [1, 2, 4], workers: options.scale < 1 ? [] : [2] }
  return dataLoadingBench((line) => progress(line.trim()), plan, options.scale < 1 ? 100 : 300)
}

/** The 3D landscape's frames per second against an empty scene, in software WebGL. */
async function rendererRow(notes: string[]): Promise<RendererFps | null> {
  progress('renderer: landscape fps in Chromium (software WebGL)')
  try {
    return await rendererFps(3)
  } catch (thrown) {
    notes.push(
      `renderer not measured: ${thrown instanceof Error ? thrown.message : String(thrown)}`
    )
    return null
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
