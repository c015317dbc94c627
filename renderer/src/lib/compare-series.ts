/**
 * The Compare view's overlays: two or more runs drawn on the same axes, one colour per run
 * (RUN_COLORS): loss and accuracy over steps (training per step, validation per epoch,
 * dashed), a unit measure of one layer over steps, and a per-layer quantity against depth at
 * one step (output layers aligned at the deepest run's depth). Layers are matched by name. Pure.
 */
import type { LayerProbe } from '../../../main/contract/runs/records'
import {
  measureApplies,
  notApplicableText,
  type UnitMeasure
} from '../../../main/contract/stats/applicability'
import { depthPositions } from './depth-align'
import { againstDepth, overSteps, probeAt, type Series } from './layer-series'
import type { RunView } from './run-state'
import { RUN_COLORS } from './state-colors'
import { metricSeries } from './train-series'

/** A run in the overlay: its view, a short name for keys ("A relu-he") and its colour. */
export interface ComparedRun {
  view: RunView
  name: string
  color: string
}

/** The runs with letters A, B, C… and their colours, in the order chosen. */
export function comparedRuns(
  views: readonly (RunView | null)[],
  names: readonly string[]
): ComparedRun[] {
  const out: ComparedRun[] = []
  views.forEach((view, i) => {
    if (!view) return
    out.push({
      view,
      name: `${String.fromCharCode(65 + i)} ${names[i] ?? view.id ?? ''}`.trim(),
      color: RUN_COLORS[i % RUN_COLORS.length]!
    })
  })
  return out
}

/** Loss or accuracy of every run: training solid (smoothable), validation dashed. */
export function overlayMetric(runs: readonly ComparedRun[], metric: 'loss' | 'acc'): Series[] {
  return runs.flatMap((r) => {
    const [train, val] = metricSeries(r.view.steps, r.view.epochs, metric)
    return [
      { ...train, label: `${r.name} train`, color: r.color },
      { ...val, label: `${r.name} validation`, color: r.color, dashed: true }
    ]
  })
}

/** Every layer name of the runs, in depth order of first appearance (output layers last). */
export function layerNames(runs: readonly ComparedRun[]): string[] {
  const names: string[] = []
  const outputs: string[] = []
  for (const r of runs)
    r.view.layers.forEach((l, i) => {
      const list = i === r.view.layers.length - 1 ? outputs : names
      if (!names.includes(l.name) && !outputs.includes(l.name)) list.push(l.name)
    })
  return [...names, ...outputs]
}

/**
 * `measure` of layer `name` over steps, one series per run that has the layer and for which
 * the measure applies; `note` says which runs lack the layer or why it does not apply.
 */
export function overlayLayerMeasure(
  runs: readonly ComparedRun[],
  name: string,
  measure: UnitMeasure
): { series: Series[]; note: string } {
  const series: Series[] = []
  const missing: string[] = []
  const skipped: string[] = []
  const pick = (l: LayerProbe) =>
    measure === 'dead'
      ? l.deadFraction
      : measure === 'saturated'
        ? l.saturatedFraction
        : l.stuckNegativeFraction
  for (const r of runs) {
    const i = r.view.layers.findIndex((l) => l.name === name)
    if (i < 0) {
      missing.push(r.name)
      continue
    }
    const info = r.view.layers[i]
    if (info === undefined) continue
    if (!measureApplies(measure, info.activation, i === r.view.layers.length - 1)) {
      skipped.push(i === r.view.layers.length - 1 ? 'output' : info.activation)
      continue
    }
    series.push({ ...overSteps(r.view.probes, i, pick, r.name, r.color) })
  }
  const notes = [
    notApplicableText(measure, skipped),
    missing.length
      ? `${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no layer ${name}.`
      : ''
  ]
  return { series, note: notes.filter(Boolean).join(' ') }
}

/**
 * A per-layer quantity against depth at the probe at or before `step`, one series per run;
 * every run's output layer sits at the deepest run's output depth (depthPositions), so the
 * output layers line up while the first layers stay at 1, 2, ….
 */
export function overlayDepth(
  runs: readonly ComparedRun[],
  step: number,
  pick: (l: LayerProbe) => number,
  suffix = '',
  dashed = false
): Series[] {
  const probes = runs.map((r) => probeAt(r.view.probes, step))
  const deepest = Math.max(0, ...probes.map((p) => p?.layers.length ?? 0))
  return runs.map((r, i) => {
    const series = againstDepth(probes[i] ?? null, pick, `${r.name}${suffix}`, r.color)
    return { ...series, x: depthPositions(series.x.length, deepest), dashed }
  })
}
