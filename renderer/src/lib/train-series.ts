/**
 * Loss and accuracy curves of a run for the Train and Compare views: per-step training values
 * (marked smoothable: the chart's slider smooths them so noise does not hide the trend) and
 * per-epoch validation values. Pure.
 */
import type { EpochRecord, StepRecord } from '../../../main/contract/runs/records'
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
