/**
 * Identity and same-dtype Cast for the wasm backend without a copy. Stock wasm copies the whole
 * buffer for both, and tfjs clones (Identity) every tensor a gradient saves for the backward
 * pass, and casts ReLU's step mask float32→float32: a 64×28×28×32 activation is copied several
 * times per training step. wasm tensors are immutable (every kernel writes a fresh output, and
 * Reshape already shares data the same way), so the output can share the input's data with one
 * more reference, exactly as the cpu backend does.
 */
import * as tf from '@tensorflow/tfjs'
import { input } from './kernel-calls'
import { asWasmBackend } from '../tfjs-internals'

/** The input's data under one more reference, with `dtype`. The caller's tensor owns it. */
function shared(backend: unknown, x: tf.TensorInfo): tf.TensorInfo {
  asWasmBackend(backend).incRef(x.dataId)
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype }
}

/** Wraps the stock Identity kernel: shares numeric data, leaves strings to the stock kernel. */
export function sharedIdentity(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = input(args.inputs, 'x')
    return x.dtype === 'string' ? stock(args) : shared(args.backend, x)
  }
}

/** Wraps the stock Cast kernel: a cast to the dtype the tensor already has shares its data. */
export function sharedSameDtypeCast(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = input(args.inputs, 'x')
    const { dtype } = args.attrs as unknown as tf.CastAttrs
    return x.dtype === dtype && dtype !== 'string' ? shared(args.backend, x) : stock(args)
  }
}
