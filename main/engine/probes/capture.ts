/**
 * The probe's forward pass: test mode on the fixed probe batch, measuring every weighted layer's
 * input second moment, the statistics of its pre, preNorm and post (moments, range, histogram,
 * per-unit activity) and reading back its kernel, bias and moving statistics.
 *
 * One download per probe: everything a probe reads is concatenated on the backend into one
 * vector. What that vector holds depends on where the backend's memory is:
 * - wasm and cpu (memory the CPU reads anyway): the kept activations themselves, summarized by
 *   the JS statistics of main/stats in one pass each. Measured on the bench CNN (wasm, CPU
 *   time), tfjs' generic element-wise ops cost ≈ 10 ns a value each on wasm, so the ten or so a
 *   backend histogram and unit tally need cost more than the download and the JS pass together
 *   (docs/benchmarks.md "What a probe costs").
 * - GPU backends: the statistics reduced on the device (backend-stats.ts), a few hundred
 *   numbers a layer. A layer whose sums come back non-finite then has its activations
 *   downloaded as well, for the JS path, which leaves NaN and ±Inf out of every statistic.
 * Either way the kernels, biases and moving statistics travel in the same vector, and a layer
 * input's E[x²] is a dot product on the backend.
 *
 * Cost is bounded twice. Memory: the batch runs in chunks of at most `chunk` examples (the
 * validation batch size, so a probe needs no more memory than validation). Download and
 * statistics: conv layers have examples × positions rows, so only the first
 * ⌊CONV_ROW_CAP / positions⌋ probe examples (at least 1) are downloaded for them; dense layers
 * use the whole probe batch. A layer input's E[x²] is always measured on the whole batch.
 * Tensors are kept through the pass and read back asynchronously at its end (WebGPU in Node
 * has no synchronous readback).
 */
import * as tf from '@tensorflow/tfjs'
import type { ProbeSpec } from '../../contract/config/schema'
import type { TensorStats } from '../../contract/runs/records'
import type { WeightedPlan } from '../../contract/model/plan'
import { tensorStats } from '../../stats/tensor-stats'
import { unitRule, type UnitRule } from '../../stats/unit-state-rules'
import { unitStats, unitStatsFromTallies, type LayerUnitStats } from '../../stats/units'
import { forward } from '../model/forward'
import type { Model } from '../model/model'
import {
  summarizeTensor,
  summarizeUnits,
  summaryLength,
  tensorStatsFromSummary
} from './backend-stats'

/** Most rows (examples × positions) downloaded per conv layer per probe. */
export const CONV_ROW_CAP = 8192

/** One weighted layer's measured values. */
export interface CapturedLayer {
  /** Rows (examples × positions) the activation statistics rest on. */
  rows: number
  /** E[x²] of the layer's input on the whole probe batch. */
  inputMeanSquare: number
  pre: TensorStats
  preNorm: TensorStats | null
  /** After the activation (softmax probabilities for the output layer). */
  post: TensorStats
  /** Per-unit activity under the layer's unit rule (signal: preNorm if any, else pre; post). */
  units: LayerUnitStats
  /** Row-major [fanIn × units]. */
  kernel: Float32Array
  /** The bias vector; null with batch norm (its bias stays 0 and beta shifts instead). */
  bias: Float32Array | null
  movingMean: Float32Array | null
  movingVar: Float32Array | null
}

/** The histogram settings of the probe's statistics. */
export type HistogramSpec = Pick<ProbeSpec, 'histogramBins' | 'histogramRange'>

/** Examples of a probe batch of `n` that a layer with `positions` positions per example keeps. */
export function probeExamples(n: number, positions: number): number {
  return positions <= 1 ? n : Math.max(1, Math.min(n, Math.floor(CONV_ROW_CAP / positions)))
}

/** What one layer gathers over the chunks: kept tensors, reduced once the pass is done. */
interface Gathered {
  keep: number
  positions: number
  squares: tf.Scalar[]
  inputs: number
  pre: tf.Tensor[]
  preNorm: tf.Tensor[]
  post: tf.Tensor[]
}

/** One layer's activations as [rows, units], kept until the probe's download is parsed. */
interface Activations {
  plan: WeightedPlan
  rule: UnitRule
  rows: number
  pre: tf.Tensor2D
  preNorm: tf.Tensor2D | null
  post: tf.Tensor2D
}

/**
 * Runs the test-mode probe pass on `x` [n, h, w, c], `chunk` examples at a time, and measures
 * every weighted layer with histograms of `spec`. Does not mutate the model; leaves no tensors.
 */
