/**
 * Why a 3D landscape looks flat: when the probes it draws hold NaN or ±Infinity (a diverged run),
 * those values are drawn as 0 (unit cells) or leave the histogram (ridges), and the view must say
 * so instead of showing an unexplained flat grid. Pure.
 */
import type { LayerProbe, ProbeRecord } from '../../../main/contract/runs/records'

import type { LandscapeMode } from './landscape-modes'

/** What the 3D view draws: the unit cells or the pre-activation histogram ridges. */
export type LandscapeQuantity = LandscapeMode

/** True when the layer's drawn values at this probe include NaN/±Infinity (JSON null too). */
function hasNonFinite(layer: LayerProbe, quantity: LandscapeQuantity): boolean {
  if (quantity === 'ridge') return layer.pre.nonFinite > 0 || !Number.isFinite(layer.pre.mean)
  for (const v of layer.units.meanActivation) if (!Number.isFinite(v)) return true
  return false
}

/**
 * The note for layer `layer` over the last `window` probes (the rows the view keeps), naming
 * the first probe step whose values are not finite; null when every drawn value is finite.
 * Does not mutate `probes`.
 */
export function nonFiniteNote(
  probes: readonly ProbeRecord[],
  layer: number,
  quantity: LandscapeQuantity,
  window: number
): string | null {
  for (let i = Math.max(0, probes.length - window); i < probes.length; i++) {
    const probe = probes[i]!
    const l = probe.layers[layer]
    if (!l || !hasNonFinite(l, quantity)) continue
    const shown =
      quantity === 'cells' ? 'shown as 0' : 'left out of its histogram, so that slice looks empty'
    return `Values at step ${probe.step} are not finite (the run diverged): ${shown}.`
  }
  return null
}
