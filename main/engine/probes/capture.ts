/**
 * The probe's forward pass: test mode on the fixed probe batch, downloading every weighted
 * layer's input second moment, pre, preNorm and post, plus its kernel, bias and moving statistics.
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
  /** The bias vector; null with batch norm (its bias stays 0 and beta shifts instead). */
  bias: Float32Array | null
  movingMean: Float32Array | null
  movingVar: Float32Array | null
}

/** Examples of a probe batch of `n` that a layer with `positions` positions per example keeps. */
export function probeExamples(n: number, positions: number): number {
  return positions <= 1 ? n : Math.max(1, Math.min(n, Math.floor(CONV_ROW_CAP / positions)))
}

/** What one layer gathers over the chunks: kept tensors, read back once the pass is done. */
interface Gathered {
  keep: number
  positions: number
  squares: tf.Scalar[]
  inputs: number
  pre: tf.Tensor[]
  preNorm: tf.Tensor[]
  post: tf.Tensor[]
}

/**
 * Runs the test-mode probe pass on `x` [n, h, w, c], `chunk` examples at a time. Does not
 * mutate the model; leaves no tensors.
 */
export async function captureProbe(
  model: Model,
  x: tf.Tensor4D,
  chunk: number
): Promise<CapturedLayer[]> {
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
            g.squares.push(tf.keep(tf.sum(tf.square(t.input))))
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
  const out: CapturedLayer[] = []
  for (let index = 0; index < gathered.length; index++) {
    out.push(await captured(model, index, gathered[index]!))
  }
  return out
}

/** Reads back one layer's gathered tensors and disposes them. */
async function captured(model: Model, index: number, g: Gathered): Promise<CapturedLayer> {
  const params = model.params[index]!
  const bn = params.batchNorm
  let squares = 0
  for (const s of g.squares) squares += (await downloadAndDispose(s))[0]!
  return {
    rows: g.keep * g.positions,
    inputMeanSquare: squares / g.inputs,
    pre: concat(await downloadAll(g.pre)),
    preNorm: bn ? concat(await downloadAll(g.preNorm)) : null,
    post: concat(await downloadAll(g.post)),
    kernel: await download(params.kernel),
    bias: bn ? null : await download(params.bias),
    movingMean: bn ? await download(bn.movingMean) : null,
    movingVar: bn ? await download(bn.movingVariance) : null
  }
}

async function download(t: tf.Tensor): Promise<Float32Array> {
  return Float32Array.from((await t.data()) as Float32Array)
}

async function downloadAndDispose(t: tf.Tensor): Promise<Float32Array> {
  try {
    return await download(t)
  } finally {
    t.dispose()
  }
}

async function downloadAll(ts: tf.Tensor[]): Promise<Float32Array[]> {
  const out: Float32Array[] = []
  for (const t of ts) out.push(await downloadAndDispose(t))
  return out
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