export async function captureProbe(
  model: Model,
  x: tf.Tensor4D,
  chunk: number,
  spec: HistogramSpec,
  onBackend = reducesOnBackend(tf.getBackend())
): Promise<CapturedLayer[]> {
  const gathered = gatherActivations(model, x, chunk)
  const acts = gathered.map((g, i) => joinChunks(model.plan.layers[i]!, g))
  try {
    const vector = tf.tidy(() =>
      tf.concat(
        acts.flatMap((a, i) =>
          layerVector(model, i, a, tf.addN(gathered[i]!.squares), spec, onBackend)
        )
      )
    )
    const values = (await vector.data()) as Float32Array
    vector.dispose()
    const out: CapturedLayer[] = []
    let offset = 0
    for (let i = 0; i < acts.length; i++) {
      const read = (n: number): Float32Array => values.subarray(offset, (offset += n))
      const parse = onBackend ? parseReduced : parseActivations
      out.push(await parse(model, i, acts[i]!, gathered[i]!.inputs, read, spec))
    }
    return out
  } finally {
    for (const g of gathered) tf.dispose(g.squares)
    for (const a of acts) tf.dispose([a.pre, a.post, ...(a.preNorm ? [a.preNorm] : [])])
  }
}

/** True for a tfjs backend `name` whose statistics are cheaper reduced on it (GPUs: see above). */
export function reducesOnBackend(name: string): boolean {
  return name !== 'wasm' && name !== 'cpu'
}

/** The chunked forward pass: per layer, the kept input squares and activation rows. */
function gatherActivations(model: Model, x: tf.Tensor4D, chunk: number): Gathered[] {
  const n = x.shape[0]
  const gathered = model.plan.layers.map((plan): Gathered => {
    const shape = plan.outputShape
    const positions = shape.length === 3 ? shape[0]! * shape[1]! : 1
    return {
      keep: probeExamples(n, positions),
      positions,
      squares: [],
      inputs: 0,
      pre: [],
      preNorm: [],
      post: []
    }
  })
  const last = model.plan.layers.length - 1
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start)
    tf.tidy(() => {
      forward(
        model,
        tf.slice(x, start, size),
        { training: false },
        {
          layer(index, t) {
            const g = gathered[index]!
            g.squares.push(tf.keep(sumOfSquares(t.input)))
            g.inputs += t.input.size
            const take = Math.min(size, g.keep - start)
            if (take <= 0) return
            const rows = (v: tf.Tensor) => tf.keep(take < size ? tf.slice(v, 0, take) : tf.clone(v))
            g.pre.push(rows(t.pre))
            if (t.preNorm) g.preNorm.push(rows(t.preNorm))
            g.post.push(rows(index === last ? tf.softmax(t.post) : t.post))
          }
        }
      )
    })
  }
  return gathered
}

/** Σx² of every value of `t` as one dot product (no element-wise square tensor). */
function sumOfSquares(t: tf.Tensor): tf.Scalar {
  const flat = tf.reshape(t, [1, -1]) as tf.Tensor2D
  return tf.reshape(tf.matMul(flat, flat, false, true), []) as tf.Scalar
}

/** Concatenates one layer's chunks into [rows, units] tensors and disposes the chunks. */
function joinChunks(plan: WeightedPlan, g: Gathered): Activations {
  const join = (parts: tf.Tensor[]): tf.Tensor2D => {
    const joined = tf.tidy(() => tf.reshape(tf.concat(parts), [-1, plan.units]) as tf.Tensor2D)
    tf.dispose(parts)
    return joined
  }
  const activation = plan.activation === 'softmax' ? 'linear' : plan.activation
  return {
    plan,
    rule: unitRule(activation, plan.leakySlope),
    rows: g.keep * g.positions,
    pre: join(g.pre),
    preNorm: g.preNorm.length > 0 ? join(g.preNorm) : null,
    post: join(g.post)
  }
}

/**
 * One layer's part of the probe's download, in the order the parsers read it: Σx² of its
 * input; then either the summaries of pre, preNorm (with batch norm) and post and the unit
 * tallies (`onBackend`) or those activations themselves; then the kernel, and the bias or the
 * moving mean and variance. Call inside tf.tidy.
 */
