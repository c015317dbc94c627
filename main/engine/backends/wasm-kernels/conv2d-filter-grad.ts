/**
 * Conv2DBackpropFilter for the wasm backend, which ships without it (so no CNN could train on
 * wasm). dW = colsᵀ · dY: the input patches are laid out once by im2col, already transposed
 * ([kh·kw·cin × batch·outH·outW], rows in the filter's own order), so one plain XNNPACK GEMM
 * with dY as [batch·outH·outW × cout] yields dW directly in tfjs layout [kh, kw, cin, cout].
 * The input is first made channel-major (a C++ transpose) so the im2col fill reads sequentially.
 * Large batches of large images are done in chunks of examples, so the patch matrix stays under
 * `maxPatchFloats` (64 MB by default) and partial dW are summed.
 * Handles strides, 'same'/'valid'/explicit padding; NHWC only (what tfjs-layers uses).
 */
import * as tf from '@tensorflow/tfjs'
import { heapFloats, input, reshapeInfo, runKernel, wasmKernel } from './kernel-calls'
import { onSharedMemory, unsharedFloats } from './unshared-scratch'
import { asWasmBackend, type WasmBackend } from '../tfjs-internals'

type ConvInfo = tf.backend_util.Conv2DInfo

/** A range of examples in the batch. */
interface Examples {
  start: number
  count: number
}

/** Filter tap (i, j), input channel c, and the output columns [owStart, owEnd) inside the image. */
interface Tap {
  i: number
  j: number
  c: number
  owStart: number
  owEnd: number
}

/** Writes one patch row per example from `start` in `cols`; returns the next offset. */
type FillPatchRow = (
  xByChannel: Float32Array,
  info: ConvInfo,
  cols: Float32Array,
  start: number,
  tap: Tap,
  examples: Examples
) => number

/**
 * Writes the transposed im2col matrix of `examples` into `cols` (kh·kw·cin rows of
 * count·outH·outW values).
 * `xByChannel` is the input channel-major, [cin, batch, h, w], so the innermost loop reads and
 * writes consecutive floats. Row (i, j, c) holds x[n, oh·sh + i − top, ow·sw + j − left, c] for
 * every (n, oh, ow), 0 where that falls in the padding. Mutates `cols` only.
 */
export function fillPatchColumns(
  xByChannel: Float32Array,
  info: ConvInfo,
  cols: Float32Array,
  examples: Examples = { start: 0, count: info.batchSize }
): void {
  const { filterHeight, filterWidth, inChannels, inWidth, outWidth, strideWidth: sw } = info
  const left = info.padInfo.left
  let at = 0
  for (let i = 0; i < filterHeight; i++) {
    for (let j = 0; j < filterWidth; j++) {
      // Output columns whose input column ow·sw + j − left lies inside the image.
      const owStart = Math.min(outWidth, Math.max(0, Math.ceil((left - j) / sw)))
      const owEnd = Math.max(
        owStart,
        Math.min(outWidth, Math.floor((inWidth - 1 + left - j) / sw) + 1)
      )
      const fill = rowPitchKept(info) ? fillPatchRowByBlocks : fillPatchRow
      for (let c = 0; c < inChannels; c++) {
        at = fill(xByChannel, info, cols, at, { i, j, c, owStart, owEnd }, examples)
      }
    }
  }
}

/** One row of fillPatchColumns, for filter tap (i, j) and input channel c; returns the next offset. */
const fillPatchRow: FillPatchRow = (xByChannel, info, cols, start, tap, examples) => {
  const {
    batchSize,
    inHeight,
    inWidth,
    outHeight,
    outWidth,
    strideHeight: sh,
    strideWidth: sw
  } = info
  const { top, left } = info.padInfo
  const { i, j, c, owStart, owEnd } = tap
  let at = start
  for (let n = examples.start; n < examples.start + examples.count; n++) {
    const image = (c * batchSize + n) * inHeight
    for (let oh = 0; oh < outHeight; oh++, at += outWidth) {
      const ih = oh * sh + i - top
      if (ih < 0 || ih >= inHeight) {
        cols.fill(0, at, at + outWidth)
        continue
      }
      const src = (image + ih) * inWidth + j - left
      for (let ow = 0; ow < owStart; ow++) cols[at + ow] = 0
      for (let ow = owStart; ow < owEnd; ow++) cols[at + ow] = xByChannel[src + ow * sw]!
      for (let ow = owEnd; ow < outWidth; ow++) cols[at + ow] = 0
    }
  }
  return at
}

