/**
 * The probe's forward pass: test mode on the fixed probe batch, downloading every weighted
 * layer's input second moment, pre, preNorm and post, plus its kernel and moving statistics.
 *
 * Cost is bounded twice. Memory: the batch runs in chunks of at most `chunk` examples (the
 * validation batch size, so a probe needs no more memory than validation). Download and
 * statistics: conv layers have examples × positions rows, so only the first
 * ⌊CONV_ROW_CAP / positions⌋ probe examples (at least 1) are downloaded for them; dense layers
 * use the whole probe batch. A layer input's E[x²] is always measured on the whole batch.
 */
import * as tf from '@tensorflow/tfjs'
import { forward } from '../model/forward'
import type { Model } from '../model/model'

/** Most rows (examples × positions) downloaded per conv layer per probe. */
export const CONV_ROW_CAP = 8192

/** One weighted layer's measured values; arrays are row-major [rows × units]. */
export interface CapturedLayer {
  rows: number
  /** E[x²] of the layer's input on the whole probe batch. */
  inputMeanSquare: number
  pre: Float32Array
  preNorm: Float32Array | null
  /** After the activation (softmax probabilities for the output layer). */
  post: Float32Array
  kernel: Float32Array
  movingMean: Float32Array | null
  movingVar: Float32Array | null
}

/** Examples of a probe batch of `n` that a layer with `positions` positions per example keeps. */
export function probeExamples(n: number, positions: number): number {
  return positions <= 1 ? n : Math.max(1, Math.min(n, Math.floor(CONV_ROW_CAP / positions)))
}

/** What one layer gathers over the chunks. */
interface Gathered {
  keep: number
  positions: number
  squares: number
  inputs: number
  pre: Float32Array[]
  preNorm: Float32Array[]
  post: Float32Array[]
}

/**
 * Runs the test-mode probe pass on `x` [n, h, w, c], `chunk` examples at a time. Does not
 * mutate the model; leaves no tensors.
 */
export function captureProbe(model: Model, x: tf.Tensor4D, chunk: number): CapturedLayer[] {
  const n = x.shape[0]
  const gathered = model.plan.layers.map((plan): Gathered => {
    const shape = plan.outputShape
    const positions = shape.length === 3 ? shape[0]! * shape[1]! : 1
    return {
      keep: probeExamples(n, positions),
      positions,
      squares: 0,
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
            g.squares += tf.sum(tf.square(t.input)).dataSync()[0]!
            g.inputs += t.input.size
            const take = Math.min(size, g.keep - start)
            if (take <= 0) return
            const rows = (v: tf.Tensor) => download(take < size ? tf.slice(v, 0, take) : v)
            g.pre.push(rows(t.pre))
            if (t.preNorm) g.preNorm.push(rows(t.preNorm))
            g.post.push(rows(index === last ? tf.softmax(t.post) : t.post))
          }
        }
      )
    })
  }
  return gathered.map((g, index) => captured(model, index, g))
}

function captured(model: Model, index: number, g: Gathered): CapturedLayer {
  const params = model.params[index]!
  const bn = params.batchNorm
  return {
    rows: g.keep * g.positions,
    inputMeanSquare: g.squares / g.inputs,
    pre: concat(g.pre),
    preNorm: bn ? concat(g.preNorm) : null,
    post: concat(g.post),
    kernel: download(params.kernel),
    movingMean: bn ? download(bn.movingMean) : null,
    movingVar: bn ? download(bn.movingVariance) : null
  }
}

function download(t: tf.Tensor): Float32Array {
  return Float32Array.from(t.dataSync() as Float32Array)
}

function concat(parts: Float32Array[]): Float32Array {
  if (parts.length === 1) return parts[0]!
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}
