/**
 * The run-state reducer: folds the trainer's TrainEvents into the view model every view draws
 * (phase, backend and why, dataset, layer facts, step/probe/epoch records, the end). Pure and
 * immutable: a fold returns a new RunView whose arrays are new (one concat per batch of events,
 * so a store folding once per animation frame copies each array at most once a frame).
 */
import type { RunConfig } from '../../../main/contract/config/schema'
import type { RunEnd, StartPhase, TrainEvent } from '../../../main/contract/trainer-protocol'
import type {
  EpochRecord,
  LayerInfo,
  ProbeRecord,
  StepRecord
} from '../../../main/contract/runs/records'
import type { RunEvaluation } from '../../../main/contract/runs/evaluation'
import type { BackendNote, DatasetSummary, GpuAdapter } from '../../../main/contract/runs/summary'
import { StepLog } from './step-log'

export type RunPhase = 'idle' | 'starting' | 'loading' | 'running' | 'paused' | 'ended'

export interface LoadingProgress {
  scanned: number
  decoded: number
  skipped: number
  total: number | null
}

export interface RunView {
  id: string | null
  config: RunConfig | null
  phase: RunPhase
  backend: string | null
  backendNotes: BackendNote[]
  /** The WebGPU adapter when the backend is webgpu, else null. */
  adapter: GpuAdapter | null
  /** What the trainer is doing before its first step (the Train view names it); null after. */
  startPhase: StartPhase | null
  loading: LoadingProgress | null
  dataset: DatasetSummary | null
  layers: LayerInfo[]
  /** What the charts draw: the newest steps in full, older ones downsampled (see `stepLog`). */
  steps: readonly StepRecord[]
  /** Every step seen, bounded: `steps` is its snapshot; `stepLog.downsampled` says if thinned. */
  stepLog: StepLog
  probes: ProbeRecord[]
  epochs: EpochRecord[]
  end: RunEnd | null
  /** Confusion matrices and misclassified images, once the run has ended (null before, or none). */
  evaluation: RunEvaluation | null
  /** A start that failed before any event (bad folder, refused request). */
  error: string | null
  /** Milliseconds spent in phase 'running', for the ETA; `lastAt` is the clock at the last fold. */
  runningMs: number
  lastAt: number | null
}

/**
 * Probe records kept in full: at most MAX_PROBES, and fewer for wide nets so that the per-unit
 * arrays held stay under MAX_UNIT_VALUES numbers (20 layers × 1,000 units keep 100 probes).
 * Past the cap, older probes are thinned (every other one dropped, the first — the
 * initialization — always kept), so a long run's memory stays bounded.
 */
export const MAX_PROBES = 400
export const MAX_UNIT_VALUES = 6_000_000

/** The probe cap for a net with these layers (units summed over layers). */
export function probeBudget(layers: readonly LayerInfo[]): number {
  const units = layers.reduce((sum, l) => sum + l.units, 0)
  // Three per-unit arrays per probe: mean activation, active fraction, state.
  const fit = Math.floor(MAX_UNIT_VALUES / Math.max(1, 3 * units))
  return Math.max(40, Math.min(MAX_PROBES, fit))
}

export function emptyRun(): RunView {
  return {
    id: null,
    config: null,
    phase: 'idle',
    backend: null,
    backendNotes: [],
    adapter: null,
    startPhase: null,
    loading: null,
    dataset: null,
    layers: [],
    steps: [],
    stepLog: new StepLog(),
    probes: [],
    epochs: [],
    end: null,
    evaluation: null,
    error: null,
    runningMs: 0,
    lastAt: null
  }
}

/** A fresh view for a run that was just requested. `now` in ms. */
export function startingRun(id: string, config: RunConfig, now: number): RunView {
  return { ...emptyRun(), id, config, phase: 'starting', lastAt: now }
}

/** A run that could not start; keeps the config so the user can fix and retry. */
export function failedStart(view: RunView, error: string): RunView {
  return { ...view, phase: 'ended', error }
}

/** Folds a batch of events received up to `now` (ms). Does not mutate `view` or `events`. */
export function foldEvents(view: RunView, events: readonly TrainEvent[], now: number): RunView {
  const next: RunView = { ...view }
  const steps: StepRecord[] = []
  const probes: ProbeRecord[] = []
  const epochs: EpochRecord[] = []
  if (view.phase === 'running' && view.lastAt !== null)
    next.runningMs += Math.max(0, now - view.lastAt)
  next.lastAt = now
  for (const event of events) applyEvent(next, event, { steps, probes, epochs })
  const last = view.stepLog.last
  const newSteps = last ? steps.filter((r) => r.step > last.step) : steps
  const newProbes = after(view.probes, probes, (r) => r.step)
  const newEpochs = after(view.epochs, epochs, (r) => r.epoch)
  if (newSteps.length) {
    view.stepLog.append(newSteps)
    next.steps = view.stepLog.records()
  }
  if (newProbes.length)
    next.probes = thinProbes(view.probes.concat(newProbes), probeBudget(next.layers))
  if (newEpochs.length) next.epochs = view.epochs.concat(newEpochs)
  return next
}

/**
 * The records of `added` past the last one `held` has, by `key` (increasing in a run): after a
 * reload the run folder and the live stream overlap, and a record must not be drawn twice.
 */
function after<T>(held: readonly T[], added: T[], key: (record: T) => number): T[] {
  const last = held.at(-1)
  if (last === undefined) return added
  const from = key(last)
  return added.filter((record) => key(record) > from)
}

interface Appends {
  steps: StepRecord[]
  probes: ProbeRecord[]
  epochs: EpochRecord[]
}

/** Applies one event to `next` (the fresh copy being built); records go to `out`. */
function applyEvent(next: RunView, event: TrainEvent, out: Appends): void {
  switch (event.type) {
    case 'phase':
      if (next.phase === 'starting' || next.phase === 'loading') next.startPhase = event.phase
      return
    case 'backend':
      next.backend = event.backend
      next.backendNotes = event.notes
      next.adapter = event.adapter ?? null
      return
    case 'loading':
      next.loading = {
        scanned: event.scanned,
        decoded: event.decoded,
        skipped: event.skipped,
        total: event.total
      }
      if (next.phase === 'starting') next.phase = 'loading'
      return
    case 'dataset':
      next.dataset = event.dataset
      return
    case 'layers':
      next.layers = event.layers
      return
    case 'step':
      out.steps.push(event.record)
      next.startPhase = null
      if (next.phase === 'starting' || next.phase === 'loading') next.phase = 'running'
      return
    case 'probe':
      out.probes.push(event.record)
      return
    case 'epoch':
      out.epochs.push(event.record)
      return
    case 'state':
      if (next.phase !== 'ended') next.phase = event.state
      return
    case 'evaluation':
      next.evaluation = event.evaluation
      return
    case 'weights':
      return // parameters are for the exporter; the UI draws statistics only
    case 'end':
      next.end = event.end
      next.startPhase = null
      next.phase = 'ended'
      return
    default: {
      const never: never = event
      throw new Error(`Unknown trainer event ${JSON.stringify(never)}`)
    }
  }
}

/** Keeps at most `max` probes: drops every other one of the older half, never the first or last. */
export function thinProbes(probes: ProbeRecord[], max: number): ProbeRecord[] {
  if (probes.length <= max) return probes
  const half = Math.floor(probes.length / 2)
  const older = probes.slice(1, half).filter((_, i) => i % 2 === 1)
  return [...probes.slice(0, 1), ...older, ...probes.slice(half)]
}
