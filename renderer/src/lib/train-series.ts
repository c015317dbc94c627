/**
 * Loss and accuracy curves of a run for the Train and Compare views: per-step training values
 * (smoothed with an exponential moving average so noise does not hide the trend) and per-epoch
 * validation values. Pure.
 */
import type { EpochRecord, StepRecord } from '../../../main/runs/records'
import type { Series } from './layer-series'
import { SERIES_COLORS } from './state-colors'

/** EMA with weight `alpha` on the newest value; NaN passes through and restarts the average. */
export function smooth(values: readonly number[], alpha: number): number[] {
  const out: number[] = []
  let avg = Number.NaN
  for (const v of values) {
    avg = Number.isFinite(v) ? (Number.isFinite(avg) ? alpha * v + (1 - alpha) * avg : v) : v
    out.push(avg)
  }
  return out
}

/** Training (per step, smoothed) and validation (per epoch) curves of one metric. */
export function metricSeries(
  steps: readonly StepRecord[],
  epochs: readonly EpochRecord[],
  metric: 'loss' | 'acc',
  prefix = ''
): Series[] {
  const train = steps.map((s) => (metric === 'loss' ? s.loss : s.acc))
  return [
    {
      label: `${prefix}train`,
      color: SERIES_COLORS.train,
      x: steps.map((s) => s.step),
      y: smooth(train, 0.1)
    },
    {
      label: `${prefix}validation`,
      color: SERIES_COLORS.val,
      x: epochs.map((e) => e.step),
      y: epochs.map((e) => (metric === 'loss' ? e.valLoss : e.valAcc))
    }
  ]
}