/** Stride 1 with the output as wide as the input: a patch row is the image shifted, row pitch kept. */
function rowPitchKept(info: ConvInfo): boolean {
  return info.strideHeight === 1 && info.strideWidth === 1 && info.outWidth === info.inWidth
}

/**
 * fillPatchRow when rowPitchKept(info): a patch row is the input channel shifted by one offset,
 * so it is copied in one piece (per example when the output has other rows than the input);
 * then the rows and edge columns that fall in the padding are zeroed. One piece per row, not per
 * example, matters: on 7×7 maps a copy per example cost more than the GEMM that follows.
 */
const fillPatchRowByBlocks: FillPatchRow = (xByChannel, info, cols, start, tap, examples) => {
  const { batchSize, inHeight, outHeight, outWidth: width } = info
  const { i, j, c } = tap
  const shift = i - info.padInfo.top
  const [inSize, outSize] = [inHeight * width, outHeight * width]
  // Input index minus patch-row index, inside one example.
  const offset = shift * width + j - info.padInfo.left
  const first = (c * batchSize + examples.start) * inSize
  if (inSize === outSize) {
    copyClipped(xByChannel, first + offset, cols, start, examples.count * outSize)
  } else {
    for (let n = 0; n < examples.count; n++) {
      copyClipped(xByChannel, first + n * inSize + offset, cols, start + n * outSize, outSize)
    }
  }
  // Floats copied from outside an example's image (a neighbour's, or beyond the array) are in
  // its padding: every one of them is zeroed here.
  const ohStart = Math.min(outHeight, Math.max(0, -shift))
  const ohEnd = Math.max(ohStart, Math.min(outHeight, inHeight - shift))
  const end = start + examples.count * outSize
  if (ohStart > 0 || ohEnd < outHeight) {
    // Loops, not fill(): the spans are a row or two, and a call per span cost more than the copy.
    for (let at = start; at < end; at += outSize) {
      for (let k = at; k < at + ohStart * width; k++) cols[k] = 0
      for (let k = at + ohEnd * width; k < at + outSize; k++) cols[k] = 0
    }
  }
  if (tap.owStart > 0 || tap.owEnd < width) {
    for (let at = start; at < end; at += outSize) {
      for (let row = at + ohStart * width; row < at + ohEnd * width; row += width) {
        for (let ow = 0; ow < tap.owStart; ow++) cols[row + ow] = 0
        for (let ow = tap.owEnd; ow < width; ow++) cols[row + ow] = 0
      }
    }
  }
  return end
}

/** Copies `count` floats of `from` starting at `source` (clipped to the array) to `to` at `target`. */
function copyClipped(
  from: Float32Array,
  source: number,
  to: Float32Array,
  target: number,
  count: number
): void {
  const [lo, hi] = [Math.max(source, 0), Math.min(source + count, from.length)]
  if (hi > lo) to.set(from.subarray(lo, hi), target + lo - source)
}

/** Default bound on the patch matrix: 16 M floats (64 MB of wasm heap). */
export const MAX_PATCH_FLOATS = 1 << 24

/**
 * fillPatchColumns into `cols`, a view of the wasm heap, from `source` (unshared): on shared
 * memory the patches are laid out in an unshared array and copied in one piece
 * (unshared-scratch.ts says why).
 */
