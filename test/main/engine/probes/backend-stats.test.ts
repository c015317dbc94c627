/**
 * The statistics reduced on the backend against the JS statistics of main/stats computed on the
 * same activations, downloaded: counts, ranges and unit states exact, moments within float32
 * summation error, histogram counts equal but for values within rounding of a bin edge.
 */
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeSchema, modelSchema } from '../../../../main/contract/config/schema'
import type { TensorStats } from '../../../../main/contract/runs/records'
import { buildModel, disposeModel, type Model } from '../../../../main/engine/model/model'
import {
  summarizeTensor,
  summarizeUnits,
  tensorStatsFromSummary
} from '../../../../main/engine/probes/backend-stats'
import { captureProbe } from '../../../../main/engine/probes/capture'
import { tensorStats } from '../../../../main/stats/tensor-stats'
import { unitRule } from '../../../../main/stats/unit-state-rules'
import { unitStats, unitStatsFromTallies } from '../../../../main/stats/units'
import { useTestBackend } from '../test-backend'

const BINS = 41
const RANGE = 6
/** Relative tolerance of float32 sums of up to ~10⁵ values against float64 ones. */
const MOMENT_TOLERANCE = 1e-5

beforeAll(useTestBackend)

/** Backend summary of `values` [rows, units], parsed as TensorStats. */
async function backendStats(values: Float32Array, units: number): Promise<TensorStats | null> {
  const v = tf.tensor2d(values, [values.length / units, units])
  const summary = tf.tidy(() => summarizeTensor(v, BINS, RANGE))
  const s = (await summary.data()) as Float32Array
  tf.dispose([v, summary])
  return tensorStatsFromSummary(s, values.length, BINS, RANGE)
}

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
    MOMENT_TOLERANCE * Math.max(Math.abs(expected), 1e-30)
  )
}

/** Values whose counts may differ: those within float32 rounding of one of the bin edges. */
function nearEdges(values: Float32Array): number {
  const width = (2 * RANGE) / BINS
  return values.filter((v) => {
    const t = (v + RANGE) / width
    return Math.abs(t - Math.round(t)) < 1e-5 * Math.max(1, Math.abs(t))
  }).length
}

function expectSameStats(b: TensorStats, js: TensorStats, values: Float32Array): void {
  expect(b.count).toBe(js.count)
  expect(b.nonFinite).toBe(0)
  expect(b.min).toBe(js.min)
  expect(b.max).toBe(js.max)
  expectClose(b.mean, js.mean)
  expectClose(b.variance, js.variance)
  expectClose(b.meanSquare, js.meanSquare)
  const moved =
    b.histogram.counts.reduce((n, c, i) => n + Math.abs(c - js.histogram.counts[i]!), 0) +
    Math.abs(b.histogram.underflow - js.histogram.underflow) +
    Math.abs(b.histogram.overflow - js.histogram.overflow)
  expect(moved).toBeLessThanOrEqual(2 * nearEdges(values))
}

/** Seeded normal values scaled by `scale` and shifted by `shift`, [rows × units]. */
function normals(rows: number, units: number, seed: number, scale = 1, shift = 0): Float32Array {
  return tf.tidy(
    () => tf.randomNormal([rows * units], shift, scale, 'float32', seed).dataSync() as Float32Array
  )
}

