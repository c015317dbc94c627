/**
 * Progress and ETA of a run, from its view model: steps done of the planned total (maxSteps, or
 * epochs × steps per epoch once the dataset is known; a PyTorch run's maxSteps when its script
 * gave total_steps) and the measured time per step while
 * running (paused time does not count). Pure.
 */
import type { RunEnd } from '../../../main/contract/trainer-protocol'
import type { RunView } from './run-state'
import { externalWriter } from '../../../main/contract/runs/data-words'

export interface Progress {
  done: number
  /** Planned optimizer steps; null until the dataset size is known. */
  total: number | null
  /** 0..1, or null with an unknown total. */
  fraction: number | null
  /** Seconds left at the measured pace; null before the first step or with an unknown total. */
  etaSeconds: number | null
  epoch: number
  /** The run is paused: the ETA holds still until it resumes. */
  paused: boolean
}

/** Planned optimizer steps for the view's config and dataset, or null when not yet known. */
export function plannedSteps(view: RunView): number | null {
  const training = view.config?.training
  if (!training) return null
  const trainCount = view.dataset ? sumCounts(view.dataset.counts['train']) : null
  const byEpochs =
    trainCount !== null ? training.epochs * Math.ceil(trainCount / training.batchSize) : null
  const max = training.maxSteps ?? null
  // A PyTorch script's epochs and batch size are the probe's guesses unless the script gave
  // them; its total_steps (maxSteps) is what it said.
  if (externalWriter(view.backend) && max !== null) return max
  if (byEpochs === null) return max
  return max === null ? byEpochs : Math.min(max, byEpochs)
}

function sumCounts(counts: Record<string, number> | undefined): number | null {
  if (!counts) return null
  return Object.values(counts).reduce((a, b) => a + b, 0)
}

/** Progress at the view's last fold. Does not mutate. */
export function progressOf(view: RunView): Progress {
  // Step numbers count from 0; thinned deliveries and a reload mid-run leave gaps in `steps`.
  const last = view.steps.at(-1)
  const done = Math.max(view.steps.length, last ? last.step + 1 : 0)
  const total = plannedSteps(view)
  const fraction = total ? Math.min(1, done / total) : null
  const msPerStep = done > 0 && view.runningMs > 0 ? view.runningMs / done : null
  const etaSeconds =
    total !== null && msPerStep !== null && view.phase !== 'ended'
      ? (Math.max(0, total - done) * msPerStep) / 1000
      : null
  const epoch = view.steps.at(-1)?.epoch ?? 0
  return { done, total, fraction, etaSeconds, epoch, paused: view.phase === 'paused' }
}

/** The ETA as shown: `ETA 4:07`, `ETA —`, or `paused · ETA 4:07 once resumed`. */
export function etaText(progress: Progress): string {
  const eta = progress.etaSeconds === null ? '—' : formatDuration(progress.etaSeconds)
  return progress.paused ? `paused · ETA ${eta} once resumed` : `ETA ${eta}`
}

/** '1:05:09', '4:07', '12 s'. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—'
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** A number for a readout: 3 significant digits, exponent form when tiny or huge, NaN spelled. */
export function formatValue(v: number | null): string {
  if (v === null) return '—'
  if (Number.isNaN(v)) return 'NaN'
  if (!Number.isFinite(v)) return v > 0 ? '+∞' : '−∞'
  const a = Math.abs(v)
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2)
  return String(Number(v.toPrecision(3)))
}

/**
 * The one-line outcome of an ended run for the Train view: what happened and the final
 * validation numbers when there are any (a diverged run names the step and layer instead).
 */
export function endSummary(end: RunEnd): string {
  const validation =
    end.final.valAcc === null && end.final.valLoss === null
      ? ''
      : ` Validation accuracy ${formatValue(end.final.valAcc)}, loss ${formatValue(end.final.valLoss)}.`
  const testAcc = end.final.testAcc ?? null
  const test =
    testAcc === null
      ? ''
      : ` Test accuracy ${formatValue(testAcc)}, loss ${formatValue(end.final.testLoss ?? null)}.`
  const steps = `${end.steps} step${end.steps === 1 ? '' : 's'}`
  switch (end.status) {
    case 'diverged': {
      const at = end.divergedAt === null ? `after ${steps}` : `at step ${end.divergedAt}`
      const layer = end.divergedLayer ? `, first in ${end.divergedLayer}` : ''
      return `Run diverged ${at}: the loss became non-finite${layer}. Lower the learning rate (see the findings) and start again.`
    }
    case 'failed':
      return sentence(
        `Run failed after ${steps}: ${end.reason ?? 'the trainer stopped without saying why'}`
      )
    case 'stopped':
    case 'completed':
      // The engine's reason often restates the status ("Stopped on request after 12 steps.").
      return `Run ${end.status} after ${steps}.${restates(end) ? '' : ` ${sentence(end.reason ?? '')}`}${validation}${test}`
    default: {
      const never: never = end.status
      throw new Error(`Unknown run status ${String(never)}`)
    }
  }
}

/** `text` ending in exactly one full stop (reasons often carry their own). */
function sentence(text: string): string {
  return /[.!?]$/.test(text.trimEnd()) ? text.trimEnd() : `${text}.`
}

/** True when the end has no reason beyond its status. */
function restates(end: RunEnd): boolean {
  return !end.reason || end.reason.toLowerCase().startsWith(end.status)
}
