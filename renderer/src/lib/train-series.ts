/**
 * Loss and accuracy curves of a run for the Train and Compare views: per-step training values
 * (marked smoothable: the chart's slider smooths them so noise does not hide the trend) and
 * per-epoch validation values; and the learning rate of every step when a schedule moved it.
 * Pure.
 */
import type { EpochRecord, StepRecord } from '../../../main/contract/runs/records'
import type { AccuracyBaselines } from '../../../main/contract/runs/summary'
import type { Series } from './layer-series'
import { SERIES_COLORS } from './state-colors'

/** Training (per step, smoothable) and validation (per epoch) curves of one metric. */
export function metricSeries(
  steps: readonly StepRecord[],
  epochs: readonly EpochRecord[],
  metric: 'loss' | 'acc',
  prefix = ''
): [Series, Series] {
  const train = steps.map((s) => (metric === 'loss' ? s.loss : s.acc))
  return [
    {
      label: `${prefix}train`,
      color: SERIES_COLORS.train,
      x: steps.map((s) => s.step),
      y: train,
      smoothable: true
    },
    {
      label: `${prefix}validation`,
      color: SERIES_COLORS.val,
      x: epochs.map((e) => e.step),
      y: epochs.map((e) => (metric === 'loss' ? e.valLoss : e.valAcc))
    }
  ]
}

/**
 * The learning rate each step used, or null when every step used the same one (a constant
 * schedule: a flat line would say nothing the settings do not).
 */
export function learningRateSeries(steps: readonly StepRecord[]): Series[] | null {
  const rates = steps.map((s) => s.lr)
  if (rates.length < 2 || rates.every((r) => r === rates[0])) return null
  return [
    {
      label: 'learning rate',
      color: SERIES_COLORS.train,
      x: steps.map((s) => s.step),
      y: rates
    }
  ]
}

/**
 * The accuracy a run must beat, as two dashed level lines over steps [from, to]: always
 * answering the largest class, and guessing uniformly. Empty without baselines or steps.
 */
export function baselineSeries(
  baselines: AccuracyBaselines | undefined,
  from: number | undefined,
  to: number | undefined
): Series[] {
  if (!baselines || from === undefined || to === undefined) return []
  const x = from === to ? [from, from + 1] : [from, to]
  const level = (label: string, color: string, value: number): Series => ({
    label: `${label} ${Math.round(value * 100)}%`,
    color,
    x,
    y: [value, value],
    dashed: true
  })
  return [
    level('majority class', SERIES_COLORS.majority, baselines.majorityClass),
    level('chance', SERIES_COLORS.chance, baselines.chance)
  ]
}
