/**
 * Series for the Layers view, derived from probe records: quantities against depth at one probe
 * (measured vs predicted pre-activation variance, gradient norm) and one quantity of one layer
 * against training steps (dead fraction, BN statistics, dropout kept fraction). Pure.
 */
import type { LayerProbe, ProbeRecord } from '../../../main/runs/records'
import { layerColor } from './state-colors'

export interface Series {
  label: string
  color: string
  x: number[]
  y: number[]
  dashed?: boolean
}

/** The probe at or just before `step`, or the last probe when `step` is null. */
export function probeAt(probes: readonly ProbeRecord[], step: number | null): ProbeRecord | null {
  if (probes.length === 0) return null
  if (step === null) return probes[probes.length - 1]
  let lo = 0
  let hi = probes.length - 1
  if (probes[0].step > step) return probes[0]
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (probes[mid].step <= step) lo = mid
    else hi = mid - 1
  }
  return probes[lo]
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

/**
 * Classifies a gradient-norm profile over depth (input → output): 'vanishing' when the first
 * layer's norm is below 1/100 of the last hidden layer's, 'exploding' when above 100×, else
 * 'healthy'; 'non-finite' when any norm is NaN or ∞ (a diverged run); 'unknown' without two
 * positive values.
 */
export function gradientVerdict(
  norms: readonly number[]
): 'vanishing' | 'exploding' | 'healthy' | 'non-finite' | 'unknown' {
  if (norms.some((n) => !Number.isFinite(n))) return 'non-finite'
  const finite = norms.filter((n) => n > 0)
  if (finite.length < 2) return 'unknown'
  const ratio = finite[0] / finite[finite.length - 1]
  if (ratio < 1e-2) return 'vanishing'
  if (ratio > 1e2) return 'exploding'
  return 'healthy'
}
