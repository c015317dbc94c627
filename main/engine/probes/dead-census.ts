/**
 * The dead-unit census: a test-mode forward pass over the training split (its first
 * censusExamples(split size) examples, sized to the instruments' budget) that keeps, for each
 * hidden layer able to die, every unit's largest output on the backend. A unit whose largest
 * output is 0 never fired: it is dead (records.ts DeadCensus). One number per layer crosses to
 * the CPU per batch (to stop early), one per unit once per census.
 *
 * Cost: one inference pass over 15 % of the split (at least 256 and at most 4,096 examples), in
 * the validation reader's batches, ending early once every unit has fired (then none is dead):
 * about 5 % of an epoch. The trainer runs it before the first update and at each epoch's end
 * (docs/engine.md gives its measured share of an epoch).
 */
import * as tf from '@tensorflow/tfjs'
import { censusExamples } from '../../contract/runs/dead-census'
import { UNIT_STATE, type DeadCensus } from '../../contract/runs/records'
import type { Split } from '../../data/dataset'
import { unitRule } from '../../stats/unit-state-rules'
import { forward } from '../model/forward'
import type { Model } from '../model/model'

/** What the census reads batches through (the trainer's BatchReader fits). */
export interface CensusReader {
  readonly capacity: number
  /** Images of `indices` as [n, h, w, c]; the caller disposes the tensor. */
  read(split: Split, indices: Int32Array): Promise<{ x: tf.Tensor4D }>
}

/** Hidden layers of `model` whose activation can leave a unit at exactly 0 (plain ReLU). */
export function censusLayers(model: Model): number[] {
  const hidden = model.plan.layers.slice(0, -1)
  return hidden.flatMap((plan, i) =>
    plan.activation !== 'softmax' &&
    unitRule(plan.activation, plan.leakySlope).state === UNIT_STATE.dead
      ? [i]
      : []
  )
}

/**
 * Counts the dead units of `model` on the first `limit` examples of `split` (at most all of
 * them; by default censusExamples(split.count)), read `reader.capacity` at a time. `now` is a millisecond clock. Does not mutate the model;
 * leaves no tensors.
 */
export async function takeCensus(
  model: Model,
  split: Split,
  reader: CensusReader,
  now: () => number = () => performance.now(),
  limit = censusExamples(split.count)
): Promise<DeadCensus> {
  const t0 = now()
  const layers = censusLayers(model)
  const examples = Math.min(split.count, limit)
  const counted = new Set(layers)
  const peaks = new Map<number, tf.Tensor1D>()
  for (let start = 0; start < examples && layers.length > 0; start += reader.capacity) {
    const n = Math.min(reader.capacity, examples - start)
    const batch = await reader.read(
      split,
      Int32Array.from({ length: n }, (_, k) => start + k)
    )
    tf.tidy(() => {
      forward(
        model,
        batch.x,
        { training: false },
        {
          layer: (i, t) => counted.has(i) && keepPeak(peaks, i, t.post)
        }
      )
    })
    batch.x.dispose()
    // Once every unit has fired, none can be dead: the rest of the split cannot change that.
    if (await everyUnitFired(peaks, layers)) break
  }
  const out: DeadCensus['layers'] = []
  for (const layer of layers) {
    const peak = peaks.get(layer)
    const values = peak ? await peak.data() : new Float32Array()
    peak?.dispose()
    const dead: number[] = []
    values.forEach((v, u) => {
      if (v <= 0) dead.push(u)
    })
    out.push({ layer, dead })
  }
  return { examples, splitExamples: split.count, ms: now() - t0, layers: out }
}

/**
 * True when every counted layer's smallest per-unit peak is above 0: one number per layer, in
 * one download.
 */
async function everyUnitFired(
  peaks: Map<number, tf.Tensor1D>,
  layers: readonly number[]
): Promise<boolean> {
  const counted = layers.flatMap((layer) => peaks.get(layer) ?? [])
  if (counted.length < layers.length) return false
  const least = tf.tidy(() => tf.stack(counted.map((peak) => tf.min(peak))))
  const values = await least.data()
  least.dispose()
  return values.every((v) => v > 0)
}

/**
 * Folds one batch's post-activation [rows…, units] into `peaks`: per unit, the largest value
 * seen so far (a NaN stays NaN, so such a unit never counts as dead). Inside a tidy: the new
 * peak is kept and the old one disposed.
 */
function keepPeak(peaks: Map<number, tf.Tensor1D>, layer: number, post: tf.Tensor): void {
  const units = post.shape[post.shape.length - 1]!
  const batchPeak = tf.max(tf.reshape(post, [-1, units]), 0) as tf.Tensor1D
  const old = peaks.get(layer)
  const next = old ? tf.maximum(old, batchPeak) : batchPeak
  peaks.set(layer, tf.keep(next) as tf.Tensor1D)
  old?.dispose()
}
