/**
 * The report's figures, each an inline SVG built from a run's records: loss and accuracy
 * curves, pre-activation variance versus depth with the lecture's prediction, gradient flow
 * (by depth and over time), and dead/saturated fractions over time. Pure.
 */
import type { ProbeRecord } from '../records'
import type { SeriesInput } from './series'
import { lineChart, type ChartSeries } from './svg-chart'

type Point = [number, number]

function layerName(input: SeriesInput, i: number): string {
  return input.layers[i]?.name ?? `layer_${i}`
}

export function lossChart(input: SeriesInput): string {
  return lineChart(
    [
      { label: 'train loss (per step)', points: input.steps.map((s): Point => [s.step, s.loss]) },
      {
        label: 'train loss (epoch)',
        points: input.epochs.map((e): Point => [e.step, e.trainLoss])
      },
      {
        label: 'validation loss (epoch)',
        points: input.epochs.map((e): Point => [e.step, e.valLoss])
      }
    ],
    { title: 'Loss', xLabel: 'step', yLabel: 'cross-entropy' }
  )
}

export function accuracyChart(input: SeriesInput): string {
  return lineChart(
    [
      {
        label: 'train accuracy (per step)',
        points: input.steps.map((s): Point => [s.step, s.acc])
      },
      {
        label: 'train accuracy (epoch)',
        points: input.epochs.map((e): Point => [e.step, e.trainAcc])
      },
      {
        label: 'validation accuracy (epoch)',
        points: input.epochs.map((e): Point => [e.step, e.valAcc])
      }
    ],
    { title: 'Accuracy', xLabel: 'step', yLabel: 'accuracy' }
  )
}

function byDepth(
  probe: ProbeRecord | undefined,
  value: (l: ProbeRecord['layers'][number]) => number
): Point[] {
  return (probe?.layers ?? []).map((l): Point => [l.layer + 1, value(l)])
}

/** Measured Var(pre) per layer next to n·Var(w)·E[x²], at the first and the last probe. */
export function varianceDepthChart(input: SeriesInput): string {
  const first = input.probes[0]
  const last = input.probes.at(-1)
  const series: ChartSeries[] = [
    {
      label: `measured, step ${first?.step ?? '-'}`,
      points: byDepth(first, (l) => l.pre.variance)
    },
    {
      label: `predicted, step ${first?.step ?? '-'}`,
      points: byDepth(first, (l) => l.predictedPreVar),
      dashed: true
    }
  ]
  if (last && last !== first) {
    series.push({
      label: `measured, step ${last.step}`,
      points: byDepth(last, (l) => l.pre.variance)
    })
    series.push({
      label: `predicted, step ${last.step}`,
      points: byDepth(last, (l) => l.predictedPreVar),
      dashed: true
    })
  }
  return lineChart(series, {
    title: 'Pre-activation variance by depth',
    xLabel: 'layer (1 = first, last = output)',
    yLabel: 'Var(h)',
    logY: true
  })
}

/** Gradient norm per layer by depth (first and last probe). */
export function gradientDepthChart(input: SeriesInput): string {
  const first = input.probes[0]
  const last = input.probes.at(-1)
  const series: ChartSeries[] = [
    { label: `step ${first?.step ?? '-'}`, points: byDepth(first, (l) => l.gradNorm) }
  ]
  if (last && last !== first)
    series.push({ label: `step ${last.step}`, points: byDepth(last, (l) => l.gradNorm) })
  return lineChart(series, {
    title: 'Gradient flow: ‖∂L/∂W‖ by depth',
    xLabel: 'layer (1 = first, last = output)',
    yLabel: 'gradient norm',
    logY: true
  })
}

function overTime(
  input: SeriesInput,
  value: (l: ProbeRecord['layers'][number]) => number,
  onlyHidden: boolean
): ChartSeries[] {
  const count = input.layers.length - (onlyHidden ? 1 : 0)
  return Array.from({ length: Math.max(0, count) }, (_, i) => ({
    label: layerName(input, i),
    points: input.probes.map((p): Point => [p.step, p.layers[i] ? value(p.layers[i]) : Number.NaN])
  }))
}

export function gradientTimeChart(input: SeriesInput): string {
  return lineChart(
    overTime(input, (l) => l.gradNorm, false),
    { title: 'Gradient norm over time', xLabel: 'step', yLabel: 'gradient norm', logY: true }
  )
}

export function deadTimeChart(input: SeriesInput): string {
  return lineChart(
    overTime(input, (l) => l.deadFraction, true),
    { title: 'Dead units over time', xLabel: 'step', yLabel: 'fraction dead' }
  )
}

export function saturatedTimeChart(input: SeriesInput): string {
  return lineChart(
    overTime(input, (l) => l.saturatedFraction, true),
    { title: 'Saturated units over time', xLabel: 'step', yLabel: 'fraction saturated' }
  )
}