describe('statistics reduced on the backend', () => {
  it('give the JS moments, range and histogram of ReLU outputs (half exact zeros) and wide pre-activations', async () => {
    const pre = normals(4000, 24, 1, 4, 0.3)
    const relu = pre.map((v) => Math.max(0, v))
    for (const values of [pre, relu]) {
      expectSameStats((await backendStats(values, 24))!, tensorStats(values, BINS, RANGE), values)
    }
  })

  it('come back null when a value is not finite, so the caller takes the JS path', async () => {
    const values = normals(100, 4, 2)
    values[17] = NaN
    expect(await backendStats(values, 4)).toBeNull()
    values[17] = Infinity
    expect(await backendStats(values, 4)).toBeNull()
  })

  it('give the same unit states, active fractions and means as the JS tally for every rule', async () => {
    const cases = [
      { activation: 'relu', fn: (x: number) => Math.max(0, x) },
      { activation: 'leaky-relu', fn: (x: number) => (x > 0 ? x : 0.01 * x) },
      { activation: 'sigmoid', fn: (x: number) => 1 / (1 + Math.exp(-x)) },
      { activation: 'tanh', fn: Math.tanh },
      { activation: 'elu', fn: (x: number) => (x > 0 ? x : Math.exp(x) - 1) },
      { activation: 'linear', fn: (x: number) => x }
    ] as const
    const units = 12
    const rows = 500
    // Unit u is shifted by (u - 6) · 1.5: some units sit deep in a tail or never fire.
    const pre = normals(rows, units, 3).map((v, i) => v + ((i % units) - 6) * 1.5)
    for (const { activation, fn } of cases) {
      const post = pre.map(fn)
      const js = unitStats(pre, post, units, activation, 0.01)
      const rule = unitRule(activation, 0.01)
      const p = tf.tensor2d(pre, [rows, units])
      const q = tf.tensor2d(post, [rows, units])
      const summary = tf.tidy(() => summarizeUnits(p, q, rule))
      const t = (await summary.data()) as Float32Array
      tf.dispose([p, q, summary])
      const b = unitStatsFromTallies(rows, rule, {
        meanActivation: Array.from(t.subarray(0, units), (s) => s / rows),
        active: t.subarray(units, 2 * units),
        flagged: t.subarray(2 * units)
      })
      expect(b.units.state, activation).toEqual(js.units.state)
      expect(b.units.activeFraction, activation).toEqual(js.units.activeFraction)
      expect(b.deadFraction).toBe(js.deadFraction)
      expect(b.saturatedFraction).toBe(js.saturatedFraction)
      b.units.meanActivation.forEach((m, u) => expectClose(m, js.units.meanActivation[u]!))
    }
  })
})

describe('captureProbe with statistics on the backend', () => {
  let model: Model
  beforeAll(() => {
    const spec = modelSchema.parse({
      inputShape: [12, 12, 1],
      layers: [
        { type: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu' },
        { type: 'maxPool', poolSize: 2 },
        { type: 'dense', units: 16, batchNorm: true, activation: 'tanh' }
      ]
    })
    model = buildModel(spec, 3, 5)
  })
  afterAll(() => disposeModel(model))

  it('measures what the JS path measures on a real net, leaving no tensors', async () => {
    const x = tf.randomUniform([40, 12, 12, 1], 0, 1, 'float32', 9) as tf.Tensor4D
    const spec = probeSchema.parse({})
    const before = tf.memory().numTensors
    const js = await captureProbe(model, x, 16, spec, false)
    const backend = await captureProbe(model, x, 16, spec, true)
    expect(tf.memory().numTensors).toBe(before)
    x.dispose()
    backend.forEach((b, i) => {
      const j = js[i]!
      expect(b.rows).toBe(j.rows)
      expect(b.inputMeanSquare).toBe(j.inputMeanSquare)
      expect(b.kernel).toEqual(j.kernel)
      expect(b.movingVar).toEqual(j.movingVar)
      expect(b.units.units.state).toEqual(j.units.units.state)
      expect(b.units.units.activeFraction).toEqual(j.units.units.activeFraction)
      for (const key of ['pre', 'post'] as const) {
        expect(b[key].count).toBe(j[key].count)
        expect(b[key].min).toBe(j[key].min)
        expect(b[key].max).toBe(j[key].max)
        expectClose(b[key].mean, j[key].mean)
        expectClose(b[key].variance, j[key].variance)
        expect(b[key].histogram.counts).toEqual(j[key].histogram.counts)
      }
    })
  })
})
