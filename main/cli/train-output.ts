/**
 * What `npm run train` prints: the backend line (and why others were skipped), the data line,
 * a progress bar on a terminal or one line per epoch otherwise, and the closing line with the
 * exit code. Formatting is pure; the view only writes to the stream it is given.
 */
import type { RunConfig } from '../contract/config/schema'
import type { RunEvaluation } from '../contract/runs/evaluation'
import { classLabel, largestConfusions, percentText } from '../contract/runs/evaluation-words'
import type { RunEnd, TrainEvent } from '../contract/trainer-protocol'
import type { EpochRecord, StepRecord } from '../contract/runs/records'
import {
  adapterName,
  skippedTotal,
  type BackendNote,
  type DatasetSummary,
  type GpuAdapter
} from '../contract/runs/summary'

/** Exit codes of `npm run train`. */
export const EXIT = { completed: 0, failed: 1, badInput: 2, diverged: 3, stopped: 130 } as const

export interface OutputStream {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

export interface ProgressView {
  /** Prints what `event` adds. Does not keep events. */
  show(event: TrainEvent): void
}

const fixed = (n: number | null | undefined, digits: number) =>
  n === null || n === undefined ? '-' : Number.isFinite(n) ? n.toFixed(digits) : String(n)

/** `1 epoch`, `2 epochs`, `3 classes`. */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`
}

export function backendLine(
  backend: string,
  notes: readonly BackendNote[],
  adapter?: GpuAdapter
): string {
  const skipped = notes.map((n) => `${n.backend}: ${n.reason}`).join('; ')
  const on =
    adapter == null
      ? ''
      : ` on ${adapterName(adapter)}${adapter.software ? ' — software adapter, not a GPU' : ''}`
  return `Backend: ${backend}${on}${skipped ? ` (skipped ${skipped})` : ''}`
}

export function datasetLine(dataset: DatasetSummary): string {
  const total = (split: string) =>
    Object.values(dataset.counts[split] ?? {}).reduce((a, b) => a + b, 0)
  const skipped =
    skippedTotal(dataset) > 0 ? `, ${plural(skippedTotal(dataset), 'file')} skipped` : ''
  const [h, w, c] = dataset.inputShape
  return (
    `Data: ${dataset.root} (${plural(dataset.classes.length, 'class')}, ${total('train')} train / ` +
    `${plural(total('val'), 'validation image')} at ${h}×${w}×${c}${skipped})`
  )
}

/** One epoch; samples/s is measured over the epoch's own steps. */
export function epochLine(
  record: EpochRecord,
  epochs: number,
  samplesPerSecond: number | null
): string {
  return (
    `epoch ${record.epoch + 1}/${epochs}  loss ${fixed(record.trainLoss, 4)}  acc ${fixed(record.trainAcc, 3)}` +
    `  val loss ${fixed(record.valLoss, 4)}  val acc ${fixed(record.valAcc, 3)}` +
    `  ${samplesPerSecond === null ? '-' : Math.round(samplesPerSecond)} samples/s`
  )
}

/** A one-line progress bar for a terminal `columns` wide, e.g. `epoch 2/5 [####----] 50% …`. */
export function progressLine(
  step: StepRecord,
  stepInEpoch: number,
  stepsPerEpoch: number,
  epochs: number,
  columns: number
): string {
  const fraction = stepsPerEpoch > 0 ? Math.min(1, stepInEpoch / stepsPerEpoch) : 0
  const text = ` ${Math.round(fraction * 100)}% step ${step.step + 1}  loss ${fixed(step.loss, 4)}  acc ${fixed(step.acc, 3)}`
  const head = `epoch ${step.epoch + 1}/${epochs} `
  const width = Math.max(10, Math.min(30, columns - head.length - text.length - 3))
  const filled = Math.round(fraction * width)
  return `${head}[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${text}`.slice(
    0,
    Math.max(20, columns - 1)
  )
}

/** The closing line: what happened, and where the run is. */
export function endLine(end: RunEnd, runDir: string, kept: boolean): string {
  const where = kept ? ` Run saved in ${runDir}` : ''
  switch (end.status) {
    case 'completed':
      return `Completed ${plural(end.epochs, 'epoch')} (${plural(end.steps, 'step')}), val acc ${fixed(end.final.valAcc, 3)}.${where}`
    case 'diverged': {
      const layer = end.divergedLayer ? ` in layer ${end.divergedLayer}` : ''
      const reason = end.reason
        ? ` ${end.reason}`
        : ' The loss became non-finite; try a smaller learning rate.'
      return `Diverged at step ${end.divergedAt ?? end.steps}${layer}.${reason}${where}`
    }
    case 'stopped':
      return `Stopped after ${plural(end.steps, 'step')}.${where}`
    case 'failed':
      return `Failed: ${end.reason ?? 'the trainer gave no reason.'}${where}`
    default: {
      const unknown: never = end.status
      throw new Error(`Unhandled status ${String(unknown)}`)
    }
  }
}

/**
 * The end-of-run evaluation in one line: the three classes the net gets wrong most often on
 * validation and its largest confusion, e.g. `Validation by class: lowest shirt 13.3 %, coat
 * 28.3 %, dress 51.7 %; most often confused: coat taken for pullover (40).`
 */
export function evaluationLine(evaluation: RunEvaluation): string {
  const val = evaluation.splits.find((s) => s.split === 'val')
  if (!val) return 'Validation by class: no validation images.'
  const lowest = val.perClassAccuracy
    .map((acc, i) => ({ acc, name: classLabel(evaluation.classes, i) }))
    .filter((c): c is { acc: number; name: string } => c.acc !== null)
    .sort((a, b) => a.acc - b.acc)
    .slice(0, 3)
    .map((c) => `${c.name} ${percentText(c.acc)}`)
  const confused = largestConfusions(val, evaluation.classes, 1)
  return `Validation by class: lowest ${lowest.join(', ')}${confused ? `; most often confused: ${confused}` : ''}.`
}

export function exitCodeOf(end: RunEnd): number {
  return EXIT[end.status]
}

/** A view over `out`: a live bar on a terminal, plain epoch lines otherwise. */
export function createProgressView(
  out: OutputStream,
  config: RunConfig,
  now: () => number = Date.now
): ProgressView {
  return new TerminalProgress(out, config, now)
}

/** Redraws the bar at most every this many milliseconds. */
const REDRAW_MS = 100

class TerminalProgress implements ProgressView {
  private stepsPerEpoch = 0
  private epochStartStep = 0
  private lastDraw = Number.NEGATIVE_INFINITY
  private barShown = false
  private paused = false

  constructor(
    private readonly out: OutputStream,
    private readonly config: RunConfig,
    private readonly now: () => number
  ) {}

  show(event: TrainEvent): void {
    switch (event.type) {
      case 'backend':
        return this.line(backendLine(event.backend, event.notes, event.adapter))
      case 'dataset':
        this.stepsPerEpoch = stepsPerEpoch(event.dataset, this.config)
        return this.line(datasetLine(event.dataset))
      case 'step':
        return this.drawBar(event.record)
      case 'epoch':
        return this.epoch(event.record)
      case 'state': {
        // The loop also reports `running` when it starts; only a change after a pause is news.
        const wasPaused = this.paused
        this.paused = event.state === 'paused'
        if (this.paused) return this.line('Paused.')
        return wasPaused ? this.line('Resumed.') : undefined
      }
      case 'evaluation':
        return this.line(evaluationLine(event.evaluation))
      case 'end':
        return this.clearBar()
      case 'phase':
      case 'loading':
      case 'layers':
      case 'probe':
      case 'weights':
        return
      default: {
        const unknown: never = event
        throw new Error(`Unhandled event ${JSON.stringify(unknown)}`)
      }
    }
  }

  private drawBar(step: StepRecord): void {
    if (this.out.isTTY !== true || this.now() - this.lastDraw < REDRAW_MS) return
    this.lastDraw = this.now()
    this.barShown = true
    const { epochs } = this.config.training
    const inEpoch = step.step + 1 - this.epochStartStep
    this.out.write(
      `\r${progressLine(step, inEpoch, this.stepsPerEpoch, epochs, this.out.columns ?? 80)}`
    )
  }

  private epoch(record: EpochRecord): void {
    const samples = (record.step - this.epochStartStep) * this.config.training.batchSize
    this.epochStartStep = record.step
    const rate = record.seconds > 0 ? samples / record.seconds : null
    this.line(epochLine(record, this.config.training.epochs, rate))
  }

  private line(text: string): void {
    this.clearBar()
    this.out.write(`${text}\n`)
  }

  private clearBar(): void {
    if (this.barShown) this.out.write('\r\x1b[2K')
    this.barShown = false
  }
}

/** Optimizer steps in one epoch of `dataset`'s training split (capped by maxSteps). */
function stepsPerEpoch(dataset: DatasetSummary, config: RunConfig): number {
  const train = Object.values(dataset.counts.train ?? {}).reduce((a, b) => a + b, 0)
  const steps = Math.ceil(train / config.training.batchSize)
  return config.training.maxSteps ? Math.min(steps, config.training.maxSteps) : steps
}