function fillPatchesInto(
  source: Float32Array,
  info: ConvInfo,
  cols: Float32Array,
  examples: Examples
): void {
  if (!onSharedMemory(cols)) {
    fillPatchColumns(source, info, cols, examples)
    return
  }
  const patches = unsharedFloats('conv-filter-grad patches', cols.length)
  fillPatchColumns(source, info, patches, examples)
  cols.set(patches)
}

/** dW of examples [start, start + count) as a [rows × cout] GEMM result. Caller disposes. */
function chunkGradient(
  wasm: WasmBackend,
  xByChannel: Float32Array,
  dy: tf.TensorInfo,
  info: ConvInfo,
  examples: Examples
): tf.TensorInfo {
  const rows = info.filterHeight * info.filterWidth * info.inChannels
  const perExample = info.outHeight * info.outWidth
  const positions = examples.count * perExample
  const cols = wasm.makeOutput([rows, positions], 'float32')
  // The whole batch needs no copy of dY, only a [positions × cout] view of it.
  const dyChunk =
    examples.count === info.batchSize
      ? reshapeInfo(wasm, dy, [positions, info.outChannels])
      : wasm.makeOutput([positions, info.outChannels], 'float32')
  // Views are taken after the last allocation: a heap growth detaches older views.
  if (dyChunk.dataId !== dy.dataId) {
    const from = examples.start * perExample * info.outChannels
    heapFloats(wasm, dyChunk).set(
      heapFloats(wasm, dy).subarray(from, from + positions * info.outChannels)
    )
  }
  fillPatchesInto(xByChannel, info, heapFloats(wasm, cols), examples)
  const plain = { transposeA: false, transposeB: false }
  const dw = runKernel(wasmKernel(tf.BatchMatMul), wasm, { a: cols, b: dyChunk }, plain)
  wasm.disposeData(cols.dataId)
  wasm.disposeData(dyChunk.dataId)
  return dw
}

/**
 * The Conv2DBackpropFilter kernel (inputs {x, dy}, attrs Conv2DBackpropFilterAttrs, returns dW
 * [kh, kw, cin, cout]) with patch matrices of at most `maxPatchFloats` floats.
 */
export function makeConv2dFilterGrad(maxPatchFloats = MAX_PATCH_FLOATS): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const [x, dy] = [input(inputs, 'x'), input(inputs, 'dy')]
    const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs
    if (a.dataFormat !== 'NHWC') {
      throw new Error(`Conv2D filter gradient on wasm needs NHWC data, got ${a.dataFormat}.`)
    }
    const xShape = x.shape as [number, number, number, number]
    const info = tf.backend_util.computeConv2DInfo(
      xShape,
      a.filterShape,
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode
    )
    const wasm = asWasmBackend(backend)
    const perExample =
      info.filterHeight * info.filterWidth * info.inChannels * info.outHeight * info.outWidth
    const chunk = Math.max(1, Math.floor(maxPatchFloats / perExample))
    const transposed = runKernel(wasmKernel(tf.Transpose), wasm, { x }, { perm: [3, 0, 1, 2] })
    // A copy off the heap, which no later allocation can detach (and unshared: see fillPatchesInto).
    const xByChannel = unsharedFloats(
      'conv-filter-grad input',
      tf.util.sizeFromShape(transposed.shape)
    )
    xByChannel.set(heapFloats(wasm, transposed))
    wasm.disposeData(transposed.dataId)
    let sum: tf.TensorInfo | null = null
    for (let start = 0; start < info.batchSize; start += chunk) {
      const count = Math.min(chunk, info.batchSize - start)
      const part = chunkGradient(wasm, xByChannel, dy, info, { start, count })
      if (sum == null) {
        sum = part
        continue
      }
      const next = runKernel(wasmKernel(tf.Add), wasm, { a: sum, b: part })
      wasm.disposeData(sum.dataId)
      wasm.disposeData(part.dataId)
      sum = next
    }
    if (sum == null) throw new Error('Conv2D filter gradient of an empty batch.')
    const dw = reshapeInfo(wasm, sum, [...a.filterShape])
    wasm.disposeData(sum.dataId)
    return dw
  }
}
