/**
 * What `npm run bench` reports, as data, and its two renderings: one JSON object (`--json`) and
 * a table for people. Pure: no tfjs, no I/O.
 */
import { batchNormLines, type BatchNormBench } from './batch-norm'
import type { WebgpuBench } from './webgpu'
import type { NetName } from './nets'

/**
 * One net's figures. Rates are samples (images) per second of the report's clock (CPU time of
 * the training process by default); null where not measured.
 */
import { DEFAULT_STATS_EVERY } from '../main/contract/config/schema'
import type { DataLoadingRow } from './data-loading'
import type { RendererFps } from './renderer-fps'
import type { ThreadRow, ThreadSweep } from './thread-sweep'
import type { ThreadChoice } from './thread-choice'
import type { StartupBench } from './startup'
import { OVERHEAD_AT, type ProbeCost } from './probe-cost'

export interface NetReport {
  /** The backend 'auto' resolves to; the figures below without a backend name are on it. */
  backend: string
  /**
   * runTraining with instruments off, over its steady-state steps 1 … n−2 (no probe falls in
   * them; the images are drawn before training starts).
   */
  samplesPerSec: number | null
  /** runTraining with the default instruments (a probe every 25 steps), same window. */
  samplesPerSecInstrumented: number | null
  /** samplesPerSec / samplesPerSecInstrumented: how many times slower the instruments make it. */
  overheadRatio: number | null
  /** PyTorch on the CPU with as many threads as our backend uses (1), same clock. */
  torchSamplesPerSec: number | null
  /** samplesPerSec / torchSamplesPerSec. */
  ratioToTorch: number | null
  /** The minimal tfjs loop (bench/nets.ts), no data pipeline or events, on `backend`. */
  plainSamplesPerSec: number | null
  plainRatioToTorch: number | null
  /** PyTorch with 2 threads, always wall-clock (CPU time would hide the parallel speedup). */
  torch2ThreadsSamplesPerSec: number | null
  /** samplesPerSec / torch2ThreadsSamplesPerSec, only with --wall (else null). */
  ratioToTorch2Threads: number | null
  /** The minimal loop on every backend that loaded; 'wasm-stock' is wasm without our kernels. */
  byBackend: Record<string, number | null>
  /**
   * Wall-clock samples/s at every thread count from 1 to the cores, ours (runTraining on wasm,
   * instruments off) and PyTorch's, medians of interleaved runs (bench/thread-sweep.ts).
   */
  threads: ThreadRow[]
  /**
   * The default thread count the rule (thread-count.ts) picks for this net, and how it compares
   * with the best measured counts above (bench/thread-choice.ts: the bounds docs/engine.md states).
   */
  threadChoice: ThreadChoice
  /** Our best median over the thread counts, and at how many threads. */
  bestSamplesPerSec: number | null
  bestThreads: number | null
  /** PyTorch's best median over the thread counts, and at how many threads. */
  torchBestSamplesPerSec: number | null
  torchBestThreads: number | null
  /** bestSamplesPerSec / torchBestSamplesPerSec: both wall-clock, each at its best. */
  ratioToTorchBest: number | null
  /** The instruments' wall-clock cost at the default thread count, from interleaved runs. */
  instrumentsThreaded: ThreadSweep['instruments']
  /** What one probe costs, from the step times of one run (bench/probe-cost.ts). */
  probeCost: ProbeCost
  /** FLOPs of one training sample (forward + backward, bench/flops.ts). */
  flopsPerSample: number
  /** GFLOP/s achieved at bestSamplesPerSec. */
  gflopsPerSec: number | null
  /** gflopsPerSec / the machine's FP32 peak (environment.peakGflops). */
  fractionOfPeak: number | null
}

export interface BenchReport {
  mlp: NetReport
  cnn: NetReport
  /** Folder loading throughput (bench/data-loading.ts); null when skipped (--skip-data). */
  data: DataLoadingRow[] | null
  /** 3D landscape frames per second (bench/renderer-fps.ts); null when skipped or no Chromium. */
  renderer: RendererFps | null
  /** The WebGPU section (bench/webgpu.ts): adapter, label, rates or why not. */
  webgpu: WebgpuBench
  /** Batch norm's wasm kernels against the composed ops (bench/batch-norm.ts). */
  batchNorm: BatchNormBench
  /** Start → first step of relu-he on the sample, through the app's runner (bench/startup.ts). */
  startup: StartupBench
  environment: {
    clock: 'cpu' | 'wall'
    cpus: number
    loadAverage1m: number
    backend: string
    torch: string
    /** FP32 peak of all cores (bench/cpu-peak.ts) and where the figure comes from. */
    peakGflops: number | null
    peakSource: string
  }
  notes: string[]
}

/** a / b when both are known and b > 0. */
export function ratio(a: number | null, b: number | null): number | null {
  return a == null || b == null || b <= 0 ? null : a / b
}

function cell(value: number | null, digits = 0, suffix = ''): string {
  return value == null ? '—' : `${value.toFixed(digits)}${suffix}`
}

