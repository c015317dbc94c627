/**
 * Calling the wasm backend's own kernels from inside a kernel. A kernel gets tensor infos, not
 * tensors: nothing here is taped or tracked, so every intermediate it makes must be released with
 * `backend.disposeData` by the caller. Shared by the training kernels in this folder.
 */
import * as tf from '@tensorflow/tfjs'
import type { WasmBackend } from '../tfjs-internals'

/** The kernel function registered for `kernelName` on 'wasm'; throws if there is none. */
export function wasmKernel(kernelName: string): tf.KernelFunc {
  const config = tf.getKernel(kernelName, 'wasm')
  if (config == null) {
    throw new Error(
      `The wasm backend has no '${kernelName}' kernel; is @tensorflow/tfjs-backend-wasm 4.22 installed?`
    )
  }
  return config.kernelFunc
}

/** The kernel input `name`; throws naming it when absent. */
export function input(inputs: tf.NamedTensorInfoMap, name: string): tf.TensorInfo {
  const info = inputs[name]
  if (info == null) throw new Error(`Kernel input '${name}' is missing.`)
  return info
}

/** Runs a single-output kernel on tensor infos. The caller owns (and disposes) the result. */
export function runKernel(
  kernel: tf.KernelFunc,
  backend: WasmBackend,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {}
): tf.TensorInfo {
  const out = kernel({ inputs, backend, attrs })
  if (Array.isArray(out)) throw new Error('Expected a single-output kernel.')
  return out
}

/** A float32 view of a tensor's bytes on the wasm heap. Valid only until the next allocation. */
export function heapFloats(backend: WasmBackend, info: tf.TensorInfo): Float32Array {
  const view = backend.typedArrayFromHeap(info)
  if (!(view instanceof Float32Array)) {
    throw new Error(`Expected a float32 tensor, got ${info.dtype}.`)
  }
  return view
}

/** heapFloats for several tensors at once, one view per tensor in order (a tuple stays a tuple). */
export function heapFloatsEach<T extends readonly [] | readonly tf.TensorInfo[]>(
  backend: WasmBackend,
  infos: T
): { -readonly [K in keyof T]: Float32Array } {
  return infos.map((info) => heapFloats(backend, info)) as {
    -readonly [K in keyof T]: Float32Array
  }
}

/** Reshapes without copying (the wasm Reshape kernel shares the data). Caller disposes. */
export function reshapeInfo(
  backend: WasmBackend,
  x: tf.TensorInfo,
  shape: number[]
): tf.TensorInfo {
  return runKernel(wasmKernel(tf.Reshape), backend, { x }, { shape })
}

/** Swaps the last two axes (a real copy, done in C++). Caller disposes. */
export function transposeLastTwo(backend: WasmBackend, x: tf.TensorInfo): tf.TensorInfo {
  const rank = x.shape.length
  const perm = [...Array(rank).keys()]
  perm[rank - 2] = rank - 1
  perm[rank - 1] = rank - 2
  return runKernel(wasmKernel(tf.Transpose), backend, { x }, { perm })
}
