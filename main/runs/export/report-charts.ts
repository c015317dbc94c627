/**
 * The report's figures, each an inline SVG built from a run's records: loss and accuracy
 * curves, pre-activation variance versus depth with the lecture's prediction, gradient flow
 * (by depth and over time), and dead/saturated fractions over time. Pure.
 */
import type { ProbeRecord } from '../../contract/runs/records'
import {
  measureApplies,
  notApplicableText,
  type UnitMeasure
} from '../../contract/stats/applicability'
import { initializerVarianceChain } from '../../contract/stats/theory-chain'
import type { SeriesInput } from './series'
import { escapeXml, lineChart, type ChartSeries } from './svg-chart'

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
    { title: 'Loss', xLabel: 'training step', yLabel: 'loss (cross-entropy, nats)', logY: true }
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
      },
      ...baselineLines(input)
    ],
    { title: 'Accuracy', xLabel: 'training step', yLabel: 'accuracy (fraction correct)' }
  )
}

/** The majority-class and chance accuracies as dashed level lines over the run's steps. */
function baselineLines(input: SeriesInput): ChartSeries[] {
  const b = input.summary.dataset?.baselines
  const first = input.steps[0]?.step
  const last = input.steps.at(-1)?.step
  if (!b || first === undefined || last === undefined) return []
  const level = (label: string, y: number): ChartSeries => ({
    label: `${label} ${Math.round(y * 100)}%`,
    points: [
      [first, y],
      [Math.max(last, first + 1), y]
    ],
    dashed: true
  })
  return [level('majority class', b.majorityClass), level('chance', b.chance)]
}

function byDepth(
  probe: ProbeRecord | undefined,
  value: (l: ProbeRecord['layers'][number]) => number
): Point[] {
  return (probe?.layers ?? []).map((l): Point => [l.layer + 1, value(l)])
}

/**
 * Measured Var(pre) per layer at initialization next to the lecture's predictions: per layer
 * n·Var(w)·E[x²] from the measured weights and input, and the chain from the initializers
 * alone (input E[x²] carried through every layer, ReLU halving it); then the measured values
 * at the last probe.
 */
export function varianceDepthChart(input: SeriesInput): string {
  const first = input.probes[0]
  const last = input.probes.at(-1)
  const chain = initializerVarianceChain(input.config, input.layers, first ?? null)
  const series: ChartSeries[] = [
    {
      label: `measured at init (step ${first?.step ?? '-'})`,
      points: byDepth(first, (l) => l.pre.variance)
    },
    {
      label: 'n·Var(w)·E[x²] per layer, at init',
      points: byDepth(first, (l) => l.predictedPreVar),
      dashed: true
    },
    {
      label: 'from the initializers alone',
      points: (chain ?? []).map((v, i): Point => [i + 1, v]),
      dashed: true
    }
  ]
  if (last && last !== first)
    series.push({
      label: `measured at step ${last.step}`,
      points: byDepth(last, (l) => l.pre.variance)
    })
  return lineChart(series, {
    title: 'Pre-activation variance by depth: theory and measurement',
    xLabel: 'layer (1 = first, last = output)',
    yLabel: 'Var(pre)',
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
    yLabel: '‖∂L/∂W‖ (L2 norm)',
    logY: true
  })
}

function overTime(
  input: SeriesInput,
  value: (l: ProbeRecord['layers'][number]) => number,
  onlyHidden: boolean,
  measure?: UnitMeasure
): ChartSeries[] {
  const count = input.layers.length - (onlyHidden ? 1 : 0)
  return Array.from({ length: Math.max(0, count) }, (_, i) => i)
    .filter((i) => !measure || measureApplies(measure, input.layers[i]?.activation ?? ''))
    .map((i) => ({
      label: layerName(input, i),
      points: input.probes.map((p): Point => [
        p.step,
        p.layers[i] ? value(p.layers[i]) : Number.NaN
      ])
    }))
}

export function gradientTimeChart(input: SeriesInput): string {
  return lineChart(
    overTime(input, (l) => l.gradNorm, false),
    {
      title: 'Gradient norm over time',
      xLabel: 'training step',
      yLabel: '‖∂L/∂W‖ (L2 norm)',
      logY: true
    }
  )
}

/** A unit measure's chart, or a sentence saying it applies to none of the layers. */
function measureChart(
  input: SeriesInput,
  measure: UnitMeasure,
  title: string,
  yLabel: string
): string {
  const pick = (l: ProbeRecord['layers'][number]) =>
    measure === 'dead' ? l.deadFraction : l.saturatedFraction
  const series = overTime(input, pick, true, measure)
  const skipped = input.layers
    .slice(0, -1)
    .map((l) => l.activation)
    .filter((a) => !measureApplies(measure, a))
  const note = notApplicableText(measure, skipped)
  const chart = series.length ? lineChart(series, { title, xLabel: 'training step', yLabel }) : ''
  return chart + (note ? `<p class="note">${escapeXml(note)}</p>` : '')
}

export function deadTimeChart(input: SeriesInput): string {
  return measureChart(input, 'dead', 'Dead units over time', 'fraction of units dead')
}

export function saturatedTimeChart(input: SeriesInput): string {
  return measureChart(
    input,
    'saturated',
    'Saturated units over time',
    'fraction of units saturated'
  )
}
