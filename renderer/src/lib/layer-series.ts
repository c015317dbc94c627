/**
 * Series for the Layers view, derived from probe records: quantities against depth at one probe
 * (measured vs predicted pre-activation variance, gradient norm) and one quantity of one layer
 * against training steps (dead fraction, BN statistics, dropout kept fraction). Pure.
 */
import type { LayerProbe, ProbeRecord } from '../../../main/contract/runs/records'
import {
  measureApplies,
  notApplicableText,
  type UnitMeasure
} from '../../../main/contract/stats/applicability'
import { layerColor } from './state-colors'

export interface Series {
  label: string
  color: string
  x: number[]
  y: number[]
  dashed?: boolean
  /** The chart's smoothing slider applies to it (per-step training loss and accuracy). */
  smoothable?: boolean
  /** Drawn thin and pale, left out of keys and readout (the raw copy of a smoothed curve). */
  faint?: boolean
  /** Read against the chart's right-hand y axis (a second quantity with its own unit). */
  right?: boolean
}

/** The probe at or just before `step`, or the last probe when `step` is null. */
export function probeAt(probes: readonly ProbeRecord[], step: number | null): ProbeRecord | null {
  const first = probes[0]
  if (first === undefined) return null
  if (step === null) return probes[probes.length - 1]!
  let lo = 0
  let hi = probes.length - 1
  if (first.step > step) return first
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (probes[mid]!.step <= step) lo = mid
    else hi = mid - 1
  }
  return probes[lo]!
}

/** y = pick(layer) for every layer of one probe; x = depth 1..L. */
export function againstDepth(
  probe: ProbeRecord | null,
  pick: (layer: LayerProbe) => number,
  label: string,
  color: string
): Series {
  const layers = probe?.layers ?? []
  return { label, color, x: layers.map((_, i) => i + 1), y: layers.map(pick) }
}

/** y = pick(probe.layers[layer]) over training; x = step. Skips probes missing that layer. */
export function overSteps(
  probes: readonly ProbeRecord[],
  layer: number,
  pick: (layer: LayerProbe) => number | null,
  label: string,
  color: string
): Series {
  const x: number[] = []
  const y: number[] = []
  for (const p of probes) {
    const l = p.layers[layer]
    const v = l ? pick(l) : null
    if (v === null) continue
    x.push(p.step)
    y.push(v)
  }
  return { label, color, x, y }
}

/**
 * One `overSteps` series per layer of `layers` (layer i is probe layer i), labelled
 * "<i+1> <name>" and coloured along the depth palette: the per-layer charts over time.
 */
export function overStepsPerLayer(
  probes: readonly ProbeRecord[],
  layers: readonly { name: string }[],
  pick: (layer: LayerProbe) => number | null
): Series[] {
  return layers.map((l, i) =>
    overSteps(probes, i, pick, `${i + 1} ${l.name}`, layerColor(i, layers.length))
  )
}

/** Mean over units of a per-unit array (BN statistics), NaN for an empty array. */
export function meanOf(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  let s = 0
  for (const v of values) s += v
  return s / values.length
}

const PICK: Record<UnitMeasure, (l: LayerProbe) => number> = {
  dead: (l) => l.deadFraction,
  saturated: (l) => l.saturatedFraction,
  stuckNegative: (l) => l.stuckNegativeFraction,
  inactive: (l) => l.inactiveFraction ?? NaN
}

/**
 * A unit measure over training for the hidden layers it applies to (dead: ReLU family;
 * saturated: sigmoid/tanh), one series per such layer, and the "not applicable" sentence for
 * the others ('' when it applies to every hidden layer). `layers` ends with the output layer.
 */
export function measureOverSteps(
  probes: readonly ProbeRecord[],
  layers: readonly { name: string; activation: string }[],
  measure: UnitMeasure
): { series: Series[]; note: string } {
  const hidden = layers.slice(0, -1)
  const series: Series[] = []
  const skipped: string[] = []
  hidden.forEach((l, i) => {
    if (!measureApplies(measure, l.activation)) return void skipped.push(l.activation)
    series.push(
      overSteps(probes, i, PICK[measure], `${i + 1} ${l.name}`, layerColor(i, hidden.length))
    )
  })
  return { series, note: notApplicableText(measure, skipped) }
}