function layerVector(
  model: Model,
  index: number,
  a: Activations,
  squares: tf.Scalar,
  { histogramBins: bins, histogramRange: range }: HistogramSpec,
  onBackend: boolean
): tf.Tensor[] {
  const params = model.params[index]!
  const bn = params.batchNorm
  const measured = onBackend
    ? [
        summarizeTensor(a.pre, bins, range),
        ...(a.preNorm ? [summarizeTensor(a.preNorm, bins, range)] : []),
        summarizeTensor(a.post, bins, range),
        summarizeUnits(a.preNorm ?? a.pre, a.post, a.rule)
      ]
    : [a.pre, ...(a.preNorm ? [a.preNorm] : []), a.post]
  const weights = [params.kernel, ...(bn ? [bn.movingMean, bn.movingVariance] : [params.bias])]
  return [squares, ...measured, ...weights].map((t) => tf.reshape(t, [-1]))
}

/** What every parser reads after the measured values: the layer's parameters. */
function readParams(model: Model, index: number, read: (n: number) => Float32Array) {
  const params = model.params[index]!
  const bn = params.batchNorm
  const units = params.bias.size
  const kernel = read(params.kernel.size).slice()
  return {
    kernel,
    movingMean: bn ? read(units).slice() : null,
    movingVar: bn ? read(units).slice() : null,
    bias: bn ? null : read(units).slice()
  }
}

/** One layer's CapturedLayer from its activations in the download (wasm, cpu). */
async function parseActivations(
  model: Model,
  index: number,
  a: Activations,
  inputs: number,
  read: (n: number) => Float32Array,
  spec: HistogramSpec
): Promise<CapturedLayer> {
  const inputMeanSquare = read(1)[0]! / inputs
  const count = a.rows * a.plan.units
  const pre = read(count)
  const preNorm = a.preNorm ? read(count) : null
  const post = read(count)
  return {
    rows: a.rows,
    inputMeanSquare,
    ...statsInJs(a, { pre, preNorm, post }, spec),
    ...readParams(model, index, read)
  }
}

/** The JS statistics of one layer's downloaded activations (main/stats). */
function statsInJs(
  a: Activations,
  values: { pre: Float32Array; preNorm: Float32Array | null; post: Float32Array },
  { histogramBins: bins, histogramRange: range }: HistogramSpec
): Pick<CapturedLayer, 'pre' | 'preNorm' | 'post' | 'units'> {
  const activation = a.plan.activation === 'softmax' ? 'linear' : a.plan.activation
  const signal = values.preNorm ?? values.pre
  return {
    pre: tensorStats(values.pre, bins, range),
    preNorm: values.preNorm ? tensorStats(values.preNorm, bins, range) : null,
    post: tensorStats(values.post, bins, range),
    units: unitStats(signal, values.post, a.plan.units, activation, a.plan.leakySlope)
  }
}

/**
 * One layer's CapturedLayer from its statistics reduced on the backend (GPU backends), falling
 * back to the JS statistics on its downloaded activations when a sum is non-finite.
 */
async function parseReduced(
  model: Model,
  index: number,
  a: Activations,
  inputs: number,
  read: (n: number) => Float32Array,
  spec: HistogramSpec
): Promise<CapturedLayer> {
  const { histogramBins: bins, histogramRange: range } = spec
  const units = a.plan.units
  const stats = (s: Float32Array) => tensorStatsFromSummary(s, a.rows * units, bins, range)
  const inputMeanSquare = read(1)[0]! / inputs
  const pre = stats(read(summaryLength(bins)))
  const preNorm = a.preNorm ? stats(read(summaryLength(bins))) : null
  const post = stats(read(summaryLength(bins)))
  const tallies = read(3 * units)
  const params = readParams(model, index, read)
  const reduced = pre && post && (preNorm || !a.preNorm)
  const measured = reduced
    ? {
        pre,
        preNorm,
        post,
        units: unitStatsFromTallies(a.rows, a.rule, {
          meanActivation: Array.from(tallies.subarray(0, units), (sum) => sum / a.rows),
          active: tallies.subarray(units, 2 * units),
          flagged: tallies.subarray(2 * units)
        })
      }
    : statsInJs(a, await downloadActivations(a), spec)
  return { rows: a.rows, inputMeanSquare, ...measured, ...params }
}

/** A non-finite layer's activations, for the JS path. */
async function downloadActivations(a: Activations) {
  const data = async (t: tf.Tensor) => Float32Array.from((await t.data()) as Float32Array)
  return {
    pre: await data(a.pre),
    preNorm: a.preNorm ? await data(a.preNorm) : null,
    post: await data(a.post)
  }
}