/** The report as aligned text lines. */
export function formatTable(report: BenchReport): string {
  const nets: NetName[] = ['mlp', 'cnn']
  const rows: [string, (r: NetReport) => string][] = [
    ['backend', (r) => r.backend],
    ['samples/s (runTraining, instruments off)', (r) => cell(r.samplesPerSec)],
    [
      `samples/s (runTraining, statsEvery ${DEFAULT_STATS_EVERY})`,
      (r) => cell(r.samplesPerSecInstrumented)
    ],
    ['instrument overhead', (r) => cell(r.overheadRatio, 2, '×')],
    ['samples/s (minimal tfjs loop)', (r) => cell(r.plainSamplesPerSec)],
    ['PyTorch CPU, 1 thread', (r) => cell(r.torchSamplesPerSec)],
    ['ours / PyTorch 1 thread', (r) => cell(r.ratioToTorch, 2, '×')],
    ['minimal loop / PyTorch 1 thread', (r) => cell(r.plainRatioToTorch, 2, '×')],
    ['PyTorch CPU, 2 threads (wall-clock)', (r) => cell(r.torch2ThreadsSamplesPerSec)],
    ['ours / PyTorch 2 threads', (r) => cell(r.ratioToTorch2Threads, 2, '×')],
    [
      'best samples/s, wall-clock (threads)',
      (r) => `${cell(r.bestSamplesPerSec)} (${cell(r.bestThreads)})`
    ],
    [
      'PyTorch best, wall-clock (threads)',
      (r) => `${cell(r.torchBestSamplesPerSec)} (${cell(r.torchBestThreads)})`
    ],
    ['ours best / PyTorch best', (r) => cell(r.ratioToTorchBest, 2, '×')],
    [
      'instrument overhead, wall-clock, threaded',
      (r) => cell(r.instrumentsThreaded.overheadRatio, 3, '×')
    ],
    ['one probe, in plain training steps', (r) => cell(r.probeCost.probeSteps, 2)],
    ...OVERHEAD_AT.map((every): [string, (r: NetReport) => string] => [
      `instrument overhead at statsEvery ${every}, from the probe cost`,
      (r) => cell(r.probeCost.overheadAt.find((o) => o.every === every)?.ratio ?? null, 3, '×')
    ]),
    ['GFLOP/s at best (forward + backward)', (r) => cell(r.gflopsPerSec, 1)],
    [
      'share of FP32 peak',
      (r) => cell(r.fractionOfPeak === null ? null : 100 * r.fractionOfPeak, 1, '%')
    ]
  ]
  const counts = report.mlp.threads.map((row) => row.threads)
  for (const n of counts) {
    const row = (r: NetReport) => r.threads.find((t) => t.threads === n)
    rows.push([
      `${n} thread${n === 1 ? '' : 's'}: ours / PyTorch samples/s`,
      (r) => `${cell(row(r)?.samplesPerSec ?? null)}/${cell(row(r)?.torchSamplesPerSec ?? null)}`
    ])
    rows.push([
      `${n} thread${n === 1 ? '' : 's'}: our CPU-ms per sample`,
      (r) => cell(1000 * (row(r)?.cpuSecondsPerSample ?? Number.NaN), 3)
    ])
  }
  rows.push(
    ['default threads (the rule)', (r) => String(r.threadChoice.chosen)],
    ['default: CPU / least CPU per sample', (r) => cell(r.threadChoice.cpuRatio, 2, '×')],
    ['default: rate / best rate', (r) => cell(r.threadChoice.rateRatio, 2, '×')]
  )
  const backends = [...new Set(nets.flatMap((n) => Object.keys(report[n].byBackend)))]
  for (const b of backends) {
    rows.push([`samples/s minimal loop on ${b}`, (r) => cell(r.byBackend[b] ?? null)])
  }
  const width = Math.max(...rows.map(([label]) => label.length))
  const lines = [`${''.padEnd(width)}  ${nets.map((n) => n.padStart(10)).join('')}`]
  for (const [label, get] of rows) {
    lines.push(`${label.padEnd(width)}  ${nets.map((n) => get(report[n]).padStart(10)).join('')}`)
  }
  const env = report.environment
  lines.push(
    '',
    `rates per second of ${env.clock === 'cpu' ? 'CPU time used' : 'wall-clock time'}; ${env.backend}; ${env.torch}`,
    `${env.cpus} CPUs, load average ${env.loadAverage1m.toFixed(1)} at the end`,
    `FP32 peak ${cell(env.peakGflops, 0)} GFLOP/s: ${env.peakSource}`
  )
  const up = report.startup
  lines.push(
    '',
    `startup (Start → first step, relu-he on the sample, wall-clock): cold ${cell(up.coldSeconds, 2, ' s')}, warm ${cell(up.warmSeconds, 2, ' s')}`
  )
  lines.push(
    ...batchNormLines(report.batchNorm),
    ...dataLines(report.data),
    ...rendererLines(report.renderer)
  )
  for (const note of report.notes) lines.push(`note: ${note}`)
  return lines.join('\n')
}

function dataLines(rows: DataLoadingRow[] | null): string[] {
  if (rows === null) return []
  const width = Math.max(...rows.map((r) => `${r.folder}, ${r.mode}`.length))
  return [
    '',
    'data loading (images/s, wall-clock; scan + decode + resize):',
    ...rows.map(
      (r) => `  ${`${r.folder}, ${r.mode}`.padEnd(width)}  ${String(r.imagesPerSec).padStart(8)}`
    )
  ]
}

function rendererLines(r: RendererFps | null): string[] {
  if (r === null) return []
  return [
    '',
    `renderer (${r.canvas[0]}×${r.canvas[1]}, software WebGL, ${r.units}-unit layer updated every frame):`,
    `  empty scene ${r.emptyFps.toFixed(0)} fps; unit surface ${r.surfaceFps.toFixed(1)} fps (ratio ${r.surfaceRatio.toPrecision(2)}); histogram ridges ${r.ridgeFps.toFixed(1)} fps (ratio ${r.ridgeRatio.toPrecision(2)}); axes cost ${(r.axesCost * 100).toFixed(1)}% of the surface's fps`
  ]
}
