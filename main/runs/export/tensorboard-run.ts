/**
 * A run as one TensorBoard event file: per-step loss/accuracy/learning rate, per-epoch train
 * and validation metrics, per-layer scalars (variance and its prediction, dead and saturated
 * fractions, gradient norm, update ratio) and per-layer histograms of pre- and post-activations.
 * Wall times are the run's start plus the recorded step durations. Pure.
 */
import type { TensorStats } from '../../contract/runs/records'
import type { SeriesInput } from './series'
import { eventFile, fileVersionEvent, histogramEvent, scalarEvent } from './tfevents'

/** The conventional event file name for a run that started at `startedAt`. */
export function eventFileName(startedAt: string): string {
  const seconds = Math.floor(Math.max(0, Date.parse(startedAt) || 0) / 1000)
  return `events.out.tfevents.${seconds}.trainscape`
}

/** Wall time in seconds of every recorded step, by step number. */
function wallTimes(input: SeriesInput): Map<number, number> {
  let t = (Date.parse(input.summary.startedAt) || 0) / 1000
  const times = new Map<number, number>()
  for (const s of input.steps) {
    t += Number.isFinite(s.ms) ? s.ms / 1000 : 0
    times.set(s.step, t)
  }
  return times
}

function histogramOf(wall: number, step: number, tag: string, stats: TensorStats): Uint8Array[] {
  if (!Number.isFinite(stats.min) || !Number.isFinite(stats.max)) return []
  const n = stats.count
  const moments = {
    min: stats.min,
    max: stats.max,
    sum: stats.mean * n,
    sumSquares: stats.meanSquare * n
  }
  return [histogramEvent(wall, step, tag, stats.histogram, moments)]
}

function probeEvents(input: SeriesInput, at: (step: number) => number): Uint8Array[] {
  return input.probes.flatMap((probe) =>
    probe.layers.flatMap((l) => {
      const name = input.layers[l.layer]?.name ?? `layer_${l.layer}`
      const wall = at(probe.step)
      const scalar = (tag: string, v: number) => scalarEvent(wall, probe.step, `${name}/${tag}`, v)
      return [
        scalar('pre_variance', l.pre.variance),
        scalar('predicted_pre_variance', l.predictedPreVar),
        scalar('post_mean', l.post.mean),
        scalar('dead_fraction', l.deadFraction),
        scalar('saturated_fraction', l.saturatedFraction),
        scalar('grad_norm', l.gradNorm),
        scalar('update_ratio', l.updateRatio),
        scalar('weight_spread', l.weights.spread),
        ...histogramOf(wall, probe.step, `${name}/pre_activation`, l.pre),
        ...(l.preNorm ? histogramOf(wall, probe.step, `${name}/batch_normalized`, l.preNorm) : []),
        ...histogramOf(wall, probe.step, `${name}/post_activation`, l.post)
      ]
    })
  )
}

/** The bytes of the run's event file (brain.Event:2 first). Pure. */
export function runEventFile(input: SeriesInput): Uint8Array {
  const times = wallTimes(input)
  const start = (Date.parse(input.summary.startedAt) || 0) / 1000
  const at = (step: number) => times.get(step) ?? start
  const steps = input.steps.flatMap((s) => [
    scalarEvent(at(s.step), s.step, 'train/loss', s.loss),
    scalarEvent(at(s.step), s.step, 'train/accuracy', s.acc),
    scalarEvent(at(s.step), s.step, 'train/learning_rate', s.lr)
  ])
  const epochs = input.epochs.flatMap((e) => [
    scalarEvent(at(e.step), e.step, 'epoch/train_loss', e.trainLoss),
    scalarEvent(at(e.step), e.step, 'epoch/train_accuracy', e.trainAcc),
    scalarEvent(at(e.step), e.step, 'epoch/val_loss', e.valLoss),
    scalarEvent(at(e.step), e.step, 'epoch/val_accuracy', e.valAcc)
  ])
  return eventFile([fileVersionEvent(start), ...steps, ...epochs, ...probeEvents(input, at)])
}
