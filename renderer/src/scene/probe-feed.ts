/**
 * Feeds a run's probe records into the 3D buffers incrementally: each sync pushes only the probes
 * newer than the last one pushed, so live training costs one row per probe, not a refill.
 * A feed belongs to one layer; a new layer or run gets a new feed. Pure (no three.js, no DOM).
 */
import type { LayerProbe, ProbeRecord } from '../../../main/contract/runs/records'
import { sampleUnits, type UnitSample } from '../lib/unit-sampling'
import { createLandscapeBuffer, pushRow, type LandscapeBuffer } from './landscape-buffer'
import { createRidgeBuffer, pushHistogram, type RidgeBuffer } from './ridge-buffer'

/** Unit columns the surface shows at most (beyond this, units are sampled, and the view says so). */
export const UNIT_BUDGET = 160
/** Probe times kept along the time axis. */
export const TIME_ROWS = 120

export interface ProbeFeed {
  readonly layer: number
  readonly sample: UnitSample
  readonly landscape: LandscapeBuffer
  readonly ridge: RidgeBuffer
  /** Step of the newest probe pushed, or -Infinity. */
  lastStep: number
}

export function createProbeFeed(layer: number, units: number, bins: number): ProbeFeed {
  const sample = sampleUnits(units, UNIT_BUDGET)
  return {
    layer,
    sample,
    landscape: createLandscapeBuffer(sample.indices.length, TIME_ROWS),
    ridge: createRidgeBuffer(bins, TIME_ROWS),
    lastStep: Number.NEGATIVE_INFINITY
  }
}

/** Pushes the probes after `feed.lastStep`; returns how many were pushed. Mutates `feed`. */
export function syncFeed(feed: ProbeFeed, probes: readonly ProbeRecord[]): number {
  let start = probes.length
  while (start > 0 && probes[start - 1]!.step > feed.lastStep) start--
  // After a long gap only the newest rows can survive in the ring; skip the rest.
  start = Math.max(start, probes.length - feed.landscape.capacity)
  let pushed = 0
  for (let i = start; i < probes.length; i++) {
    const probe = probes[i]!
    const layer: LayerProbe | undefined = probe.layers[feed.layer]
    if (!layer) continue
    pushRow(
      feed.landscape,
      probe.step,
      layer.units.meanActivation,
      layer.units.state,
      feed.sample.indices
    )
    pushHistogram(feed.ridge, probe.step, layer.pre.histogram)
    feed.lastStep = probe.step
    pushed++
  }
  return pushed
}
