/**
 * The trainer protocol: what a host (CLI, Electron main, browser-mode server) sends to the
 * process or worker that trains, and the events it gets back. Pure types; messages are
 * structured-clone/JSON safe (numbers, strings, arrays, plain objects only).
 */
import type { RunConfig } from './config/schema'
import type { DataSource } from './config/data-source'
import type { EpochRecord, LayerInfo, ProbeRecord, StepRecord } from './runs/records'
import type { RunEvaluation } from './runs/evaluation'
import type {
  BackendNote,
  DatasetSummary,
  FinalMetrics,
  ForkOf,
  GpuAdapter,
  RunStatus
} from './runs/summary'

export const BACKEND_CHOICES = ['auto', 'node-gpu', 'webgpu', 'node', 'wasm', 'cpu'] as const
export type BackendChoice = (typeof BACKEND_CHOICES)[number]

export type { DataSource } from './config/data-source'

export interface TrainRequest {
  runId: string
  config: RunConfig
  data: DataSource
  backend: BackendChoice
  /** Threads the wasm backend trains with (1–8); default chosen per net (thread-count.ts). */
  threads?: number
  /**
   * JSON file remembering which backends failed to load on this machine (backend-memo.ts), so
   * that 'auto' does not probe a missing GPU on every run; none probes every time.
   */
  memoFile?: string
  /** Folder for the decoded-image cache (folder data only); none disables caching. */
  cacheDir?: string
  /** Memory the model may plan for, in MB; default: TRAINSCAPE_MEMORY_BUDGET_MB, else free memory. */
  memoryBudgetMB?: number
  /** Set when the run is a fork of another (summary.json keeps it); the trainer ignores it. */
  forkOf?: ForkOf
}

export type HostCommand =
  | { type: 'start'; request: TrainRequest }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  /**
   * Sent to a trainer kept ready before any run (the "warm" trainer): load the engine and
   * resolve `backend` now, so that the `start` that follows finds both done.
   */
  | { type: 'prepare'; backend: BackendChoice; threads?: number; memoFile?: string }

/**
 * What a trainer is doing before its first step, in order: resolving the backend (incl. any
 * GPU probe and the WebAssembly compile), loading and decoding the data, building the model,
 * and the first optimizer step (tfjs compiles its kernels then). The Train view names each.
 */
export const START_PHASES = ['backend', 'data', 'model', 'first-step'] as const
export type StartPhase = (typeof START_PHASES)[number]

/** Terminal facts of a run; the host turns them into summary.json. */
export interface RunEnd {
  status: Exclude<RunStatus, 'running' | 'interrupted'>
  reason: string | null
  steps: number
  epochs: number
  samplesPerSecond: number | null
  final: FinalMetrics
  divergedAt: number | null
  divergedLayer: string | null
}

export type TrainEvent =
  /** A start phase begins (see START_PHASES); the next phase or the first `step` ends it. */
  | { type: 'phase'; phase: StartPhase }
  /** `adapter` names the WebGPU adapter when the backend is webgpu. */
  | { type: 'backend'; backend: string; notes: BackendNote[]; adapter?: GpuAdapter }
  | { type: 'loading'; scanned: number; decoded: number; skipped: number; total: number | null }
  | { type: 'dataset'; dataset: DatasetSummary }
  | { type: 'layers'; layers: LayerInfo[] }
  | { type: 'step'; record: StepRecord }
  | { type: 'probe'; record: ProbeRecord }
  | { type: 'epoch'; record: EpochRecord }
  | { type: 'state'; state: 'running' | 'paused' }
  /** Confusion matrices and misclassified images, once after the last step (evaluation.json). */
  | { type: 'evaluation'; evaluation: RunEvaluation }
  /** The trained parameters, sent once just before `end` (for the model exporter). */
  | { type: 'weights'; tensors: NamedTensor[] }
  | { type: 'end'; end: RunEnd }

/** A parameter as plain data: `values` is row-major in `shape` (tfjs layout). */
export interface NamedTensor {
  name: string
  shape: number[]
  values: Float32Array
}
